#!/usr/bin/python3
"""Reference vectors for Argus.Core.Monitoring.Quality, computed with pandas/numpy/scipy exactly as Evidently calls them.

Run from this folder with Debian's python3 (numpy 1.24, scipy 1.10, pandas 1.5):
    /usr/bin/python3 generate_quality_vectors.py
It rewrites quality_vectors.json. The test run reads only the JSON; Python is not needed to run the tests.
Non-finite numbers are written as the strings "NaN", "Infinity" and "-Infinity"; missing categories as null.
"""
import json
from itertools import combinations

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency, kendalltau

from vector_encoding import enc, enc_list

rng = np.random.RandomState(20240601)


# ---- numeric column statistics (pandas describe / nunique / value_counts, numpy histogram) ----
def numeric_stats(values):
    s = pd.Series(values, dtype=float)
    n = len(s)
    d = s.describe()
    non_nan = s.dropna()
    counts = non_nan.value_counts()
    if len(counts):
        top = counts.max()
        most = min(v for v, c in counts.items() if c == top)  # ties: smallest value (Argus' documented rule)
    else:
        top, most = 0, float("nan")
    finite = s[np.isfinite(s)].to_numpy()
    hist_counts, hist_edges = (np.histogram(finite) if len(finite) else (np.array([]), np.array([])))
    return {
        "row_count": n,
        "count": int(s.count()),
        "missing_count": int(s.isnull().sum()),
        "missing_share": enc(s.isnull().sum() / n) if n else "NaN",
        "min": enc(d["min"]) if n else "NaN",
        "max": enc(d["max"]) if n else "NaN",
        "mean": enc(d["mean"]) if n else "NaN",
        "std": enc(d["std"]) if n else "NaN",
        "p25": enc(d["25%"]) if n else "NaN",
        "p50": enc(d["50%"]) if n else "NaN",
        "p75": enc(d["75%"]) if n else "NaN",
        "unique_count": int(s.nunique()),
        "infinite_count": int(np.isinf(s).sum()),
        "most_common_value": enc(most),
        "most_common_count": int(top),
        "histogram_edges": enc_list(hist_edges),
        "histogram_counts": [int(c) for c in hist_counts],
    }


numeric_cases = {
    "small_with_missing": [3.0, 1.0, 2.0, np.nan, 2.0, 10.5, -4.25, np.nan],
    "with_infinities": [1.0, 2.0, np.inf, np.nan, 5.0],
    "both_infinities": [1.0, -np.inf, np.inf, 4.0],
    "constant": [7.5] * 9,
    "single": [42.0],
    "all_missing": [np.nan, np.nan, np.nan],
    "signed_zeros": [0.0, -0.0, 0.0, 1.0, -1.0],
    "normal_1000": rng.normal(50, 12, 1000).tolist(),
    "rounded_ties_777": np.round(rng.exponential(3.0, 777), 1).tolist(),
    "large_offset": (1e9 + rng.uniform(0, 1, 500)).tolist(),
}
numeric_out = [{"name": k, "values": enc_list(v), "expected": numeric_stats(v)} for k, v in numeric_cases.items()]

# quantiles at other points and histograms with explicit ranges (numpy linear / np.histogram(range=...))
quantile_sets = {
    "q_unsorted": [5.0, 1.0, 4.0, 2.0, 3.0, 9.5, -1.0],
    "q_normal": rng.normal(0, 1, 101).tolist(),
}
quantile_out = []
for k, v in quantile_sets.items():
    qs = [0.0, 0.05, 0.1, 0.25, 0.333, 0.5, 0.75, 0.9, 0.95, 1.0]
    quantile_out.append({"name": k, "values": enc_list(v), "q": qs, "expected": enc_list(np.quantile(v, qs))})

hist_out = []
for k, (v, bins, rng_) in {
    "range_clips": ([0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 9.0, -1.0], 4, (0.0, 3.0)),
    "fifteen_bins": (rng.normal(0, 1, 300).tolist(), 15, None),
    "edge_values": ([0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], 10, None),
}.items():
    c, e = np.histogram(v, bins=bins, range=rng_)
    hist_out.append({"name": k, "values": enc_list(v), "bins": bins, "range": list(rng_) if rng_ else None,
                     "edges": enc_list(e), "counts": [int(x) for x in c]})


# ---- categorical column statistics ----
def cat_stats(values, reference):
    s = pd.Series(values, dtype=object)
    n = len(s)
    counts = s.value_counts()
    labels = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    out = {
        "row_count": n,
        "count": int(s.count()),
        "missing_count": int(s.isnull().sum()),
        "unique_count": int(s.nunique()),
        "labels": [[k, int(v)] for k, v in labels],
        "most_common_label": labels[0][0] if labels else None,
        "most_common_count": int(labels[0][1]) if labels else 0,
    }
    if reference is not None:
        cur = set(s.dropna())
        ref = set(pd.Series(reference, dtype=object).dropna())
        out["new_in_current"] = sorted(cur - ref)
        out["unused_in_current"] = sorted(ref - cur)
    return out


letters = ["a", "b", "c", "d", "e"]
cat_cases = {
    "basic": (["a", "b", "a", None, "c", "a", "b"], ["a", "b", "d"]),
    "ties_broken_by_label": (["z", "y", "y", "z", "x"], None),
    "all_missing": ([None, None], ["a"]),
    "random_500": ([letters[i] if i < 5 else None for i in rng.randint(0, 6, 500)],
                   [letters[i] for i in rng.randint(0, 4, 300)]),
}
cat_out = [{"name": k, "values": v, "reference": r, "expected": cat_stats(v, r)} for k, (v, r) in cat_cases.items()]


# ---- dataset-level counts (Evidently's data_integration.py, verbatim logic) ----
def almost_duplicated(dataset, threshold):
    result = 0
    all_rows = dataset.shape[0]
    checked = set()
    for c1 in dataset.columns:
        checked.add(c1)
        for c2 in dataset.columns:
            if c2 in checked:
                continue
            if dataset[c1].dtype.name != dataset[c2].dtype.name:
                continue
            score = dataset[c1].eq(dataset[c2]).sum() / all_rows
            if score >= threshold:
                result += 1
    return result


def almost_constant(dataset, threshold):
    result = 0
    if dataset.shape[0] <= 0:
        return 0
    for c in dataset.columns:
        score = dataset[c].value_counts().max() / dataset.shape[0]
        if score >= threshold:
            result += 1
    return result


def dataset_stats(df):
    return {
        "row_count": int(df.shape[0]),
        "column_count": int(df.shape[1]),
        "duplicated_row_count": int(df.duplicated().sum()),
        "duplicated_column_count": int(sum(1 for i, j in combinations(df, 2) if df[i].equals(df[j]))),
        "almost_duplicated_column_count": int(almost_duplicated(df, 0.95)),
        "constant_column_count": int(len(df.columns[df.nunique() <= 1])),
        "almost_constant_column_count": int(almost_constant(df, 0.95)),
        "empty_row_count": int(df.isna().all(1).sum()),
        "empty_column_count": int(df.isnull().all().sum()),
        "missing_value_count": int(df.isnull().sum().sum()),
    }


def make_dataset(n, seed):
    r = np.random.RandomState(seed)
    x = np.round(r.normal(0, 1, n), 1)
    x[r.rand(n) < 0.05] = np.nan
    y = x.copy()                       # duplicate of x
    z = x.copy()
    z[r.rand(n) < 0.03] = 99.0        # almost duplicate of x
    const = np.full(n, 3.0)
    almost = np.where(r.rand(n) < 0.97, 1.0, 2.0)
    empty = np.full(n, np.nan)
    cat = np.array([["u", "v", "w"][i] for i in r.randint(0, 3, n)], dtype=object)
    # Missing labels are NaN, as pandas.read_csv gives them. (With None instead, pandas 1.5's object eq() counts
    # None == None as equal and Evidently's almost-duplicated count changes; Argus never counts missing as equal.)
    cat[r.rand(n) < 0.05] = np.nan
    cat2 = cat.copy()                  # duplicate categorical
    df = pd.DataFrame({"x": x, "y": y, "z": z, "const": const, "almost": almost, "empty": empty,
                       "cat": cat, "cat2": cat2})
    # duplicated rows and fully empty rows
    df.iloc[5] = df.iloc[3]
    df.iloc[8] = df.iloc[3]
    df.iloc[10, :] = [np.nan] * 8
    df.iloc[11, :] = [np.nan] * 8
    return df


def df_to_columns(df):
    cols = []
    for c in df.columns:
        if df[c].dtype == object:
            cols.append({"name": c, "type": "categorical", "values": [None if pd.isnull(v) else v for v in df[c]]})
        else:
            cols.append({"name": c, "type": "numerical", "values": enc_list(df[c])})
    return cols


datasets_out = []
for name, df in {"mixed_400": make_dataset(400, 7), "mixed_60": make_dataset(60, 11)}.items():
    datasets_out.append({"name": name, "columns": df_to_columns(df), "expected": dataset_stats(df)})


# ---- correlations (pandas df.corr and Evidently's _cramer_v) ----
def cramer_v(x, y):
    arr = pd.crosstab(x, y).values
    if arr.size == 0:
        return float("nan")
    chi2_stat = chi2_contingency(arr, correction=False)
    phi2 = chi2_stat[0] / arr.sum()
    n_rows, n_cols = arr.shape
    if min(n_cols - 1, n_rows - 1) == 0:
        return float("nan")
    return float(np.sqrt(phi2 / min(n_cols - 1, n_rows - 1)))


def matrix(df, kind):
    m = df.corr(kind)
    return [enc_list(row) for row in m.to_numpy()]


n = 600
r = np.random.RandomState(99)
a = r.normal(0, 1, n)
b = 0.6 * a + r.normal(0, 0.8, n)
c = np.round(r.exponential(2, n))           # heavy ties
d = -0.3 * c + r.normal(0, 1, n)
a[r.rand(n) < 0.04] = np.nan
c[r.rand(n) < 0.04] = np.nan
d[3] = np.inf                                # pandas treats inf as missing in corr
e = np.full(n, 5.0)                          # constant: Evidently leaves it out (nunique <= 1)
num_df = pd.DataFrame({"a": a, "b": b, "c": c, "d": d})
cat1 = np.array([["p", "q", "r", "s"][i] for i in r.randint(0, 4, n)], dtype=object)
cat2 = np.array([["p", "q", "r", "s"][i] if r.rand() < 0.6 else ["k", "l", "m"][i % 3] for i in r.randint(0, 4, n)], dtype=object)
cat3 = np.array([["yes", "no"][i] for i in r.randint(0, 2, n)], dtype=object)
cat1[r.rand(n) < 0.05] = None
cat2[r.rand(n) < 0.05] = None
cat_df = pd.DataFrame({"k1": cat1, "k2": cat2, "k3": cat3})
corr_columns = df_to_columns(pd.concat([num_df, pd.DataFrame({"e": e}), cat_df], axis=1))
cramer = [[1.0 if i == j else cramer_v(cat_df.iloc[:, i], cat_df.iloc[:, j]) for j in range(3)] for i in range(3)]
correlations_out = {
    "columns": corr_columns,
    "numeric_columns": list(num_df.columns),
    "categorical_columns": list(cat_df.columns),
    "pearson": matrix(num_df, "pearson"),
    "spearman": matrix(num_df, "spearman"),
    "kendall": matrix(num_df, "kendall"),
    "cramer_v": [enc_list(row) for row in cramer],
}

# ---- Kendall tau-b against scipy on larger, tie-heavy pairs ----
kendall_out = []
for name, (x, y) in {
    "ties_2000": (r.randint(0, 7, 2000).astype(float), r.randint(0, 5, 2000).astype(float)),
    "continuous_3001": (r.normal(0, 1, 3001), r.normal(0, 1, 3001)),
    "correlated_ties_1500": (np.round(np.linspace(0, 10, 1500) + r.normal(0, 1, 1500)), np.round(np.linspace(0, 5, 1500))),
    "all_tied_x": (np.full(10, 1.0), np.arange(10.0)),
}.items():
    tau = kendalltau(x, y)[0]
    kendall_out.append({"name": name, "x": enc_list(x), "y": enc_list(y), "expected": enc(tau)})

# ---- Cramér's V on a table too wide for a dense count array (Argus sums the non-zero cells only) ----
wide_x = r.randint(0, 4500, 30000)
wide_y = (wide_x * 7 + r.randint(0, 4, 30000)) % 4000
wide_x = wide_x.astype(object)
wide_y = wide_y.astype(object)
cramer_wide = {"x": [str(v) for v in wide_x], "y": [str(v) for v in wide_y],
               "expected": enc(cramer_v(pd.Series(wide_x), pd.Series(wide_y)))}

with open("quality_vectors.json", "w") as f:
    json.dump({
        "generator": "generate_quality_vectors.py (numpy %s, pandas %s)" % (np.__version__, pd.__version__),
        "numeric": numeric_out,
        "quantiles": quantile_out,
        "histograms": hist_out,
        "categorical": cat_out,
        "datasets": datasets_out,
        "correlations": correlations_out,
        "kendall": kendall_out,
        "cramer_wide": cramer_wide,
    }, f, allow_nan=False)
print("wrote quality_vectors.json")
