#!/usr/bin/python3
"""Peer of `Argus.Bench metrics-render`: Python's prometheus_client (Debian python3-prometheus-client) rendering the
same series — per N: half counter series (argus_bench_requests_total), a quarter gauge series (argus_bench_score_ratio),
a quarter histogram series with the same 15 buckets (argus_bench_duration_seconds), labels model (20 values) and item
(unique) — with generate_latest (text 0.0.4) and the OpenMetrics generate_latest. Warm-up one second, then --renders
timed renders; prints one line per size and format in the same shape as Argus's."""
import argparse, random, statistics, time, tracemalloc
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.openmetrics.exposition import generate_latest as generate_openmetrics

BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]


def populate(n):
    registry = CollectorRegistry()
    counter = Counter("argus_bench_requests", "Requests by model, route and status.", ["model", "item"], registry=registry)
    gauge = Gauge("argus_bench_score_ratio", "A score by model and feature.", ["model", "item"], registry=registry)
    histogram = Histogram("argus_bench_duration_seconds", "Latency by model and route.", ["model", "item"], buckets=BUCKETS, registry=registry)
    rnd = random.Random(1)
    for i in range(n):
        labels = (f"model-{i % 20}", f"item-{i}")
        kind = i % 4
        if kind in (0, 1):
            counter.labels(*labels).inc(rnd.randint(1, 999_999))
        elif kind == 2:
            gauge.labels(*labels).set(rnd.random())
        else:
            histogram.labels(*labels).observe(rnd.random())
    return registry


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--series", default="1000,10000")
    ap.add_argument("--renders", type=int, default=50)
    a = ap.parse_args()
    for n in [int(x) for x in a.series.split(",")]:
        registry = populate(n)
        for name, render in (("PrometheusText", generate_latest), ("OpenMetrics", generate_openmetrics)):
            start = time.perf_counter()
            while time.perf_counter() - start < 1.0:
                render(registry)
            times = []
            for _ in range(a.renders):
                t = time.perf_counter()
                out = render(registry)
                times.append((time.perf_counter() - t) * 1e3)
            tracemalloc.start()
            render(registry)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            times.sort()
            print(f"metrics-peer series={n} format={name} renders={a.renders} median_ms={statistics.median(times):.3f} "
                  f"min_ms={times[0]:.3f} max_ms={times[-1]:.3f} output_bytes={len(out)} peak_traced_bytes_per_render={peak}")


if __name__ == "__main__":
    main()
