using System.Buffers;
using System.Globalization;

namespace Argus.Core.Telemetry;

/// <summary>
/// Writes samples in one of the two text formats: UTF-8 without BOM, LF line ends, one space between tokens, values
/// formatted as Go formats them, no timestamps.
/// </summary>
internal sealed class ExpositionWriter(IBufferWriter<byte> output, ExpositionFormat format)
{
    public ExpositionFormat Format { get; } = format;

    public void Family(ExpositionFamily family) =>
        Write(Format == ExpositionFormat.OpenMetrics ? family.OpenMetricsHeader : family.TextHeader);

    /// <summary>A counter or gauge sample; <paramref name="labels"/> is the escaped <c>a="x",b="y"</c> text, possibly empty.</summary>
    public void Sample(ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels, double value)
    {
        WriteName(name, labels);
        WriteValue(value);
    }

    /// <summary>
    /// One histogram series: cumulative buckets in increasing <c>le</c> order, <c>le="+Inf"</c> equal to <c>_count</c>,
    /// then <c>_sum</c> and <c>_count</c>. <paramref name="buckets"/> holds per-bucket (not cumulative) counts, the last
    /// one above every bound; <paramref name="le"/> the formatted bounds.
    /// </summary>
    public void Histogram(ExpositionFamily family, ReadOnlySpan<byte> labels, IReadOnlyList<byte[]> le, ReadOnlySpan<long> buckets, double sum)
    {
        long cumulative = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            cumulative += buckets[i];
            Write(family.BucketName);
            Write("{"u8);
            if (!labels.IsEmpty)
            {
                Write(labels);
                Write(","u8);
            }

            Write("le=\""u8);
            Write(i < le.Count ? le[i] : "+Inf"u8);
            Write("\"} "u8);
            WriteCount(cumulative);
        }

        WriteName(family.SumName, labels);
        WriteValue(sum);
        WriteName(family.CountName, labels);
        WriteCount(cumulative);
    }

    /// <summary>Ends the exposition (<c># EOF</c> in OpenMetrics).</summary>
    public void End()
    {
        if (Format == ExpositionFormat.OpenMetrics)
        {
            Write("# EOF\n"u8);
        }
    }

    /// <summary>An <c>le</c> bound as this format spells it.</summary>
    public static byte[] FormatBound(double bound, ExpositionFormat format)
    {
        Span<byte> buffer = stackalloc byte[GoFloat.MaxLength];
        var n = format == ExpositionFormat.OpenMetrics ? GoFloat.FormatOpenMetrics(bound, buffer) : GoFloat.Format(bound, buffer);
        return buffer[..n].ToArray();
    }

    private void WriteName(ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels)
    {
        Write(name);
        if (!labels.IsEmpty)
        {
            Write("{"u8);
            Write(labels);
            Write("}"u8);
        }

        Write(" "u8);
    }

    private void WriteValue(double value)
    {
        var span = output.GetSpan(GoFloat.MaxLength + 1);
        var n = Format == ExpositionFormat.OpenMetrics ? GoFloat.FormatOpenMetrics(value, span) : GoFloat.Format(value, span);
        span[n] = (byte)'\n';
        output.Advance(n + 1);
    }

    // Go's 0.0.4 writer turns counts into float64 (so 1000000 is 1e+06); its OpenMetrics writer writes them as integers.
    private void WriteCount(long count)
    {
        if (Format != ExpositionFormat.OpenMetrics)
        {
            WriteValue(count);
            return;
        }

        var span = output.GetSpan(21);
        count.TryFormat(span, out var n, default, CultureInfo.InvariantCulture);
        span[n] = (byte)'\n';
        output.Advance(n + 1);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        var span = output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        output.Advance(bytes.Length);
    }
}
