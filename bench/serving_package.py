#!/usr/bin/python3
"""Helpers for bench/run_serving.sh (the serving benchmark, issue 4). Nothing here is timed.

  package  --model M --csv C --out DIR   an Argus model package from the serving peer's own model
           (shared/bench/peers/serving/model/tips_xgb.json): model.json (a byte copy), encoder.json
           (six numerical features, as TabularEncoder.ToJson writes them) and argus-model.json
           (ModelManifest: regression, target tip, dataset_digest = SHA-256 of the tips CSV).
           The peer's features are already integer-encoded, so every input is numerical: both servers
           evaluate the same trees on the same numbers.
  check    --url U --peers P --out FILE  POSTs the peer's body_1, body_5 and body_1000 to Argus and compares
           the predictions, as float32, with the peer's: pred5_python.json for the 5 rows, and for every
           body what the peer's Flask handler computes (pandas.DataFrame -> xgb.DMatrix -> Booster.predict on
           the same model, in process). Exit code 1 when any value differs.
  summarize --raw TSV --out MD           medians of the clean runs (the peers' summarize.py rule: the last
           REPS runs with bg_pct and steal_pct within BG_MAX/STEAL_MAX) per server and setting, the ratios
           against the issue-4 targets with a verdict each, and the inference log's cost.
"""
import argparse
import hashlib
import json
import os
import pathlib
import re
import shutil
import statistics
import sys
import urllib.request
from collections import defaultdict

FEATURES = ["total_bill", "sex", "smoker", "day", "time", "size"]


def package(a):
    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(a.model, out / "model.json")
    encoder = {"features": [{"name": f, "type": "numerical"} for f in FEATURES], "target": "tip", "task": "regression"}
    (out / "encoder.json").write_text(json.dumps(encoder, separators=(",", ":")))
    import xgboost
    manifest = {
        "format": 1,
        "flavor": "xgboost",
        "model_file": "model.json",
        "encoder_file": "encoder.json",
        "task": "regression",
        "target": "tip",
        "inputs": [{"name": f, "type": "numerical"} for f in FEATURES],
        "output": {"type": "double", "classes": None},
        "ignored_text_features": [],
        "dataset_digest": hashlib.sha256(pathlib.Path(a.csv).read_bytes()).hexdigest(),
        "best_iteration": 99,
        "metrics": {},
        "run_id": None,
        "created_timestamp": 0,
        "library_versions": {"xg_boost": xgboost.__version__, "argus": "bench"},
    }
    (out / "argus-model.json").write_text(json.dumps(manifest, indent=2))
    print(f"package written to {out}: model.json ({(out / 'model.json').stat().st_size} B, a copy of {a.model}), encoder.json, argus-model.json")


def post(url, body):
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())["predictions"]


def check(a):
    import numpy as np
    import pandas as pd
    import xgboost as xgb
    peers = pathlib.Path(a.peers)
    booster = xgb.Booster()
    booster.load_model(str(peers / "serving" / "model" / "tips_xgb.json"))
    lines, ok = [], True
    for name in ("body_1", "body_5", "body_1000"):
        body = (peers / "wrk" / f"{name}.json").read_bytes()
        argus = np.float32(post(a.url, body))
        split = json.loads(body)["dataframe_split"]
        # what the peer's app.py does for every request
        df = pd.DataFrame(data=split["data"], columns=split["columns"])[booster.feature_names]
        peer = booster.predict(xgb.DMatrix(df))
        equal = argus.shape == peer.shape and np.array_equal(argus, peer)
        diff = float(np.max(np.abs(argus - peer))) if argus.shape == peer.shape else float("inf")
        ok &= equal
        lines.append(f"{name}: {len(argus)} predictions, float32-equal to the peer's handler: {equal}, max abs diff {diff}")
        if name == "body_5":
            ref = np.float32(json.loads((peers / "serving" / "model" / "pred5_python.json").read_text()))
            same = np.array_equal(argus, ref)
            ok &= same
            lines.append(f"  argus          : {[str(v) for v in argus]}")
            lines.append(f"  pred5_python   : {[str(v) for v in ref]}")
            lines.append(f"  float32-equal to pred5_python.json: {same}")
    lines.append(f"all equal: {ok}")
    text = "\n".join(lines) + "\n"
    pathlib.Path(a.out).write_text(text)
    sys.stdout.write(text)
    sys.exit(0 if ok else 1)


# ---- summary ---------------------------------------------------------------------------------------

SERVERS = [
    ("argus-log", "Argus, inference log on"),
    ("argus-nolog", "Argus, --no-inference-log"),
    ("py-gunicorn-omp1", "Flask peer (gunicorn -w 2, OMP_NUM_THREADS=1)"),
    ("net-const", "bare Kestrel ceiling (constant answer)"),
    ("base-log", "baseline build (BASELINE), inference log on"),
    ("base-nolog", "baseline build (BASELINE), --no-inference-log"),
]


def load(paths, bg_max, steal_max, reps):
    rows = defaultdict(list)
    for path in paths:
        for line in open(path):
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 5:
                continue
            kv = {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", parts[4])}
            if "rps" not in kv:
                continue
            kv["clean"] = kv.get("bg_pct", 0) <= bg_max and kv.get("steal_pct", 0) <= steal_max
            rows[(parts[0], int(parts[1].split("=")[1]), int(parts[2].split("=")[1]))].append(kv)
    med = {}
    for key, allv in rows.items():
        v = [x for x in allv if x["clean"]][-reps:]
        flag = ""
        if len(v) < reps:
            dirty = sorted((x for x in allv if not x["clean"]), key=lambda x: x.get("bg_pct", 0) + x.get("steal_pct", 0))
            v = v + dirty[:reps - len(v)]
            flag = "*"
        m = {k: statistics.median(x[k] for x in v) for k in ("rps", "p50_us", "p99_us")}
        m.update(n=len(v), flag=flag, errors=int(sum(x.get("errors", 0) for x in v)), runs=[x["rps"] for x in v],
                 bg=max(x.get("bg_pct", 0) for x in v), steal=max(x.get("steal_pct", 0) for x in v))
        med[key] = m
    return med


def fmt_ms(us):
    ms = us / 1000
    return f"{ms:.2f}" if ms < 10 else f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def summarize(a):
    bg_max = float(os.environ.get("BG_MAX", 10))
    steal_max = float(os.environ.get("STEAL_MAX", 10))
    reps = int(os.environ.get("REPS", 3))
    med = load(a.raw, bg_max, steal_max, reps)
    bodies = sorted({k[1] for k in med})
    conns = sorted({k[2] for k in med})
    out = []
    out.append(f"Median of the last {reps} clean runs per cell (clean: bg_pct <= {bg_max:g} and steal_pct <= {steal_max:g}, % of one core); "
               "`*` = fewer clean runs, filled with the cleanest rejected ones. Cell: req/s (p50 / p99 ms).\n")
    head = "| server | " + " | ".join(f"{b} row{'s' if b > 1 else ''} c={c}" for b in bodies for c in conns) + " |"
    out.append(head)
    out.append("|---" * (1 + len(bodies) * len(conns)) + "|")
    present = {k[0] for k in med}
    for name, label in SERVERS:
        if name not in present:
            continue
        cells = []
        for b in bodies:
            for c in conns:
                m = med.get((name, b, c))
                cells.append("—" if m is None else f"{m['rps']:,.0f} ({fmt_ms(m['p50_us'])} / {fmt_ms(m['p99_us'])}){m['flag']}")
        out.append(f"| `{name}` ({label}) | " + " | ".join(cells) + " |")
    out.append("")
    errs = sum(m["errors"] for m in med.values())
    out.append(f"Errors (non-2xx, socket errors, timeouts) over the summarized runs: {errs}. "
               f"Worst bg_pct / steal_pct in a summarized run: {max(m['bg'] for m in med.values()):.1f} / {max(m['steal'] for m in med.values()):.1f}.\n")

    def get(name, b, c):
        return med.get((name, b, c))

    def ratio_row(target, argus_name, b, c, other, need, kind="rps"):
        m, o = get(argus_name, b, c), get(other, b, c)
        if m is None or o is None:
            return f"| {target} | {argus_name} | {b} | {c} | — | — | — | not measured |"
        if kind == "rps":
            r = m["rps"] / o["rps"]
            verdict = "pass" if r >= need else "miss"
            return f"| {target} | `{argus_name}` | {b} | {c} | {m['rps']:,.0f} vs {o['rps']:,.0f} | {r:.2f} | ≥ {need:g} | **{verdict}** |"
        r = m["p99_us"] / o["p99_us"]
        verdict = "pass" if r <= need else "miss"
        return f"| {target} | `{argus_name}` | {b} | {c} | {fmt_ms(m['p99_us'])} vs {fmt_ms(o['p99_us'])} ms | {r:.2f} | ≤ {need:g} | **{verdict}** |"

    out.append("| target | Argus server | rows | c | Argus vs other | ratio | needed | verdict |")
    out.append("|---|---|---|---|---|---|---|---|")
    for argus_name in ("argus-log", "argus-nolog"):
        for c in (16, 64):
            if c in conns and 1 in bodies:
                out.append(ratio_row("1 row: throughput vs Flask", argus_name, 1, c, "py-gunicorn-omp1", 20))
                out.append(ratio_row("1 row: throughput vs ceiling", argus_name, 1, c, "net-const", 0.5))
        for b in bodies:
            for c in conns:
                out.append(ratio_row("p99 vs ceiling's p99", argus_name, b, c, "net-const", 2, kind="p99"))
        if 1000 in bodies:
            for c in conns:
                out.append(ratio_row("1000 rows: throughput vs Flask", argus_name, 1000, c, "py-gunicorn-omp1", 5))
                out.append(ratio_row("1000 rows: throughput vs ceiling", argus_name, 1000, c, "net-const", 0.5))
    out.append("")
    out.append("Inference log cost (throughput with the log on vs off, same setting; target ≤ 10 % lower):\n")
    out.append("| rows | c | log on req/s | log off req/s | cost | verdict |")
    out.append("|---|---|---|---|---|---|")
    for b in bodies:
        for c in conns:
            on, off = get("argus-log", b, c), get("argus-nolog", b, c)
            if on and off:
                cost = 1 - on["rps"] / off["rps"]
                out.append(f"| {b} | {c} | {on['rps']:,.0f} | {off['rps']:,.0f} | {cost * 100:+.1f} % | **{'pass' if cost <= 0.10 else 'miss'}** |")
    if "base-log" in present or "base-nolog" in present:
        out.append("")
        out.append("This build against the baseline build (same run):\n")
        out.append("| rows | c | log | this build req/s (p99 ms) | baseline req/s (p99 ms) | throughput ratio |")
        out.append("|---|---|---|---|---|---|")
        for b in bodies:
            for c in conns:
                for mode in ("log", "nolog"):
                    new, old = get(f"argus-{mode}", b, c), get(f"base-{mode}", b, c)
                    if new and old:
                        out.append(f"| {b} | {c} | {'on' if mode == 'log' else 'off'} | {new['rps']:,.0f} ({fmt_ms(new['p99_us'])}) | "
                                   f"{old['rps']:,.0f} ({fmt_ms(old['p99_us'])}) | {new['rps'] / old['rps']:.2f} |")
    out.append("")
    out.append("Per-run req/s of the summarized runs:\n")
    out.append("| server | rows | c | req/s per run |")
    out.append("|---|---|---|---|")
    for name, _ in SERVERS:
        if name not in present:
            continue
        for b in bodies:
            for c in conns:
                m = get(name, b, c)
                if m:
                    out.append(f"| `{name}` | {b} | {c} | {' / '.join(f'{x:,.0f}' for x in m['runs'])} |")
    text = "\n".join(out) + "\n"
    pathlib.Path(a.out).write_text(text)
    sys.stdout.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("package")
    p.add_argument("--model", required=True)
    p.add_argument("--csv", required=True)
    p.add_argument("--out", required=True)
    c = sub.add_parser("check")
    c.add_argument("--url", required=True)
    c.add_argument("--peers", required=True)
    c.add_argument("--out", required=True)
    s = sub.add_parser("summarize")
    s.add_argument("--raw", nargs="+", required=True)
    s.add_argument("--out", required=True)
    a = ap.parse_args()
    {"package": package, "check": check, "summarize": summarize}[a.cmd](a)


if __name__ == "__main__":
    main()
