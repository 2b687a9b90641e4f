"""The SLA report's charts as inline SVG (no JavaScript, no external resource): every text
in them is escaped here, since labels come from other people's systems."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from alerttui.domain.history import AlertHistory
from alerttui.domain.report import Availability, Noisy
from alerttui.sanitize import clean

WIDTH = 720
LEFT = 180  # room for the names on the left
FONT = 'font-family="sans-serif" font-size="11"'
OK, BAD, FIRING, GRID = "#2e7d32", "#c62828", "#e65100", "#9e9e9e"


def _t(text: str, limit: int = 40) -> str:
    return escape(clean(text, limit), quote=True)


def _open(height: int, title: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{_t(title, 200)}">',
            f"<title>{_t(title, 200)}</title>"]


def daily_availability(slo: Availability, title: str, objective_label: str) -> str:
    """One bar a day, from a floor to 100 %: green where the day met the objective, red where
    it did not; the objective as a dashed line."""
    height, top, bottom = 160, 10, 130
    values = [v for _, v in slo.daily if v is not None]
    target = slo.objective / 100
    lowest = min([target - 2 * (1 - target), *values])
    floor = max(0.0, lowest - 0.1 * (1 - lowest))  # the worst day still shows a bar
    span = 1 - floor or 1.0

    def y(value: float) -> float:
        return bottom - (value - floor) / span * (bottom - top)

    out = _open(height, title)
    plot = WIDTH - LEFT - 10
    n = max(1, len(slo.daily))
    bar = plot / n
    for k, (_day, value) in enumerate(slo.daily):
        if value is None:
            continue
        x = LEFT + k * bar
        colour = OK if value >= target else BAD
        out.append(f'<rect x="{x + 1:.1f}" y="{y(value):.1f}" width="{max(bar - 2, 1):.1f}" '
                   f'height="{bottom - y(value):.1f}" fill="{colour}"/>')
    yt = y(target)
    out.append(f'<line x1="{LEFT}" y1="{yt:.1f}" x2="{WIDTH - 10}" y2="{yt:.1f}" stroke="{BAD}" '
               f'stroke-dasharray="4 3"/>')
    out.append(f'<text x="{LEFT - 6}" y="{yt + 4:.1f}" text-anchor="end" {FONT}>{_t(objective_label)}</text>')
    out.append(f'<text x="{LEFT - 6}" y="{top + 4}" text-anchor="end" {FONT}>100 %</text>')
    out.append(f'<text x="{LEFT - 6}" y="{bottom + 4}" text-anchor="end" {FONT}>{floor * 100:.2f} %</text>')
    out.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - 10}" y2="{bottom}" stroke="{GRID}"/>')
    if slo.daily:
        first, last = slo.daily[0][0], slo.daily[-1][0]
        out.append(f'<text x="{LEFT}" y="{bottom + 18}" {FONT}>{first:%Y-%m-%d}</text>')
        out.append(f'<text x="{WIDTH - 10}" y="{bottom + 18}" text-anchor="end" {FONT}>{last:%Y-%m-%d}</text>')
    out.append("</svg>")
    return "\n".join(out)


def timeline(histories: Sequence[AlertHistory], since: datetime, until: datetime, title: str,
             rows: int = 12) -> str:
    """One row per alert (the longest firing first), a mark where it fired."""
    shown = list(histories[:rows])
    row_h = 18
    height = 30 + row_h * max(1, len(shown))
    out = _open(height, title)
    plot = WIDTH - LEFT - 10
    total = (until - since).total_seconds() or 1.0

    def x(when: datetime) -> float:
        return LEFT + max(0.0, min(1.0, (when - since).total_seconds() / total)) * plot

    for r, h in enumerate(shown):
        y = 4 + r * row_h
        out.append(f'<text x="{LEFT - 6}" y="{y + 12}" text-anchor="end" {FONT}>{_t(h.alertname, 28)}</text>')
        out.append(f'<line x1="{LEFT}" y1="{y + 8}" x2="{WIDTH - 10}" y2="{y + 8}" stroke="{GRID}" '
                   f'stroke-width="0.5"/>')
        for i in h.intervals:
            a, b = x(i.start), x(i.end or until)
            out.append(f'<rect x="{a:.1f}" y="{y + 2}" width="{max(b - a, 1.5):.1f}" height="12" '
                       f'fill="{FIRING}"/>')
    bottom = height - 8
    out.append(f'<text x="{LEFT}" y="{bottom}" {FONT}>{since:%Y-%m-%d %H:%M}</text>')
    out.append(f'<text x="{WIDTH - 10}" y="{bottom}" text-anchor="end" {FONT}>{until:%Y-%m-%d %H:%M} UTC</text>')
    out.append("</svg>")
    return "\n".join(out)


def noisy_bars(rows: Sequence[Noisy], title: str) -> str:
    """How many times each of the noisiest alerts fired, as horizontal bars."""
    row_h = 18
    height = 10 + row_h * max(1, len(rows))
    out = _open(height, title)
    plot = WIDTH - LEFT - 60
    most = max((n.fired for n in rows), default=1) or 1
    for r, n in enumerate(rows):
        y = 4 + r * row_h
        w = n.fired / most * plot
        out.append(f'<text x="{LEFT - 6}" y="{y + 12}" text-anchor="end" {FONT}>{_t(n.alertname, 28)}</text>')
        out.append(f'<rect x="{LEFT}" y="{y + 2}" width="{max(w, 1):.1f}" height="12" fill="{FIRING}"/>')
        out.append(f'<text x="{LEFT + w + 4:.1f}" y="{y + 12}" {FONT}>{n.fired}</text>')
    out.append("</svg>")
    return "\n".join(out)
