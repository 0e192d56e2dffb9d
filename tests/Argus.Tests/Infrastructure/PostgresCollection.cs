namespace Argus.Tests.Infrastructure;

/// <summary>Tests that share the throwaway PostgreSQL cluster.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
