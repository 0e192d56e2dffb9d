using Argus.Core.Data;

namespace Argus.Tests.Core.Data;

internal static class DataFixtures
{
    // Fixtures are copied next to the test assembly (see the csproj), so they are found however the
    // build maps source paths (ContinuousIntegrationBuild rewrites them to /_/).
    public static string TipsPath => Path.Combine(AppContext.BaseDirectory, "Core", "Data", "Fixtures", "tips.csv");

    public static Table Read(string csv, ColumnMapping? mapping = null, string name = "test.csv") =>
        TableLoader.Read(new StringReader(csv), name, mapping);

    public static Table Tips(ColumnMapping? mapping = null) => TableLoader.Load(TipsPath, mapping);
}
