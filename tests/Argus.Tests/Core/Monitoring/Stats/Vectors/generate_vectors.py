#!/usr/bin/python3
"""Reference vectors for Argus.Core.Monitoring.Stats.

Run with /usr/bin/python3 (numpy 1.24.2, scipy 1.10.1, pandas 1.5.3):

    cd tests/Argus.Tests/Core/Monitoring/Stats/Vectors && /usr/bin/python3 generate_vectors.py

Every stat test below repeats Evidently's own code (evidently/legacy/calculations/stattests/*.py, 0.7.x) around the
same numpy/scipy calls, after the cleaning get_one_column_drift does (+-inf -> NaN, NaN dropped). The .NET tests read
the JSON files this writes; they never run Python.

Large samples are not stored: a sample written as {"seed": s, "n": n, "scale": a, "shift": b, "floor": f} is
u * a + b (floored when f) with u = np.random.RandomState(s).random_sample(n), which the tests regenerate with the
same MT19937 stream.

Permutation tests (TVD, empirical_mmd) depend on floating-point ties, so they are written twice where it matters:
"score" uses numpy exactly as Evidently does except that the kernel's exp is the platform libm exp (math.exp, which
.NET's Math.Exp also calls), "score_numpy_exp" uses np.exp, which on AVX-512 machines is Intel SVML and rounds some
values differently.
"""
import json
import math
import os
import platform
import sys
from collections import Counter

if os.environ.get("PYTHONHASHSEED") != "0":
    # Evidently iterates over Python sets of labels; fixing the string hash makes the written files reproducible.
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np
import pandas as pd
import scipy
from scipy import special, stats
from scipy.spatial import distance
from scipy.special import gammaln, kv

HERE = "."


# ----------------------------------------------------------------------------------------------------------------
# Evidently's stattests (legacy/calculations/stattests), repeated call for call.
# ----------------------------------------------------------------------------------------------------------------

def keys_of(r, c):
    return list(set(r.dropna().unique()) | set(c.dropna().unique()))


def get_binned_data(reference_data, current_data, feature_type, n, feel_zeroes=True):
    n_vals = reference_data.nunique()
    if feature_type == "num" and n_vals > 20:
        bins = np.histogram_bin_edges(pd.concat([reference_data, current_data], axis=0).values, bins="sturges")
        reference_percents = np.histogram(reference_data, bins)[0] / len(reference_data)
        current_percents = np.histogram(current_data, bins)[0] / len(current_data)
    else:
        keys = keys_of(reference_data, current_data)
        ref_feature_dict = {**dict.fromkeys(keys, 0), **dict(reference_data.value_counts())}
        current_feature_dict = {**dict.fromkeys(keys, 0), **dict(current_data.value_counts())}
        reference_percents = np.array([ref_feature_dict[key] / len(reference_data) for key in keys])
        current_percents = np.array([current_feature_dict[key] / len(current_data) for key in keys])
    if feel_zeroes:
        np.place(reference_percents, reference_percents == 0,
                 min(reference_percents[reference_percents != 0]) / 10**6
                 if min(reference_percents[reference_percents != 0]) <= 0.0001 else 0.0001)
        np.place(current_percents, current_percents == 0,
                 min(current_percents[current_percents != 0]) / 10**6
                 if min(current_percents[current_percents != 0]) <= 0.0001 else 0.0001)
    return reference_percents, current_percents


def ev_ks(r, c, t):
    return stats.ks_2samp(r, c)[1]


def ev_chisquare(r, c, t):
    keys = keys_of(r, c)
    rd = {**dict.fromkeys(keys, 0), **dict(r.value_counts())}
    cd = {**dict.fromkeys(keys, 0), **dict(c.value_counts())}
    k_norm = c.shape[0] / r.shape[0]
    f_exp = [rd[key] * k_norm for key in keys]
    f_obs = [cd[key] for key in keys]
    return stats.chisquare(f_obs, f_exp)[1]


def ev_z(r, c, t):
    if r.nunique() == 1 and c.nunique() == 1 and r.unique()[0] == c.unique()[0]:
        return 1
    keys = sorted(keys_of(r, c))
    ref = r.apply(lambda x, key=keys[0]: 0 if x == key else 1)
    cur = c.apply(lambda x, key=keys[0]: 0 if x == key else 1)
    n1, n2 = len(ref), len(cur)
    p1 = float(sum(ref)) / n1
    p2 = float(sum(cur)) / n2
    P = float(p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
    return 2 * (1 - stats.norm.cdf(np.abs(z)))


def ev_jensenshannon(r, c, t, kind):
    rp, cp = get_binned_data(r, c, kind, 30, False)
    return distance.jensenshannon(rp, cp, None)


def ev_kl_div(r, c, t, kind):
    rp, cp = get_binned_data(r, c, kind, 30)
    return stats.entropy(rp, cp)


def ev_psi(r, c, t, kind):
    rp, cp = get_binned_data(r, c, kind, 30)
    return np.sum((rp - cp) * np.log(rp / cp))


def ev_wasserstein(r, c, t):
    norm = max(np.std(r), 0.001)
    return stats.wasserstein_distance(r, c) / norm


def ev_anderson(r, c, t):
    return stats.anderson_ksamp([r.values, c.values])[2]


def _pval_cvm_2samp_exact(s, m, n):
    lcm = np.lcm(m, n)
    a = lcm // m
    b = lcm // n
    mn = m * n
    zeta = lcm**2 * (m + n) * (6 * s - mn * (4 * mn - 1)) // (6 * mn**2)
    zeta_bound = lcm**2 * (m + n)
    combinations = math.factorial(m + n) / (math.factorial(m) * math.factorial(n))
    max_gs = max(zeta_bound, combinations)
    dtype = np.min_scalar_type(max_gs)
    gs = [np.array([[0], [1]], dtype=dtype)] + [np.empty((2, 0), dtype=dtype) for _ in range(m)]
    for u in range(n + 1):
        next_gs = []
        tmp = np.empty((2, 0), dtype=dtype)
        for v, g in enumerate(gs):
            vi, i0, i1 = np.intersect1d(tmp[0], g[0], return_indices=True)
            tmp = np.concatenate([np.stack([vi, tmp[1, i0] + g[1, i1]]), np.delete(tmp, i0, 1), np.delete(g, i1, 1)], 1)
            tmp[0] += (a * v - b * u) ** 2
            next_gs.append(tmp)
        gs = next_gs
    value, freq = gs[m]
    return np.float64(np.sum(freq[value >= zeta]) / combinations)


def _cdf_cvm_inf(x):
    x = np.asarray(x)

    def term(x, k):
        u = np.exp(gammaln(k + 0.5) - gammaln(k + 1)) / (np.pi**1.5 * np.sqrt(x))
        y = 4 * k + 1
        q = y**2 / (16 * x)
        b = kv(0.25, q)
        return u * np.sqrt(y) * np.exp(-q) * b

    tot = np.zeros_like(x, dtype="float")
    cond = np.ones_like(x, dtype="bool")
    k = 0
    while np.any(cond):
        z = term(x[cond], k)
        tot[cond] = tot[cond] + z
        cond[cond] = np.abs(z) >= 1e-7
        k += 1
    return tot


def ev_cramer_von_mises(r, c, t):
    xa = np.sort(np.asarray(r.to_numpy()))
    ya = np.sort(np.asarray(c.to_numpy()))
    if xa.size <= 1 or ya.size <= 1:
        raise ValueError("x and y must contain at least two observations.")
    nx, ny = len(xa), len(ya)
    method = "asymptotic" if max(nx, ny) > 20 else "exact"
    z = np.concatenate([xa, ya])
    rk = stats.rankdata(z, method="average")
    rx, ry = rk[:nx], rk[nx:]
    u = nx * np.sum((rx - np.arange(1, nx + 1)) ** 2)
    u += ny * np.sum((ry - np.arange(1, ny + 1)) ** 2)
    k, N = nx * ny, nx + ny
    tt = u / (k * N) - (4 * k - 1) / (6 * N)
    if method == "exact":
        return _pval_cvm_2samp_exact(u, nx, ny)
    et = (1 + 1 / N) / 6
    vt = (N + 1.0) * (4 * k * N - 3 * (nx**2 + ny**2) - 2 * k)
    vt = vt / (45 * N**2 * 4 * k)
    tn = 1 / 6 + (tt - et) / np.sqrt(45 * vt)
    if tn < 0.003:
        return 1.0
    return max(0, 1.0 - _cdf_cvm_inf(tn))


def generate_fisher2x2_contingency_table(reference_data, current_data):
    if reference_data.shape[0] != current_data.shape[0]:
        raise ValueError("reference_data and current_data are not of equal length")
    unique_categories = set(reference_data.unique().tolist() + current_data.unique().tolist())
    if len(unique_categories) != 2:
        unique_categories.add("placeholder")
    mapping = dict(zip(list(unique_categories), [0, 1]))
    ref_data = reference_data.map(mapping).to_numpy()
    curr_data = current_data.map(mapping).to_numpy()
    zero_ref = ref_data.size - np.count_nonzero(ref_data)
    one_ref = np.count_nonzero(ref_data)
    zero_cur = curr_data.size - np.count_nonzero(curr_data)
    one_cur = np.count_nonzero(curr_data)
    return np.array([[one_cur, zero_cur], [one_ref, zero_ref]])


def ev_fisher_exact(r, c, t):
    if r.nunique() > 2 or c.nunique() > 2:
        raise ValueError("Expects binary data")
    if len(set(r.unique().tolist()) | set(c.unique().tolist())) > 2:
        raise ValueError("three categories in the union")
    return stats.fisher_exact(generate_fisher2x2_contingency_table(r, c))[1]


def ev_g_test(r, c, t):
    keys = keys_of(r, c)
    rd = {**dict.fromkeys(keys, 0), **dict(r.value_counts())}
    cd = {**dict.fromkeys(keys, 0), **dict(c.value_counts())}
    f_exp = [rd[key] for key in keys]
    f_obs = [cd[key] for key in keys]
    return stats.power_divergence(f_obs, f_exp, lambda_="log-likelihood")[1]


def ev_hellinger(r, c, t, kind):
    from collections import defaultdict
    r = r.dropna()
    c = c.dropna()
    keys = list((set(r.unique()) | set(c.unique())))
    if kind == "cat":
        dd = defaultdict(int)
        ref = (r.value_counts() / len(r)).to_dict(into=dd)
        cur = (c.value_counts() / len(c)).to_dict(into=dd)
        h = 0.0
        for key in keys:
            h += math.sqrt(ref[key] * cur[key])
    else:
        bins = np.histogram_bin_edges(keys, bins="sturges")
        h1 = np.histogram(r.to_numpy(), bins=bins, density=True)[0]
        h2 = np.histogram(c.to_numpy(), bins=bins, density=True)[0]
        bin_width = (max(bins) - min(bins)) / (len(bins) - 1)
        h = 0.0
        for i in range(len(h1)):
            h += math.sqrt(h1[i] * h2[i]) * bin_width
    h = np.clip(h, 0, 1)
    return math.sqrt(1 - h)


def ev_mannw(r, c, t):
    n1, n2 = len(r), len(c)
    exact = not (n1 > 8 and n2 > 8) and r.append(c).nunique() == n1 + n2
    if exact and max(n1, n2) > 500:
        # SciPy's exact recursion needs O(n1*n2*U) memory here and does not finish; the same distribution with exact
        # integers (Gaussian binomial coefficients) gives SciPy's answer.
        return _mwu_exact_less(r, c)
    return stats.mannwhitneyu(x=r, y=c, alternative="less")[1]


def _mwu_exact_less(r, c):
    from fractions import Fraction
    n1, n2 = len(r), len(c)
    ranks = stats.rankdata(np.concatenate([r, c]))
    u1 = int(round(ranks[:n1].sum() - n1 * (n1 + 1) / 2))
    m, n = min(n1, n2), max(n1, n2)
    coeff = [0] * (u1 + 1)
    coeff[0] = 1
    for i in range(1, m + 1):
        for d in range(i, u1 + 1):
            coeff[d] += coeff[d - i]
    for i in range(1, m + 1):
        shift = n + i
        for d in range(u1, shift - 1, -1):
            coeff[d] -= coeff[d - shift]
    return float(Fraction(sum(coeff), math.comb(m + n, m)))


def ev_ed(r, c, t):
    return stats.energy_distance(r, c)


def ev_es(r, c, t):
    if stats.iqr(np.hstack((r, c))) == 0:
        raise ValueError("IQR is zero")
    return stats.epps_singleton_2samp(r, c)[1]


def ev_t_test(r, c, t):
    return stats.ttest_ind(r, c)[1]


def _tvd(r, c):
    keys = keys_of(r, c)
    assert keys == sorted(keys), "TVD vectors need small integer labels, whose Python set order is ascending"
    rd = {**dict.fromkeys(keys, 0), **dict(r.value_counts())}
    cd = {**dict.fromkeys(keys, 0), **dict(c.value_counts())}
    ref = list(rd.values())
    cur = list(cd.values())
    return 0.5 * np.sum(np.abs(ref / sum(ref) - cur / sum(cur)))


def permutation_test(reference_data, current_data, observed, test_statistic_func, iterations=100):
    np.random.seed(0)
    hold = []
    for _ in range(iterations):
        combined = reference_data.tolist() + current_data.tolist()
        new_reference = np.random.choice(combined, len(reference_data), replace=False).tolist()
        new_current = list((Counter(combined) - Counter(new_reference)).elements())
        hold.append(test_statistic_func(pd.Series(new_reference), pd.Series(new_current)))
    return sum(observed <= abs(np.array(hold))) / len(hold)


def ev_tvd(r, c, t, iterations=1000):
    return permutation_test(r, c, _tvd(r, c), _tvd, iterations)


EXP = np.exp


def _rbf(x, y, pass_sigma):
    dist = y.T ** 2 - 2 * np.dot(x, y.T) + x ** 2
    sigma = (0.5 * np.percentile(a=dist.flatten(), q=50, method="nearest")) ** 0.5
    if sigma == 0:
        sigma = (0.5 * 1) ** 0.5
    if pass_sigma:
        sigma = pass_sigma
    gamma = 1.0 / (2.0 * sigma**2)
    return EXP(-gamma * dist), sigma


def _mmd_2samp(K, ny, permute=False):
    nx = K.shape[0] - ny
    if permute:
        index = np.random.permutation(K.shape[0])
        K = K[index][:, index]
    Kxx = K[:-ny, :-ny]
    Kyy = K[-ny:, -ny:]
    Kxy = K[-ny:, :-ny]
    A = 1 / (nx * (nx - 1))
    B = 1 / (ny * (ny - 1))
    return A * Kxx.sum() + B * Kyy.sum() - 2.0 * Kxy.mean()


def ev_empirical_mmd(r, c, t, exp=None):
    global EXP
    EXP = exp or np.vectorize(math.exp, otypes=[float])
    np.random.seed(0)  # Evidently's own tests seed the global generator before calling
    x = r.to_numpy().reshape(-1, 1)
    y = c.to_numpy().reshape(-1, 1)
    kxx, s = _rbf(x, x, None)
    kxy, _ = _rbf(x, y, s)
    kyy, _ = _rbf(y, y, s)
    K = np.concatenate((np.concatenate((kxx, kxy), axis=1), np.concatenate((kxy.T, kyy), axis=1)), axis=0)
    K = K - np.diag(np.diagonal(K))
    mmd = _mmd_2samp(K, y.shape[0])
    perm = np.array([_mmd_2samp(K, y.shape[0], permute=True) for _ in range(100)])
    EXP = np.exp
    return (mmd <= perm).mean()


NUM_TESTS = {
    "ks": ev_ks, "wasserstein": ev_wasserstein, "anderson": ev_anderson, "cramer_von_mises": ev_cramer_von_mises,
    "mannw": ev_mannw, "ed": ev_ed, "es": ev_es, "t_test": ev_t_test,
    "jensenshannon": lambda r, c, t: ev_jensenshannon(r, c, t, "num"),
    "kl_div": lambda r, c, t: ev_kl_div(r, c, t, "num"),
    "psi": lambda r, c, t: ev_psi(r, c, t, "num"),
    "hellinger": lambda r, c, t: ev_hellinger(r, c, t, "num"),
    "empirical_mmd": ev_empirical_mmd,
}

CAT_TESTS = {
    "chisquare": ev_chisquare, "z": ev_z, "fisher_exact": ev_fisher_exact, "g_test": ev_g_test, "TVD": ev_tvd,
    "jensenshannon": lambda r, c, t: ev_jensenshannon(r, c, t, "cat"),
    "kl_div": lambda r, c, t: ev_kl_div(r, c, t, "cat"),
    "psi": lambda r, c, t: ev_psi(r, c, t, "cat"),
    "hellinger": lambda r, c, t: ev_hellinger(r, c, t, "cat"),
}


# ----------------------------------------------------------------------------------------------------------------
# Samples
# ----------------------------------------------------------------------------------------------------------------

def generated(seed, n, scale=1.0, shift=0.0, floor=False):
    u = np.random.RandomState(seed).random_sample(n)
    v = u * scale + shift
    return np.floor(v) if floor else v


def sample_json(spec):
    if isinstance(spec, dict):
        return spec
    return [None if (isinstance(v, float) and math.isnan(v)) else (str(v) if isinstance(v, float) and math.isinf(v) else v)
            for v in spec]


def sample_values(spec):
    if isinstance(spec, dict):
        return generated(spec["seed"], spec["n"], spec.get("scale", 1.0), spec.get("shift", 0.0), spec.get("floor", False))
    return np.array(spec, dtype=float)


def clean(values):
    s = pd.Series(values, dtype=float).replace([np.inf, -np.inf], np.nan).dropna()
    return s.reset_index(drop=True)


def number(v):
    v = float(v)
    return None if math.isnan(v) else v


def rep(values, counts):
    return [v for v, k in zip(values, counts) for _ in range(k)]


A = rep(range(1, 7), [16, 18, 16, 14, 12, 12])
B = rep(range(1, 7), [16, 16, 16, 16, 16, 8])
B3 = rep(range(1, 7), [10, 10, 24, 24, 10, 10])
C8 = [38.7, 41.5, 43.8, 44.5, 45.5, 46.0, 47.7, 58.0]
D8 = [39.2, 39.3, 39.7, 41.4, 41.8, 42.9, 43.3, 45.8]


def g(seed, n, scale=1.0, shift=0.0, floor=False):
    return {"seed": seed, "n": n, "scale": scale, "shift": shift, "floor": floor}


def numeric_cases():
    cases = [
        ("A_vs_B", [float(v) for v in A], [float(v) for v in B]),
        ("A_vs_B3", [float(v) for v in A], [float(v) for v in B3]),
        ("C8_vs_D8", C8, D8),
        ("C8_vs_C8_plus_5", C8, [v + 5 for v in C8]),
        ("C8_vs_C8", C8, C8),
        ("0to99_vs_10to109", [float(v) for v in range(100)], [float(v) for v in range(10, 110)]),
        ("norm_rvs_seed0_vs_seed1", list(stats.norm.rvs(size=100, random_state=0)), list(stats.norm.rvs(size=100, random_state=1))),
        ("constant_equal", [1.0] * 12, [1.0] * 9),
        ("constant_different", [1.0] * 12, [2.0] * 9),
        ("binary_01", [0.0, 1.0] * 15 + [1.0] * 10, [0.0, 1.0] * 20),
        ("three_values", [1.0, 2.0, 3.0] * 10, [1.0, 2.0, 2.0, 3.0] * 8),
        ("with_nan_and_inf", [1.5, float("nan"), 2.5, float("inf"), 3.5, 4.5, -float("inf"), 5.5, 6.5, 7.5],
         [2.0, 3.0, float("nan"), 4.0, 5.0, 6.0, 7.0, 8.0]),
        ("negative_zero", [-0.0, 0.0, 1.0, 2.0, 3.0, -1.0], [0.0, 0.5, 1.5, -0.0, 2.5]),
    ]
    sizes = [(1, 1), (1, 5), (2, 2), (3, 4), (5, 5), (5, 7), (7, 30), (8, 8), (8, 9), (9, 9), (12, 15), (19, 20),
             (20, 20), (20, 21), (21, 21), (24, 26), (25, 25), (40, 33), (100, 100), (200, 150), (999, 1001),
             (1000, 1000), (1000, 1001)]
    for i, (n1, n2) in enumerate(sizes):
        cases.append((f"uniform_{n1}_{n2}", g(100 + i, n1), g(200 + i, n2, 1.1, 0.05)))
        cases.append((f"ties_{n1}_{n2}", g(300 + i, n1, 12.0, 0.0, True), g(400 + i, n2, 12.0, 0.5, True)))
    for i, (n1, n2) in enumerate([(3000, 3000), (10000, 10000), (10000, 9999), (9999, 10000), (10001, 10001),
                                 (10001, 9000), (10001, 3), (12000, 15000)]):
        cases.append((f"large_{n1}_{n2}", g(500 + i, n1), g(600 + i, n2, 1.0, 0.02)))
        cases.append((f"large_same_{n1}_{n2}", g(700 + i, n1), g(800 + i, n2)))
        cases.append((f"large_ties_{n1}_{n2}", g(900 + i, n1, 50.0, 0.0, True), g(1000 + i, n2, 50.0, 0.3, True)))
    return cases


def categorical_cases():
    return [
        ("A_vs_B", A, B),
        ("A_x2_vs_B", rep(range(1, 7), [32, 36, 32, 28, 24, 24]), B),
        ("A_vs_B3", A, B3),
        ("A_vs_all6", A, [6] * 88),
        ("A_vs_A", A, A),
        ("A_vs_counts_10_24_12_16_8_16", A, rep(range(1, 7), [10, 24, 12, 16, 8, 16])),
        ("ab_nan_x10", ["a", "b", None] * 10, ["a", "b", None] * 10),
        ("a_nan_vs_ab", ["a", None] * 10, ["a", "b"] * 10),
        ("abc_5_5_8_vs_4_6_8", rep("abc", [5, 5, 8]), rep("abc", [4, 6, 8])),
        ("fisher_abbaab_x15", ["a", "b", "b", "a", "a", "b"] * 15, ["b", "b", "a", "b", "b", "a"] * 15),
        ("fisher_a6_vs_b6", ["a"] * 6, ["b"] * 6),
        ("fisher_abbaab_vs_a6", ["a", "b", "b", "a", "a", "b"], ["a"] * 6),
        ("fisher_aaabb_x30", ["a", "a", "a", "b", "b"] * 30, ["b", "b", "b", "a", "a"] * 30),
        ("psi_322_vs_123", [3, 2, 2], [1, 2, 3]),
        ("unseen_123_vs_583", [1, 2, 3], [5, 8, 3]),
        ("z_30_70_vs_50_50", rep([0, 1], [30, 70]), rep([0, 1], [50, 50])),
        ("abc_60_30_10_vs_40_40_20", rep("abc", [60, 30, 10]), rep("abc", [40, 40, 20])),
        ("new_category", rep("ab", [50, 50]), rep("abc", [45, 45, 10])),
        ("constant_a50", ["a"] * 50, ["a"] * 50),
        ("constant_a_vs_b", ["a"] * 20, ["b"] * 30),
        ("binary_equal_sizes", rep([0, 1], [40, 60]), rep([0, 1], [55, 45])),
        ("binary_symmetric", rep([0, 1], [30, 30]), rep([0, 1], [36, 24])),
        ("ints_0to6", rep(range(7), [5, 9, 12, 7, 3, 8, 6]), rep(range(7), [7, 7, 9, 9, 5, 5, 8])),
        ("ints_unequal_drift", rep(range(5), [40, 30, 20, 10, 5]), rep(range(5), [10, 20, 30, 40, 50])),
        ("ints_large_tvd", rep(range(4), [300, 250, 250, 200]), rep(range(4), [260, 260, 240, 240])),
    ]


def run(func, r, c):
    import warnings
    try:
        with np.errstate(all="ignore"):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return {"score": number(func(r, c, None))}
    except Exception as e:  # noqa: BLE001 - the .NET side must raise too
        return {"error": f"{type(e).__name__}: {e}".splitlines()[0]}


def numeric_vectors():
    out = {name: [] for name in NUM_TESTS}
    out["z"] = []
    out["chisquare"] = []
    for case, rspec, cspec in numeric_cases():
        r = clean(sample_values(rspec))
        c = clean(sample_values(cspec))
        big = len(r) + len(c)
        for name, func in NUM_TESTS.items():
            if name == "empirical_mmd" and big > 1200:
                continue
            if name == "cramer_von_mises" and big > 40000:
                continue
            if name == "es" and r.nunique() == 1 and c.nunique() == 1:
                # Two constant sides: the covariance estimate is rounding noise of the platform's cos (SVML in numpy
                # here), so SciPy's p-value is an accident of that noise, not a reproducible number.
                continue
            entry = {"case": case, "reference": sample_json(rspec), "current": sample_json(cspec)}
            entry.update(run(func, r, c))
            if name == "empirical_mmd" and "score" in entry:
                entry["score_numpy_exp"] = number(ev_empirical_mmd(r, c, None, exp=np.exp))
            out[name].append(entry)
        # z and chisquare on a numerical column (Evidently's automatic choice for few distinct values).
        if r.nunique() <= 30 and c.nunique() <= 30 and len(r) and len(c):
            for name, func in (("z", ev_z), ("chisquare", ev_chisquare)):
                entry = {"case": case, "kind": "num", "reference": sample_json(rspec), "current": sample_json(cspec)}
                entry.update(run(func, r, c))
                out[name].append(entry)
    return out


def categorical_vectors(out):
    for case, ref, cur in categorical_cases():
        r = pd.Series(ref, dtype=object).dropna().reset_index(drop=True)
        c = pd.Series(cur, dtype=object).dropna().reset_index(drop=True)
        for name, func in CAT_TESTS.items():
            if name == "TVD" and not all(isinstance(v, int) and 0 <= v < 8 for v in ref + cur if v is not None):
                continue
            entry = {"case": case, "kind": "cat", "reference": ref, "current": cur}
            entry.update(run(func, r, c))
            out.setdefault(name, []).append(entry)


def kstwo_vectors():
    rows = []
    points = [(1, 0.3), (1, 0.7), (2, 0.2), (3, 0.4), (5, 0.05), (5, 0.15), (5, 0.3), (5, 0.6), (10, 0.1), (10, 0.25),
              (10, 0.5), (10, 0.95), (20, 0.1), (20, 0.3), (20, 0.45), (50, 0.08), (50, 0.2), (50, 0.35), (100, 0.05),
              (100, 0.08), (100, 0.12), (100, 0.25), (140, 0.07), (140, 0.2), (141, 0.05), (141, 0.13), (500, 0.02),
              (500, 0.04), (500, 0.07), (1000, 0.004), (1000, 0.02), (1000, 0.03), (1000, 0.06), (5000, 0.01),
              (5000, 0.02), (5000, 0.025), (20000, 0.003), (20000, 0.008), (20000, 0.012), (100000, 0.002),
              (100000, 0.004), (100001, 0.004), (200000, 0.001), (200000, 0.0035), (2000000, 0.0005),
              (2000000, 0.0012), (7000, 0.00007), (7000, 0.0001), (300, 0.998)]
    for n, x in points:
        rows.append({"n": n, "x": x, "sf": number(stats.kstwo.sf(x, n)), "smirnov": number(special.smirnov(n, x))})
    return rows


def fisher_tables():
    rows = []
    for table in ([[8, 2], [1, 5]], [[1, 9], [11, 3]], [[0, 5], [5, 0]], [[3, 3], [3, 3]], [[10, 20], [30, 40]],
                  [[100, 50], [70, 130]], [[5, 0], [0, 0]], [[2, 7], [8, 2]], [[40, 60], [55, 45]],
                  [[500, 480], [520, 500]], [[12, 5], [9, 7]], [[0, 10], [3, 7]]):
        rows.append({"table": table, "p": number(stats.fisher_exact(table)[1])})
    return rows


def random_state_vectors():
    rows = []
    for seed in (0, 1, 42, 2**32 - 1):
        np.random.seed(seed)
        rows.append({"seed": seed, "uint32": [int(v) for v in np.random.randint(0, 2**32, size=5, dtype=np.uint64)]})
    for seed in (0, 7, 123456):
        np.random.seed(seed)
        rows.append({"seed": seed, "permutation_10": np.random.permutation(10).tolist(),
                     "permutation_1000_head": np.random.permutation(1000)[:20].tolist()})
    np.random.seed([1, 2, 3])
    rows.append({"seed_array": [1, 2, 3], "permutation_10": np.random.permutation(10).tolist()})
    rs = np.random.RandomState(5)
    rows.append({"seed": 5, "random_sample": rs.random_sample(5).tolist()})
    return rows


def sum_vectors():
    rows = []
    rng = np.random.RandomState(11)
    for n in (1, 7, 8, 9, 127, 128, 129, 1000, 8192, 8193, 9000):
        v = rng.standard_normal(n) * np.exp(rng.standard_normal(n) * 8)
        rows.append({"values": v.tolist(), "sum": float(np.sum(v)), "mean": float(np.mean(v)), "var": float(np.var(v))})
    return rows


def main():
    out = numeric_vectors()
    categorical_vectors(out)
    meta = {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
            "pandas": pd.__version__, "machine": platform.machine()}
    for name, cases in out.items():
        with open(f"{HERE}/{name}.json", "w") as f:
            json.dump({"meta": meta, "stattest": name, "cases": cases}, f, separators=(",", ":"), allow_nan=False)
            f.write("\n")
    extras = {"kstwo": kstwo_vectors(), "fisher_tables": fisher_tables(), "random_state": random_state_vectors(),
              "numpy_sum": sum_vectors()}
    with open(f"{HERE}/internals.json", "w") as f:
        json.dump({"meta": meta, **extras}, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print("written:", ", ".join(sorted(out)), "+ internals", file=sys.stderr)


if __name__ == "__main__":
    main()
