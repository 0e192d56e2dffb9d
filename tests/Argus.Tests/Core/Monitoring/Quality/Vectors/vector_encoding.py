"""JSON encoding shared by the monitoring vector generators: non-finite numbers become the strings "NaN",
"Infinity" and "-Infinity" (JSON has no such numbers), None stays null."""
import numpy as np


def enc(v):
    if v is None:
        return None
    v = float(v)
    if np.isnan(v):
        return "NaN"
    if np.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def enc_list(values):
    return [enc(v) for v in values]
