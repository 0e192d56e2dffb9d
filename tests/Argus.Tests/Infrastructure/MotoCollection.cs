namespace Argus.Tests.Infrastructure;

/// <summary>Tests that share one moto S3 server (started once, stopped at the end).</summary>
[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoServer>
{
    public const string Name = "moto";
}
