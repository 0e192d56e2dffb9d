using System.Data.Common;

namespace Argus.Core.Tracking.Sql;

/// <summary>
/// One write transaction on its own connection. Disposing without <see cref="CommitAsync"/> rolls
/// back, so an exception anywhere in a write leaves the database as it was.
/// </summary>
internal sealed class WriteScope : IAsyncDisposable
{
    private readonly IDisposable? _lease;
    private bool _completed;

    public WriteScope(DbConnection connection, DbTransaction transaction, IDisposable? lease)
    {
        Connection = connection;
        Transaction = transaction;
        _lease = lease;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await Transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_completed)
            {
                try
                {
                    await Transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (DbException)
                {
                    // A transaction the database already ended (broken connection) has nothing to roll back.
                }
                catch (InvalidOperationException)
                {
                    // Same, as some providers report it.
                }
            }

            await Transaction.DisposeAsync().ConfigureAwait(false);
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _lease?.Dispose();
        }
    }
}
