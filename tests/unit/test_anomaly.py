"""The robust anomaly band on synthetic data with known anomalies: a daily sine with
Gaussian noise, spikes injected at random places. Reports precision and recall, and the
false-positive rate on the same data without spikes (printed with -s; the thresholds below
are what the method must keep)."""

from __future__ import annotations

import math
import random
from datetime import timedelta

from alerttui.domain.anomaly import robust_band

MINUTES = 3 * 24 * 60  # three days at one point a minute


def seasonal(seed: int) -> list[tuple[float, float]]:
    rng = random.Random(seed)
    return [(i * 60.0, 100 + 20 * math.sin(2 * math.pi * i / 1440) + rng.gauss(0, 1)) for i in range(MINUTES)]


def inject(points: list[tuple[float, float]], seed: int) -> tuple[list[tuple[float, float]], set[int]]:
    rng = random.Random(seed)
    out = list(points)
    truth: set[int] = set()
    for _ in range(40):
        start = rng.randrange(60, len(points) - 5)
        length = rng.choice((1, 1, 2, 3))
        size = rng.choice((-1, 1)) * rng.uniform(8, 15)  # 8 to 15 noise deviations
        for i in range(start, start + length):
            out[i] = (out[i][0], out[i][1] + size)
            truth.add(i)
    return out, truth


def scores(seed: int) -> tuple[float, float, float]:
    clean = seasonal(seed)
    dirty, truth = inject(clean, seed + 1000)
    anomaly = robust_band(dirty, window=30, k=4.5)
    first = len(dirty) - len(anomaly.band)
    flagged = {first + j for j, p in enumerate(anomaly.band) if p.outside}
    tp = len(flagged & truth)
    precision = tp / len(flagged) if flagged else 1.0
    recall = tp / len(truth)
    quiet = robust_band(clean, window=30, k=4.5)
    fpr = quiet.outside / len(quiet.band)
    return precision, recall, fpr


def test_precision_recall_and_false_positives() -> None:
    runs = [scores(seed) for seed in range(5)]
    precision = sum(r[0] for r in runs) / len(runs)
    recall = sum(r[1] for r in runs) / len(runs)
    fpr = sum(r[2] for r in runs) / len(runs)
    print(f"robust band, k=4.5, window 30, 5 runs of 3 days: precision {precision:.3f}, recall {recall:.3f}, "
          f"false positives on clean data {fpr:.4%}")
    assert recall >= 0.9
    assert precision >= 0.9
    assert fpr <= 0.002


def test_anomalous_for_counts_the_latest_run() -> None:
    points = [(i * 60.0, 10.0 + (i % 2) * 0.1) for i in range(60)]
    points += [(i * 60.0, 50.0) for i in range(60, 72)]  # the last 12 minutes far outside
    band = robust_band(points, window=30)
    assert band.anomalous_for == timedelta(minutes=12)
    assert robust_band(points[:60], window=30).anomalous_for is None
