using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// Sorting for cleaned numeric columns (no NaN). Large arrays go through an LSD radix sort on the order-preserving
/// 64-bit image of each double: one pass builds all digit histograms, then one stable scatter per 11-bit digit
/// (six at most; a digit every key shares is skipped). Small arrays go through <see cref="Array.Sort{T}(T[])"/>.
/// Sorting is most of what the distance tests cost on millions of rows, and this makes it linear.
/// </summary>
internal static class NumericSort
{
    private const int RadixThreshold = 4096;
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Digits = (64 + DigitBits - 1) / DigitBits;
    private const ulong SignBit = 0x8000000000000000UL;

    /// <summary>A sorted copy of <paramref name="values"/> (which must hold no NaN).</summary>
    public static double[] SortedCopy(ReadOnlySpan<double> values)
    {
        var result = GC.AllocateUninitializedArray<double>(values.Length);
        SortInto(values, result);
        return result;
    }

    /// <summary>
    /// Writes <paramref name="values"/> (which must hold no NaN) in ascending order into the first values.Length
    /// places of <paramref name="result"/>.
    /// </summary>
    public static void SortInto(ReadOnlySpan<double> values, Span<double> result)
    {
        result = result[..values.Length];
        if (values.Length < RadixThreshold)
        {
            values.CopyTo(result);
            result.Sort();
            return;
        }

        var scratch = ArrayPool<ulong>.Shared.Rent(values.Length);
        try
        {
            RadixSort(values, result, scratch.AsSpan(0, values.Length));
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(scratch);
        }
    }

    // The keys live in the result's own memory, so the sort needs one scratch span besides it.
    private static void RadixSort(ReadOnlySpan<double> values, Span<double> result, Span<ulong> buffer)
    {
        var n = values.Length;
        var keys = MemoryMarshal.Cast<double, ulong>(result);
        var counts = new int[Digits * Buckets];
        ref var count0 = ref MemoryMarshal.GetArrayDataReference(counts);
        ref var key0 = ref MemoryMarshal.GetReference(keys);
        ref var value0 = ref MemoryMarshal.GetReference(values);
        for (var i = 0; i < n; i++)
        {
            var bits = (ulong)BitConverter.DoubleToInt64Bits(Unsafe.Add(ref value0, i));
            var key = (bits & SignBit) != 0 ? ~bits : bits | SignBit;
            Unsafe.Add(ref key0, i) = key;
            Unsafe.Add(ref count0, (int)(key & (Buckets - 1)))++;
            Unsafe.Add(ref count0, Buckets + (int)((key >> DigitBits) & (Buckets - 1)))++;
            Unsafe.Add(ref count0, (2 * Buckets) + (int)((key >> (2 * DigitBits)) & (Buckets - 1)))++;
            Unsafe.Add(ref count0, (3 * Buckets) + (int)((key >> (3 * DigitBits)) & (Buckets - 1)))++;
            Unsafe.Add(ref count0, (4 * Buckets) + (int)((key >> (4 * DigitBits)) & (Buckets - 1)))++;
            Unsafe.Add(ref count0, (5 * Buckets) + (int)(key >> (5 * DigitBits)))++;
        }

        var source = keys;
        Span<ulong> target = buffer;
        var offsets = new int[Buckets];
        for (var d = 0; d < Digits; d++)
        {
            var histogram = counts.AsSpan(d * Buckets, Buckets);
            var shift = d * DigitBits;
            if (histogram[(int)((source[0] >> shift) & (Buckets - 1))] == n)
            {
                continue;
            }

            var running = 0;
            for (var b = 0; b < Buckets; b++)
            {
                offsets[b] = running;
                running += histogram[b];
            }

            ref var offset0 = ref MemoryMarshal.GetArrayDataReference(offsets);
            ref var from = ref MemoryMarshal.GetReference(source);
            ref var to = ref MemoryMarshal.GetReference(target);
            for (var i = 0; i < n; i++)
            {
                var key = Unsafe.Add(ref from, i);
                ref var slot = ref Unsafe.Add(ref offset0, (int)((key >> shift) & (Buckets - 1)));
                Unsafe.Add(ref to, slot++) = key;
            }

            var swap = source;
            source = target;
            target = swap;
        }

        // Back from keys to doubles, in place when the sorted keys are already in the result's memory.
        ref var result0 = ref MemoryMarshal.GetReference(result);
        ref var sorted0 = ref MemoryMarshal.GetReference(source);
        for (var i = 0; i < n; i++)
        {
            var key = Unsafe.Add(ref sorted0, i);
            var bits = (key & SignBit) != 0 ? key & ~SignBit : ~key;
            Unsafe.Add(ref result0, i) = BitConverter.Int64BitsToDouble((long)bits);
        }
    }
}
