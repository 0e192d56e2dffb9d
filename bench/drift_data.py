#!/usr/bin/python3
"""Helpers for bench/run_drift.sh (the drift benchmark, issue 5). Nothing here is timed.

  data    --peers DIR --n N --out DIR   writes ref_N.csv and cur_N.csv from the drift peer's own generate() (numpy's
          default_rng, seed 42): 10 float columns, 10 categorical as labels 'c07' (as the peer's csv_peer.py writes
          them), 2 binary 0/1. Kept if present.
  compare --peer JSON --argus JSON      the largest absolute difference per score kind between the peer's scores (the
          last line of drift_peer.py's output) and Argus's; prints one line per kind.
"""
import argparse, json, os, sys


def data(a):
    sys.path.insert(0, os.path.join(a.peers, "drift"))
    import numpy as np, pandas as pd
    from drift_peer import generate
    os.makedirs(a.out, exist_ok=True)
    paths = [os.path.join(a.out, f"{side}_{a.n}.csv") for side in ("ref", "cur")]
    if all(os.path.exists(p) for p in paths):
        return
    ref, cur = generate(a.n)
    for frame, path in zip((ref, cur), paths):
        df = pd.DataFrame({k: (np.char.add("c", np.char.zfill(v.astype(str), 2)) if k.startswith("cat") else v) for k, v in frame.items()})
        # repr-exact floats so Argus reads the very numbers the peer computes on
        df.to_csv(path + ".tmp", index=False, float_format="%.17g")
        os.replace(path + ".tmp", path)


def compare(a):
    peer = json.load(open(a.peer))
    argus = json.load(open(a.argus))
    worst = {}
    for column, values in peer.items():
        for kind, value in values.items():
            if kind == "ks_p":
                continue
            other = argus[column][kind]
            d = abs(other - value)
            if kind not in worst or d > worst[kind][0]:
                worst[kind] = (d, column, value, other)
    for kind, (d, column, value, other) in sorted(worst.items()):
        print(f"{kind}\tmax_abs_diff={d:.3g}\tcolumn={column}\tpeer={value!r}\targus={other!r}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("data"); d.add_argument("--peers", required=True); d.add_argument("--n", type=int, required=True); d.add_argument("--out", required=True)
    c = sub.add_parser("compare"); c.add_argument("--peer", required=True); c.add_argument("--argus", required=True)
    a = ap.parse_args()
    {"data": data, "compare": compare}[a.cmd](a)
