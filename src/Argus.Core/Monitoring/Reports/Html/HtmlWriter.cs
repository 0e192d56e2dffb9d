using System.Globalization;
using System.Net;
using System.Text;

namespace Argus.Core.Monitoring.Reports.Html;

/// <summary>
/// Writes HTML with every piece of data escaped: <see cref="Text"/> for data, <see cref="Markup"/> only for markup
/// written in code. Numbers are formatted in the invariant culture.
/// </summary>
public sealed class HtmlWriter
{
    private readonly StringBuilder _html = new();

    /// <summary>Escaped text (a column name, a label, a message).</summary>
    public HtmlWriter Text(string? text)
    {
        _html.Append(WebUtility.HtmlEncode(text ?? string.Empty));
        return this;
    }

    /// <summary>A number with up to <paramref name="digits"/> significant digits; NaN as an em dash.</summary>
    public HtmlWriter Number(double value, int digits = 4) => Text(Format(value, digits));

    /// <summary>Markup written in code, never data.</summary>
    public HtmlWriter Markup(string markup)
    {
        _html.Append(markup);
        return this;
    }

    /// <summary>An element with escaped text content and an optional class.</summary>
    public HtmlWriter Element(string tag, string? text, string? cssClass = null)
    {
        Open(tag, cssClass);
        Text(text);
        return Close(tag);
    }

    /// <summary>Opens an element with an optional class attribute (escaped).</summary>
    public HtmlWriter Open(string tag, string? cssClass = null, string? title = null)
    {
        _html.Append('<').Append(tag);
        if (cssClass is not null)
        {
            _html.Append(" class=\"").Append(WebUtility.HtmlEncode(cssClass)).Append('"');
        }

        if (title is not null)
        {
            _html.Append(" title=\"").Append(WebUtility.HtmlEncode(title)).Append('"');
        }

        _html.Append('>');
        return this;
    }

    /// <summary>Closes an element.</summary>
    public HtmlWriter Close(string tag)
    {
        _html.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>A table header row.</summary>
    public HtmlWriter HeaderRow(params string[] cells)
    {
        Open("tr");
        foreach (var cell in cells)
        {
            Element("th", cell);
        }

        return Close("tr");
    }

    /// <summary>What has been written.</summary>
    public override string ToString() => _html.ToString();

    /// <summary>A number as reports show it: up to <paramref name="digits"/> significant digits, NaN as an em dash, ±∞.</summary>
    public static string Format(double value, int digits = 4) => value switch
    {
        double.NaN => "—",
        double.PositiveInfinity => "∞",
        double.NegativeInfinity => "−∞",
        _ => value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
    };
}
