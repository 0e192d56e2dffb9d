using Argus.Core.Errors;
using Argus.Core.Tracking.Http;
using Argus.Core.Tracking.Sql;
using Npgsql;

namespace Argus.Core.Tracking;

/// <summary>Opens the tracking store a URI names.</summary>
public static class TrackingStores
{
    /// <summary>
    /// <c>sqlite:///relative.db</c> or <c>sqlite:////absolute/path.db</c> (SQLAlchemy's form, as MLflow
    /// takes it), <c>postgresql://user:password@host:port/database</c>, or <c>http(s)://host:port</c>.
    /// </summary>
    public static async Task<ITrackingStore> OpenAsync(string uri, TrackingStoreOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TrackingStoreOptions();
        var scheme = SchemeOf(uri);
        switch (scheme)
        {
            case "sqlite":
                return await SqliteTrackingStore.OpenAsync(SqlitePath(uri), uri, options, cancellationToken).ConfigureAwait(false);
            case "postgresql" or "postgres" or "postgresql+psycopg2" or "postgresql+psycopg":
                return await PostgresTrackingStore.OpenAsync(PostgresConnectionString(uri), Redact(uri), options, cancellationToken).ConfigureAwait(false);
            case "http" or "https":
                return new HttpTrackingStore(new Uri(uri, UriKind.Absolute), options);
            default:
                throw ArgusException.InvalidParameter(
                    $"Unsupported tracking URI '{Redact(uri)}'. Use sqlite:///path.db, postgresql://user:password@host:port/database or http(s)://host:port.");
        }
    }

    /// <summary>
    /// Opens a database store (sqlite or postgresql URIs only). With <paramref name="initialize"/> false
    /// nothing is created or migrated, so <see cref="SqlTrackingStore.GetSchemaVersionAsync"/> reads the
    /// version as it is.
    /// </summary>
    internal static async Task<SqlTrackingStore> OpenDatabaseAsync(string uri, TrackingStoreOptions options, CancellationToken cancellationToken, bool initialize = true) =>
        SchemeOf(uri) switch
        {
            "sqlite" => await SqliteTrackingStore.OpenAsync(SqlitePath(uri), uri, options, cancellationToken, initialize).ConfigureAwait(false),
            "postgresql" or "postgres" or "postgresql+psycopg2" or "postgresql+psycopg" =>
                await PostgresTrackingStore.OpenAsync(PostgresConnectionString(uri), Redact(uri), options, cancellationToken, initialize).ConfigureAwait(false),
            _ => throw ArgusException.InvalidParameter($"'{Redact(uri)}' is not a database URI (sqlite:/// or postgresql://)."),
        };

    private static string SchemeOf(string uri)
    {
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || string.IsNullOrWhiteSpace(uri))
        {
            throw ArgusException.InvalidParameter(
                $"Tracking URI '{uri}' has no scheme. Use sqlite:///path.db, postgresql://user:password@host:port/database or http(s)://host:port.");
        }

        return uri[..colon].ToLowerInvariant();
    }

    /// <summary>The file path of a <c>sqlite:///</c> URI.</summary>
    public static string SqlitePathOf(string uri) => SqlitePath(uri);

    internal static string SqlitePath(string uri)
    {
        const string prefix = "sqlite:///";
        if (!uri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || uri.Length == prefix.Length)
        {
            throw ArgusException.InvalidParameter($"Invalid SQLite URI '{uri}': expected sqlite:///relative/path.db or sqlite:////absolute/path.db.");
        }

        var path = Uri.UnescapeDataString(uri[prefix.Length..]);
        var query = path.IndexOf('?', StringComparison.Ordinal);
        return query >= 0 ? path[..query] : path;
    }

    internal static string PostgresConnectionString(string uri)
    {
        var normalized = "postgresql" + uri[uri.IndexOf(':', StringComparison.Ordinal)..];
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host))
        {
            throw ArgusException.InvalidParameter($"Invalid PostgreSQL URI '{Redact(uri)}': expected postgresql://user:password@host:port/database.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = parsed.Host,
            Port = parsed.IsDefaultPort || parsed.Port <= 0 ? 5432 : parsed.Port,
            Database = Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/')),
        };
        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            var parts = parsed.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in parsed.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
            try
            {
                builder[key.Replace('_', ' ')] = value;
            }
            catch (ArgumentException e)
            {
                throw ArgusException.InvalidParameter($"Unsupported PostgreSQL URI option '{key}': {e.Message}");
            }
        }

        return builder.ConnectionString;
    }

    /// <summary>The URI with any password replaced by ***.</summary>
    public static string Redact(string uri)
    {
        var at = uri.IndexOf('@', StringComparison.Ordinal);
        var start = uri.IndexOf("://", StringComparison.Ordinal);
        if (at < 0 || start < 0 || at < start)
        {
            return uri;
        }

        var userInfo = uri[(start + 3)..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? uri : string.Concat(uri.AsSpan(0, start + 3 + colon + 1), "***", uri.AsSpan(at));
    }
}
