#!/usr/bin/python3
"""Reference vectors for Argus.Core.Monitoring.Performance, computed as Evidently computes them (its
regression_performance.py, RegressionDummyMetric and classification_performance.py logic, repeated here) with
scikit-learn 1.2 metrics.

Run from this folder with Debian's python3 and python3-sklearn (numpy 1.24, pandas 1.5, scikit-learn 1.2.1):
    apt-get install python3-sklearn && /usr/bin/python3 generate_performance_vectors.py
It rewrites performance_vectors.json. The test run reads only the JSON; Python is not needed to run the tests.
Non-finite numbers are written as the strings "NaN", "Infinity" and "-Infinity"; missing labels as null.
"""
import json
import os
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn import metrics
from sklearn.calibration import calibration_curve

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Quality", "Vectors"))
from vector_encoding import enc, enc_list  # noqa: E402  (shared with the quality generator)


EPS = np.finfo(np.float64).eps


# ---------------- regression (Evidently legacy regression_performance.py + RegressionDummyMetric) ----------------
def mape_constant(s):
    inv_y = 1.0 / s[s != 0].values
    w = inv_y / sum(inv_y)
    idxs = np.argsort(w)
    sorted_w = w[idxs]
    sorted_w_cumsum = np.cumsum(sorted_w)
    idx = np.where(sorted_w_cumsum > 0.5)[0][0]
    pos = idxs[idx]
    return s[s != 0].values[pos]


def regression_expected(target, prediction, num_feature, cat_feature, reference_target, denominator):
    df = pd.DataFrame({"target": target, "prediction": prediction, "num": num_feature, "cat": cat_feature})
    total = len(df)
    df.replace([np.inf, -np.inf], np.nan, inplace=True)
    df.dropna(axis=0, how="any", inplace=True, subset=["target", "prediction"])
    df = df.reset_index(drop=True)
    err = df["prediction"] - df["target"]
    abs_err = np.abs(err)
    if denominator == "evidently_maximum":
        ape = abs_err / np.maximum(df["target"], EPS)
    else:
        ape = abs_err / np.maximum(np.abs(df["target"]), EPS)
    t = df["target"]
    q_top = np.quantile(err, 0.05)
    q_other = np.quantile(err, 1 - 0.05)

    def group(mask):
        e = err[mask]
        return {"count": int(mask.sum()), "mean": enc(np.mean(e)), "std": enc(np.std(e, ddof=1))}

    # error bias (verbatim Evidently logic)
    ref_overal_value = np.mean(df["num"])
    ref_under_value = np.mean(df[err <= q_top]["num"])
    ref_over_value = np.mean(df[err >= q_other]["num"])
    rng = 0 if ref_over_value == ref_under_value else 100 * abs(ref_over_value - ref_under_value) / (np.max(df["num"]) - np.min(df["num"]))

    def stable_mode(series):
        vc = series.value_counts().reindex(pd.unique(series.to_numpy()))
        return vc.idxmax()

    cat_all = stable_mode(df["cat"])
    cat_under = stable_mode(df[err <= q_top]["cat"])
    cat_over = stable_mode(df[err >= q_other]["cat"])

    result = {
        "row_count": len(df),
        "dropped_row_count": total - len(df),
        "mean_error": enc(np.mean(err)),
        "error_std": enc(np.std(err, ddof=1)),
        "mean_abs_error": enc(np.mean(abs_err)),
        "abs_error_std": enc(np.std(abs_err, ddof=1)),
        "mape": enc(100.0 * np.mean(ape)),
        "mape_std": enc(100.0 * np.std(ape, ddof=1)),
        "rmse": enc(np.sqrt(metrics.mean_squared_error(t, df["prediction"]))),
        "r2": enc(metrics.r2_score(t, df["prediction"])),
        "abs_max_error": enc(abs_err.max()),
        "dummy_mae": enc(metrics.mean_absolute_error(t, [t.median()] * len(t))),
        "dummy_rmse": enc(np.sqrt(metrics.mean_squared_error(t, [t.mean()] * len(t)))),
        "dummy_mape": enc(metrics.mean_absolute_percentage_error(t, [mape_constant(t)] * len(t)) * 100),
        "dummy_abs_max_error": enc(np.abs(t - t.median()).max()),
        "top_error": {"low": enc(q_top), "high": enc(q_other), "under": group(err <= q_top),
                      "majority": group((err > q_top) & (err < q_other)), "over": group(err >= q_other)},
        "numeric_bias": {"all": enc(ref_overal_value), "under": enc(ref_under_value), "over": enc(ref_over_value), "range": enc(rng)},
        "categorical_bias": {"all": cat_all, "under": cat_under, "over": cat_over,
                             "differs": bool(cat_all != cat_under or cat_over != cat_all)},
    }
    if reference_target is not None:
        r = pd.Series(reference_target).replace([np.inf, -np.inf], np.nan).dropna()
        result["dummy_mae_by_reference"] = enc(metrics.mean_absolute_error(t, [r.median()] * len(t)))
        result["dummy_rmse_by_reference"] = enc(np.sqrt(metrics.mean_squared_error(t, [r.mean()] * len(t))))
        result["dummy_mape_by_reference"] = enc(metrics.mean_absolute_percentage_error(t, [mape_constant(r)] * len(t)) * 100)
        result["dummy_abs_max_error_by_reference"] = enc(np.abs(t - r.median()).max())
    return result


rs = np.random.RandomState(31)
n = 700
target = rs.normal(20, 8, n)
target[rs.rand(n) < 0.05] *= -1                      # negative targets exercise Evidently's MAPE quirk
prediction = target + rs.normal(0.5, 3, n) + 0.2 * np.abs(target - 20)
target[7] = np.nan
prediction[11] = np.inf
prediction[12] = np.nan
num_feature = np.round(rs.normal(0, 1, n) + 0.05 * (prediction - target), 2)
num_feature[rs.rand(n) < 0.05] = np.nan
cat_feature = np.array([["red", "green", "blue"][i] for i in rs.randint(0, 3, n)], dtype=object)
cat_feature[rs.rand(n) < 0.05] = np.nan
reference_target = rs.normal(21, 7, 300)

regression_out = []
for name, denominator in [("evidently_maximum", "evidently_maximum"), ("absolute", "absolute")]:
    regression_out.append({
        "name": name,
        "mape_denominator": denominator,
        "target": enc_list(target),
        "prediction": enc_list(prediction),
        "num_feature": enc_list(num_feature),
        "cat_feature": [None if pd.isnull(v) else v for v in cat_feature],
        "reference_target": enc_list(reference_target),
        "expected": regression_expected(target, prediction, num_feature, cat_feature, reference_target, denominator),
    })
const_t = np.full(20, 3.0)
regression_out.append({
    "name": "constant_target", "mape_denominator": "evidently_maximum",
    "target": enc_list(const_t), "prediction": enc_list(const_t + np.linspace(-1, 1, 20)),
    "num_feature": enc_list(np.arange(20.0)), "cat_feature": ["a"] * 20, "reference_target": None,
    "expected": regression_expected(const_t, const_t + np.linspace(-1, 1, 20), np.arange(20.0), np.array(["a"] * 20, dtype=object), None, "evidently_maximum"),
})


# ---------------- classification (Evidently calculate_metrics + sklearn 1.2) ----------------
def pr_table(binded):
    # Evidently's calculate_pr_table without the display rounding.
    result = []
    binded.sort(key=lambda item: item[1], reverse=True)
    data_size = len(binded)
    target_class_size = sum([x[0] for x in binded])
    offset = max(round(data_size * 0.05), 1)
    for step in np.arange(offset, data_size + offset, offset):
        count = min(step, data_size)
        prob = binded[min(step, data_size - 1)][1]
        top = 100.0 * min(step, data_size) / data_size
        tp = sum([x[0] for x in binded[: min(step, data_size)]])
        fp = count - tp
        precision = 100.0 * tp / count
        recall = 100.0 * tp / target_class_size
        result.append([top, int(count), prob, int(tp), int(fp), precision, recall])
    return result


def curves(y, p, bins):
    fpr, tpr, thr = metrics.roc_curve(y, p)
    prec, rec, pthr = metrics.precision_recall_curve(y, p)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=bins, strategy="uniform")
    edges = np.linspace(0.0, 1.0, bins + 1)
    binids = np.searchsorted(edges[1:-1], p)
    totals = np.bincount(binids, minlength=len(edges))
    counts = totals[totals != 0]
    ece = float(np.sum(counts / len(p) * np.abs(prob_true - prob_pred)))
    return {
        "roc_auc": enc(metrics.roc_auc_score(y, p)),
        "fpr": enc_list(fpr), "tpr": enc_list(tpr), "roc_thresholds": enc_list(thr),
        "precision": enc_list(prec), "recall": enc_list(rec), "pr_thresholds": enc_list(pthr),
        "pr_table": [[enc(v) for v in row] for row in pr_table(list(zip([bool(v) for v in y], [float(v) for v in p])))],
        "prob_true": enc_list(prob_true), "prob_pred": enc_list(prob_pred), "calibration_counts": [int(c) for c in counts],
        "ece": enc(ece),
        "brier": enc(metrics.brier_score_loss(y, p)),
    }


def per_label(y_true, y_pred, labels):
    p, r, f, s = metrics.precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    return [{"label": l, "precision": enc(p[i]), "recall": enc(r[i]), "f1": enc(f[i]), "support": int(s[i])} for i, l in enumerate(labels)]


def classification_expected(target, predictions, probas, columns, pos_label, bins=10):
    target = pd.Series(target, dtype=object)
    predictions = pd.Series(predictions, dtype=object)
    labels = sorted(set(target) | set(predictions) | (set(columns) if columns else set()))
    binary = len(labels) == 2
    cm = metrics.confusion_matrix(target, predictions, labels=labels)
    out = {
        "labels": labels,
        "is_binary": binary,
        "accuracy": enc(metrics.accuracy_score(target, predictions)),
        "confusion_matrix": cm.tolist(),
        "per_label": per_label(target, predictions, labels),
    }
    if binary:
        out["precision"] = enc(metrics.precision_score(target, predictions, pos_label=pos_label, zero_division=0))
        out["recall"] = enc(metrics.recall_score(target, predictions, pos_label=pos_label, zero_division=0))
        out["f1"] = enc(metrics.f1_score(target, predictions, pos_label=pos_label, zero_division=0))
        i = labels.index(pos_label)
        j = 1 - i
        tp, fn, fp, tn = cm[i, i], cm[i, j], cm[j, i], cm[j, j]
        with np.errstate(all="ignore"):
            out.update(tpr=enc(np.float64(tp) / (tp + fn)), tnr=enc(np.float64(tn) / (tn + fp)),
                       fpr=enc(np.float64(fp) / (fp + tn)), fnr=enc(np.float64(fn) / (fn + tp)))
    else:
        out["precision"] = enc(metrics.precision_score(target, predictions, average="macro", zero_division=0))
        out["recall"] = enc(metrics.recall_score(target, predictions, average="macro", zero_division=0))
        out["f1"] = enc(metrics.f1_score(target, predictions, average="macro", zero_division=0))
    if probas is not None:
        binarized = (target.astype(str).to_numpy().reshape(-1, 1) == list(map(str, columns))).astype(int)
        out["roc_auc"] = enc(metrics.roc_auc_score(binarized, probas, average="macro"))
        out["log_loss"] = enc(metrics.log_loss(binarized, probas))
        curve_labels = [pos_label] if binary else sorted(columns)
        out["curves"] = [dict(label=l, **curves(binarized[:, columns.index(l)], probas[:, columns.index(l)], bins)) for l in curve_labels]
        if binary:
            out["brier"] = out["curves"][0]["brier"]
            out["ece"] = out["curves"][0]["ece"]
        else:
            out["brier"] = enc(np.mean(np.sum((binarized - probas) ** 2, axis=1)))
            top = probas.argmax(axis=1)
            conf = probas[np.arange(len(top)), top]
            correct = (np.array(columns, dtype=object)[top] == target.to_numpy()).astype(float)
            edges = np.linspace(0.0, 1.0, bins + 1)
            ids = np.searchsorted(edges[1:-1], conf)
            tot = np.bincount(ids, minlength=bins)
            acc = np.bincount(ids, weights=correct, minlength=bins)
            cs = np.bincount(ids, weights=conf, minlength=bins)
            nz = tot > 0
            out["ece"] = enc(np.sum(tot[nz] / len(conf) * np.abs(acc[nz] / tot[nz] - cs[nz] / tot[nz])))
        out["per_label_roc_auc"] = {l: enc(metrics.roc_auc_score(binarized[:, columns.index(l)], probas[:, columns.index(l)])) for l in columns}
    return out


cs = np.random.RandomState(5)
classification_out = []

# binary, label predictions, string labels
m = 300
y = np.where(cs.rand(m) < 0.35, "yes", "no").astype(object)
pred = np.where(cs.rand(m) < 0.8, y, np.where(y == "yes", "no", "yes")).astype(object)
y[4] = None
pred[9] = None
keep = [i for i in range(m) if y[i] is not None and pred[i] is not None]
classification_out.append({
    "name": "binary_labels", "mode": "labels", "labels": ["no", "yes"], "positive_label": "yes",
    "target": list(y), "predicted": list(pred), "probabilities": None,
    "expected": dict(classification_expected(y[keep], pred[keep], None, None, "yes"), row_count=len(keep), dropped_row_count=m - len(keep)),
})

# binary, one probability column, ties (scores rounded to 2 places), threshold 0.5 with >=
m = 1000
y = (cs.rand(m) < 0.3).astype(int)
p = np.clip(np.round(0.3 + 0.35 * y + cs.normal(0, 0.2, m), 2), 0, 1)
p[10] = 0.5
yl = np.array([str(v) for v in y], dtype=object)
pred = np.where(p >= 0.5, "1", "0").astype(object)
probas = np.column_stack([p, 1.0 - p])       # Evidently's [pos_label, neg_label]
classification_out.append({
    "name": "binary_probabilities", "mode": "probabilities", "labels": ["0", "1"], "positive_label": "1",
    "target": list(yl), "predicted": None, "probabilities": [enc_list(p)],
    "expected": dict(classification_expected(yl, pred, probas, ["1", "0"], "1"), row_count=m, dropped_row_count=0),
})

# multiclass, one column per label, ties, a NaN row
m = 800
k_labels = ["cat", "dog", "bird", "fish"]
y_idx = cs.randint(0, 4, m)
raw = cs.dirichlet([1, 1, 1, 1], m) + 1.5 * np.eye(4)[y_idx] * cs.rand(m)[:, None]
pm = np.round(raw / raw.sum(axis=1, keepdims=True), 2)
pm = pm / pm.sum(axis=1, keepdims=True)
yl = np.array([k_labels[i] for i in y_idx], dtype=object)
pred = np.array([k_labels[i] for i in pm.argmax(axis=1)], dtype=object)
pm_with_nan = pm.copy()
pm_with_nan[3, 2] = np.nan
keep = [i for i in range(m) if i != 3]
classification_out.append({
    "name": "multiclass_probabilities", "mode": "probabilities", "labels": k_labels, "positive_label": "1",
    "target": list(yl), "predicted": None, "probabilities": [enc_list(pm_with_nan[:, c]) for c in range(4)],
    "expected": dict(classification_expected(yl[keep], pred[keep], pm[keep], k_labels, "1"), row_count=len(keep), dropped_row_count=1),
})

# multiclass, label predictions, a label seen only in predictions and one never seen
m = 400
labels5 = ["a", "b", "c", "d", "never"]
y = np.array([["a", "b", "c"][i] for i in cs.randint(0, 3, m)], dtype=object)
pred = np.where(cs.rand(m) < 0.6, y, np.array([["a", "b", "c", "d"][i] for i in cs.randint(0, 4, m)], dtype=object)).astype(object)
classification_out.append({
    "name": "multiclass_labels", "mode": "labels", "labels": labels5, "positive_label": "1",
    "target": list(y), "predicted": list(pred), "probabilities": None,
    "expected": dict(classification_expected(y, pred, None, None, "1"), row_count=m, dropped_row_count=0),
})

with open("performance_vectors.json", "w") as f:
    json.dump({
        "generator": "generate_performance_vectors.py (numpy %s, pandas %s, scikit-learn %s)" % (np.__version__, pd.__version__, sklearn.__version__),
        "regression": regression_out,
        "classification": classification_out,
    }, f, allow_nan=False)
print("wrote performance_vectors.json")
