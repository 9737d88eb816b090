"""A synthetic signature in signature_pad ``toData()`` form, for the gallery, benchmark and tests.

Drawn from parametric curves (no recorded personal data): a looped capital, a cursive run with
varying speed, and an underline flick, sampled like a 60 Hz pointer with timestamps and pressure.
"""

from __future__ import annotations

import math


def _stroke(fn, n: int, t0: float, dt: float, pressure: bool) -> list[dict]:
    pts = []
    for i in range(n):
        u = i / (n - 1)
        x, y = fn(u)
        pt = {"x": round(x, 2), "y": round(y, 2), "t": round(t0 + i * dt * (0.6 + 0.8 * u), 1)}
        if pressure:
            pt["p"] = round(0.35 + 0.5 * math.sin(math.pi * u), 3)
        pts.append(pt)
    return pts


def signature(pressure: bool = False) -> list[list[dict]]:
    loop = _stroke(lambda u: (60 + 40 * math.sin(2 * math.pi * u * 1.2) + 30 * u,
                              90 - 60 * math.cos(2 * math.pi * u * 0.9) + 20 * u), 60, 1_700_000_000_000, 16, pressure)
    run = _stroke(lambda u: (120 + 260 * u + 14 * math.sin(2 * math.pi * u * 5),
                             110 - 45 * abs(math.sin(2 * math.pi * u * 2.5)) + 10 * math.cos(2 * math.pi * u * 5)),
                  120, 1_700_000_001_500, 14, pressure)
    dot = _stroke(lambda u: (300 + 4 * u, 40 + 3 * u), 3, 1_700_000_003_500, 16, pressure)
    flick = _stroke(lambda u: (70 + 330 * u, 150 + 12 * math.sin(math.pi * u) - 25 * u * u), 40,
                    1_700_000_004_000, 10, pressure)
    return [loop, run, dot, flick]
