namespace Argus.Server.Hosting;

/// <summary>
/// A request's parsed JSON body, read once: the permission check reads the body to find the resource it names, and
/// the handler then gets the very same object, so both judge the same request and the body is parsed once.
/// </summary>
internal static class RequestBodies
{
    private static readonly object Key = new();

    /// <summary>The body as <typeparamref name="T"/>: parsed by <paramref name="read"/> the first time, from memory after.</summary>
    public static async Task<T> ReadOnceAsync<T>(HttpContext context, Func<HttpContext, Task<T>> read)
        where T : class
    {
        if (context.Items.TryGetValue(Key, out var parsed) && parsed is T body)
        {
            return body;
        }

        var value = await read(context).ConfigureAwait(false);
        context.Items[Key] = value;
        return value;
    }
}
