namespace Argus.Core.Monitoring.Stats;

/// <summary>
/// numpy's legacy global generator (<c>np.random.seed</c> / <c>RandomState</c>): MT19937 seeded as numpy's legacy
/// seeding does (an integer seed through <c>init_genrand</c>, an array seed through <c>init_by_array</c>), with the
/// bounded draws (<c>random_interval</c>: mask-and-reject on 32-bit outputs) and the Fisher–Yates shuffle that
/// <c>RandomState.shuffle</c>, <c>permutation</c> and <c>choice(replace=False)</c> use. Evidently's permutation
/// tests draw from this generator, so reproducing it draw for draw reproduces their p-values.
/// </summary>
internal sealed class LegacyRandomState
{
    private const int StateLength = 624;
    private const int Shift = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private readonly uint[] _state = new uint[StateLength];
    private int _position;

    /// <summary>Seeds as <c>np.random.seed(seed)</c> with an integer in [0, 2^32).</summary>
    public LegacyRandomState(uint seed)
    {
        InitGenrand(seed);
    }

    /// <summary>Seeds as <c>np.random.seed(key)</c> with an array of 32-bit words (<c>init_by_array</c>).</summary>
    public LegacyRandomState(ReadOnlySpan<uint> key)
    {
        InitGenrand(19650218U);
        var i = 1;
        var j = 0;
        var k = Math.Max(StateLength, key.Length);
        for (; k > 0; k--)
        {
            _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1664525U)) + key[j] + (uint)j;
            i++;
            j++;
            if (i >= StateLength)
            {
                _state[0] = _state[StateLength - 1];
                i = 1;
            }

            if (j >= key.Length)
            {
                j = 0;
            }
        }

        for (k = StateLength - 1; k > 0; k--)
        {
            _state[i] = (_state[i] ^ ((_state[i - 1] ^ (_state[i - 1] >> 30)) * 1566083941U)) - (uint)i;
            i++;
            if (i >= StateLength)
            {
                _state[0] = _state[StateLength - 1];
                i = 1;
            }
        }

        // numpy's init_by_array sets the first word so that the state is never all zero.
        _state[0] = 0x80000000U;
        _position = StateLength;
    }

    /// <summary>The next raw 32-bit output (<c>genrand_int32</c>).</summary>
    public uint NextUInt32()
    {
        if (_position >= StateLength)
        {
            Generate();
        }

        var y = _state[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits, as <c>RandomState.random_sample</c> draws it.</summary>
    public double NextDouble()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary>A uniform integer in [0, <paramref name="max"/>] as numpy's <c>random_interval</c> draws it.</summary>
    public long Interval(long max)
    {
        if (max == 0)
        {
            return 0;
        }

        var mask = (ulong)max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        ulong value;
        if ((ulong)max <= uint.MaxValue)
        {
            while ((value = NextUInt32() & mask) > (ulong)max)
            {
            }
        }
        else
        {
            while ((value = NextUInt64() & mask) > (ulong)max)
            {
            }
        }

        return (long)value;
    }

    /// <summary>Shuffles in place as <c>RandomState.shuffle</c> does for a 1-D array.</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = (int)Interval(i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>Fills <paramref name="destination"/> with <c>np.random.permutation(destination.Length)</c>.</summary>
    public void Permutation(Span<int> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = i;
        }

        Shuffle(destination);
    }

    private ulong NextUInt64()
    {
        ulong high = NextUInt32();
        return (high << 32) | NextUInt32();
    }

    private void InitGenrand(uint seed)
    {
        _state[0] = seed;
        for (var i = 1; i < StateLength; i++)
        {
            _state[i] = (1812433253U * (_state[i - 1] ^ (_state[i - 1] >> 30))) + (uint)i;
        }

        _position = StateLength;
    }

    private void Generate()
    {
        int k;
        uint y;
        for (k = 0; k < StateLength - Shift; k++)
        {
            y = (_state[k] & UpperMask) | (_state[k + 1] & LowerMask);
            _state[k] = _state[k + Shift] ^ (y >> 1) ^ ((y & 1U) == 0 ? 0U : MatrixA);
        }

        for (; k < StateLength - 1; k++)
        {
            y = (_state[k] & UpperMask) | (_state[k + 1] & LowerMask);
            _state[k] = _state[k + (Shift - StateLength)] ^ (y >> 1) ^ ((y & 1U) == 0 ? 0U : MatrixA);
        }

        y = (_state[StateLength - 1] & UpperMask) | (_state[0] & LowerMask);
        _state[StateLength - 1] = _state[Shift - 1] ^ (y >> 1) ^ ((y & 1U) == 0 ? 0U : MatrixA);
        _position = 0;
    }
}
