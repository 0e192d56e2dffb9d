#!/usr/bin/python3
"""Data and reference predictions for `Argus.Bench training` (bench/run_training.sh).

Imports make_data, PARAMS and ROUNDS from the training peer (shared/bench/peers/training/train_peer.py) by
path, so Argus trains on the very arrays the peer trains on, and writes them as raw little-endian float32:
  X_<n>.f32, y_<n>.f32   the peer's make_data(n) (seed 0), row-major n x 20
  pred_py_<n>.f32        predictions on X_<n> of a Python xgboost model trained with the peer's PARAMS, ROUNDS
  Xp.f32, predp_py.f32   the peer's prediction batch make_data(1_000_000, seed=1), and the last size's Python
                         model's inplace_predict on it (the peer times exactly this call)
Nothing here is timed. Usage: training_data.py --peer PATH --out DIR --rows 100000 1000000"""
import argparse
import importlib.util
import pathlib

import numpy as np
import xgboost as xgb


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--peer", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rows", type=int, nargs="+", required=True)
    a = ap.parse_args()
    spec = importlib.util.spec_from_file_location("train_peer", a.peer)
    peer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(peer)
    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    bst = None
    for n in a.rows:
        X, y = peer.make_data(n)
        np.ascontiguousarray(X, dtype="<f4").tofile(out / f"X_{n}.f32")
        np.ascontiguousarray(y, dtype="<f4").tofile(out / f"y_{n}.f32")
        bst = xgb.train(peer.PARAMS, xgb.DMatrix(X, label=y, nthread=2), num_boost_round=peer.ROUNDS)
        bst.save_model(str(out / f"py_model_{n}.json"))
        np.ascontiguousarray(bst.inplace_predict(X), dtype="<f4").tofile(out / f"pred_py_{n}.f32")
        print(f"wrote {n} x {X.shape[1]} rows, labels and Python reference predictions", flush=True)
    Xp, _ = peer.make_data(1_000_000, seed=1)
    np.ascontiguousarray(Xp, dtype="<f4").tofile(out / "Xp.f32")
    np.ascontiguousarray(bst.inplace_predict(Xp), dtype="<f4").tofile(out / "predp_py.f32")
    print(f"wrote the 1000000-row prediction batch and the {a.rows[-1]}-row model's predictions on it", flush=True)


if __name__ == "__main__":
    main()
