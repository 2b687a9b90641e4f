"""The details screen's chart of an alert's expression: the left-hand side of its comparison
(``demo:api_p95_seconds`` of ``demo:api_p95_seconds > 0.25``) over the last hour, the
threshold as a line, max / min / last on the left, a time axis, and a row marking where it
was past the threshold (firing). Without a comparison, the whole expression and no line.

Drawn with block characters (▁…█), so it works over SSH and with NO_COLOR: the threshold is
a ``─`` line and the firing spans a ``━`` row, not only colours."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from alerttui.domain.promql import Comparison
from alerttui.i18n import _, fmt_number

BLOCKS = " ▁▂▃▄▅▆▇█"
ROWS = 5
LABEL = 9  # cells for the numbers on the left


def number(value: float) -> str:
    return fmt_number(value, 2 if abs(value) < 100 else 0)


def resample(values: list[float], width: int) -> list[float]:
    """``width`` columns; each the largest value of its share (a spike is never lost)."""
    if len(values) <= width:
        return values
    out = []
    for c in range(width):
        a, b = c * len(values) // width, max(c * len(values) // width + 1, (c + 1) * len(values) // width)
        out.append(max(values[a:b]))
    return out


def chart(values: list[float], comparison: Comparison | None, width: int, minutes: int = 60) -> Text:
    out = Text(no_wrap=True)
    cols = resample(values, max(10, width - LABEL - 1))
    threshold = comparison.threshold if comparison is not None else None
    lo = min([*cols, *( [threshold] if threshold is not None else [])])
    hi = max([*cols, *( [threshold] if threshold is not None else [])])
    span = hi - lo or 1.0
    level = [(v - lo) / span * ROWS * 8 for v in cols]
    t_row = None if threshold is None else min(ROWS - 1, int((threshold - lo) / span * ROWS))
    for r in range(ROWS):
        b = ROWS - 1 - r  # from the bottom
        label = number(hi) if r == 0 else number(lo) if r == ROWS - 1 else ""
        if t_row is not None and b == t_row:
            label = number(threshold)  # type: ignore[arg-type]
        out.append(f"{label:>{LABEL}} ", style="dim")
        for x in level:
            fill = max(0, min(8, round(x - b * 8)))
            if fill == 0 and t_row is not None and b == t_row:
                out.append("─", style="dim")
            else:
                out.append(BLOCKS[fill])
        out.append("\n")
    if comparison is not None:
        out.append(f"{_('firing'):>{LABEL}} ", style="dim")
        for v in cols:
            out.append("━" if comparison.fires(v) else " ", style="bold red")
        out.append("\n")
    axis = f"-{minutes}m".ljust(len(cols) - 3) + _("now")
    out.append(" " * (LABEL + 1) + axis, style="dim")
    return out


class ExpressionChart(Widget):
    DEFAULT_CSS = """
    ExpressionChart { height: auto; margin-bottom: 1; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.values: list[float] = []
        self.comparison: Comparison | None = None

    def show(self, values: list[float], comparison: Comparison | None) -> None:
        self.values, self.comparison = values, comparison
        self.display = bool(values)
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return ROWS + (2 if self.comparison is not None else 1)

    def render(self) -> Text:
        if not self.values:
            return Text()
        return chart(self.values, self.comparison, self.size.width)
