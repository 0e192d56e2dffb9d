using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// Sorting for cleaned numeric columns (no NaN). Large arrays go through a most-significant-digit radix sort on the
/// order-preserving 64-bit image of each double. Each pass splits a segment on the highest bits in which its keys
/// differ (found with one AND/OR sweep), so a column of similar magnitudes is split by exponent and then by the top of
/// its mantissa in two passes, where a least-significant-digit sort needs six; a segment whose buckets all end small
/// is finished by one insertion sort over it, a segment of equal keys is not touched again. Small arrays go through
/// <see cref="MemoryExtensions.Sort{T}(Span{T})"/>. Sorting is most of what the distance tests cost on millions of rows.
/// </summary>
internal static class NumericSort
{
    private const int RadixThreshold = 4096;
    private const int MaxDigitBits = 11;
    private const int MinDigitBits = 4;
    private const int MaxBuckets = 1 << MaxDigitBits;

    // Each pass consumes at least MinDigitBits of the 64, so no segment is split more often than this.
    private const int MaxDepth = (64 / MinDigitBits) + 1;

    // Segments this small are insertion-sorted; a segment whose buckets are all this small is finished by one.
    private const int Small = 32;
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

        // The keys live in the result's own memory, so the sort needs one scratch span besides it.
        var n = values.Length;
        var keys = MemoryMarshal.Cast<double, ulong>(result);
        ref var key0 = ref MemoryMarshal.GetReference(keys);
        ref var value0 = ref MemoryMarshal.GetReference(values);
        ulong all = ulong.MaxValue, any = 0;
        for (var i = 0; i < n; i++)
        {
            var bits = (ulong)BitConverter.DoubleToInt64Bits(Unsafe.Add(ref value0, i));
            var key = (bits & SignBit) != 0 ? ~bits : bits | SignBit;
            Unsafe.Add(ref key0, i) = key;
            all &= key;
            any |= key;
        }

        var scratch = ArrayPool<ulong>.Shared.Rent(n);
        var counts = ArrayPool<int>.Shared.Rent(MaxDepth * MaxBuckets);
        try
        {
            Sort(keys, scratch.AsSpan(0, n), inResult: true, any ^ all, counts, 0);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(scratch);
            ArrayPool<int>.Shared.Return(counts);
        }

        // Back from keys to doubles, in place.
        for (var i = 0; i < n; i++)
        {
            var key = Unsafe.Add(ref key0, i);
            Unsafe.Add(ref key0, i) = (key & SignBit) != 0 ? key & ~SignBit : ~key;
        }
    }

    /// <summary>
    /// Sorts the keys in <paramref name="data"/>, leaving them in <paramref name="data"/> when
    /// <paramref name="inResult"/>, else in <paramref name="other"/> (the same places of the other buffer).
    /// <paramref name="differing"/> has a bit set wherever two keys of the segment may differ.
    /// </summary>
    private static void Sort(Span<ulong> data, Span<ulong> other, bool inResult, ulong differing, int[] counts, int depth)
    {
        var n = data.Length;
        if (n <= Small || differing == 0)
        {
            if (differing != 0)
            {
                Insertion(data);
            }

            if (!inResult)
            {
                data.CopyTo(other);
            }

            return;
        }

        // The digit: the highest differing bit and the bits below it, as many as the segment's size calls for.
        var digitBits = Math.Clamp(32 - BitOperations.LeadingZeroCount((uint)n), MinDigitBits, MaxDigitBits);
        var shift = Math.Max(0, 63 - BitOperations.LeadingZeroCount(differing) - (digitBits - 1));
        var buckets = 1 << digitBits;
        var digitMask = (ulong)(buckets - 1);
        var histogram = counts.AsSpan(depth * MaxBuckets, buckets);
        histogram.Clear();
        ref var count0 = ref MemoryMarshal.GetReference(histogram);
        ref var from = ref MemoryMarshal.GetReference(data);
        for (var i = 0; i < n; i++)
        {
            Unsafe.Add(ref count0, (int)((Unsafe.Add(ref from, i) >> shift) & digitMask))++;
        }

        var running = 0;
        var largest = 0;
        for (var b = 0; b < buckets; b++)
        {
            var count = Unsafe.Add(ref count0, b);
            largest = Math.Max(largest, count);
            Unsafe.Add(ref count0, b) = running;
            running += count;
        }

        // Scatter into the other buffer; afterwards each histogram entry is its bucket's end.
        ref var to = ref MemoryMarshal.GetReference(other);
        for (var i = 0; i < n; i++)
        {
            var key = Unsafe.Add(ref from, i);
            ref var slot = ref Unsafe.Add(ref count0, (int)((key >> shift) & digitMask));
            Unsafe.Add(ref to, slot++) = key;
        }

        if (shift == 0 || largest <= Small)
        {
            // The last digit leaves equal keys together; small buckets leave only moves within them, which one
            // insertion sort over the nearly sorted segment makes.
            if (shift != 0)
            {
                Insertion(other);
            }

            if (inResult)
            {
                other.CopyTo(data);
            }

            return;
        }

        var below = (1UL << shift) - 1;
        var start = 0;
        for (var b = 0; b < buckets; b++)
        {
            var end = histogram[b];
            var length = end - start;
            if (length > 0)
            {
                var segment = other.Slice(start, length);
                Sort(segment, data.Slice(start, length), !inResult, length > Small ? Differing(segment) & below : below, counts, depth + 1);
            }

            start = end;
        }
    }

    // The bits in which some two keys differ: (OR of all) XOR (AND of all).
    private static ulong Differing(ReadOnlySpan<ulong> keys)
    {
        ulong all = ulong.MaxValue, any = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && keys.Length >= 2 * Vector256<ulong>.Count)
        {
            var allV = Vector256<ulong>.AllBitsSet;
            var anyV = Vector256<ulong>.Zero;
            for (; i <= keys.Length - Vector256<ulong>.Count; i += Vector256<ulong>.Count)
            {
                var v = Vector256.Create(keys.Slice(i, Vector256<ulong>.Count));
                allV &= v;
                anyV |= v;
            }

            for (var k = 0; k < Vector256<ulong>.Count; k++)
            {
                all &= allV[k];
                any |= anyV[k];
            }
        }

        for (; i < keys.Length; i++)
        {
            all &= keys[i];
            any |= keys[i];
        }

        return any ^ all;
    }

    private static void Insertion(Span<ulong> keys)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            var key = keys[i];
            var j = i - 1;
            while (j >= 0 && keys[j] > key)
            {
                keys[j + 1] = keys[j];
                j--;
            }

            keys[j + 1] = key;
        }
    }
}
