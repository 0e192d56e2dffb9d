namespace Argus.Core.Monitoring.Suites;

/// <summary>
/// Counts per status. The suite <see cref="Passed"/> when no test failed or errored (warnings are allowed).
/// </summary>
public sealed record TestSuiteSummary(int Total, int Success, int Fail, int Warning, int Error)
{
    public bool Passed => Fail == 0 && Error == 0;
}
