namespace Argus.Tests.Server.Ui;

/// <summary>A server started for one <see cref="ModelsUiTests"/> test and the two runs its model versions came from.</summary>
public sealed class RegistryUiServer(ServerFixture server, string run1, string run2) : IAsyncDisposable
{
    public ServerFixture Server => server;

    public string Run1 => run1;

    public string Run2 => run2;

    public async ValueTask DisposeAsync() => await server.DisposeAsync();
}
