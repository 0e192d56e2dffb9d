namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// A walk over two ascending samples, one distinct value at a time: after each <see cref="MoveNext"/>,
/// <see cref="Value"/> is the next distinct value of the pooled data, [StartA, EndA) and [StartB, EndB) are its
/// positions in each sample, and StartA + StartB pooled values lie below it. The ranks, ECDFs and tie counts of the
/// rank and distance tests all come from this one walk.
/// </summary>
internal ref struct TieGroups(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
{
    private readonly ReadOnlySpan<double> _a = a;
    private readonly ReadOnlySpan<double> _b = b;

    public double Value { get; private set; }

    public int StartA { get; private set; }

    public int EndA { get; private set; }

    public int StartB { get; private set; }

    public int EndB { get; private set; }

    /// <summary>The number of pooled values equal to <see cref="Value"/>.</summary>
    public readonly int Ties => EndA - StartA + EndB - StartB;

    /// <summary>The number of pooled values below <see cref="Value"/>.</summary>
    public readonly int Below => StartA + StartB;

    public bool MoveNext()
    {
        int i = EndA, j = EndB;
        if (i >= _a.Length && j >= _b.Length)
        {
            return false;
        }

        var v = j >= _b.Length || (i < _a.Length && _a[i] <= _b[j]) ? _a[i] : _b[j];
        StartA = i;
        StartB = j;
        while (i < _a.Length && _a[i] == v)
        {
            i++;
        }

        while (j < _b.Length && _b[j] == v)
        {
            j++;
        }

        Value = v;
        EndA = i;
        EndB = j;
        return true;
    }
}
