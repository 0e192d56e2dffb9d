namespace Argus.Core.Tracking.Sql;

/// <summary>
/// Collects the values of a statement under generated names (<c>@p0</c>, <c>@p1</c>…), so that SQL
/// text is built only from fixed fragments and user values are always parameters.
/// </summary>
internal sealed class SqlParameters
{
    private readonly List<KeyValuePair<string, object?>> _values = [];

    public IReadOnlyList<KeyValuePair<string, object?>> Values => _values;

    /// <summary>Adds a value and returns its placeholder, e.g. <c>@p3</c>.</summary>
    public string Add(object? value)
    {
        var name = "@p" + _values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _values.Add(new(name, value));
        return name;
    }

    /// <summary>Binds every collected value to a command.</summary>
    public void BindTo(System.Data.Common.DbCommand command)
    {
        foreach (var (name, value) in _values)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
    }
}
