"""The replay's time line: where in the recording the view is (frame, time), and the number
of firing alerts over the whole recording as a one-line sparkline with the position marked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from alerttui.i18n import _, fmt_datetime

BLOCKS = " ▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int], cells: int) -> list[tuple[int, str]]:
    """``cells`` characters, each the highest value of the frames it covers; with the first
    frame index of each cell."""
    if not values or cells <= 0:
        return []
    n = len(values)
    cells = min(cells, n)
    top = max(values) or 1
    out = []
    for c in range(cells):
        a, b = c * n // cells, max(c * n // cells + 1, (c + 1) * n // cells)
        v = max(values[a:b])
        out.append((a, BLOCKS[round(v / top * (len(BLOCKS) - 1))] if v else "·"))
    return out


class Timeline(Static):
    DEFAULT_CSS = """
    Timeline { height: 1; width: 1fr; background: $boost; }
    """

    def __init__(self, firing: Sequence[int], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.firing = list(firing)  # firing alerts over every tenant, at each frame
        self.position = 0
        self.at: datetime | None = None
        self.plain = ""

    def show(self, position: int, at: datetime | None) -> None:
        self.position, self.at = position, at
        self.refresh_line()

    def on_resize(self) -> None:
        self.refresh_line()

    def refresh_line(self) -> None:
        total = len(self.firing)
        head = " " + _("REPLAY") + " "
        where = " " + _("frame {n}/{total}").format(n=self.position + 1, total=total)
        if self.at is not None:
            where += " · " + fmt_datetime(self.at, "medium")
        where += " · " + _("{n} firing").format(n=self.firing[self.position] if self.firing else 0) + " "
        out = Text(no_wrap=True, overflow="ellipsis", end="")
        out.append(head, style="reverse bold")
        out.append(where)
        room = max(0, self.size.width - len(head) - len(where) - 1)
        cells = sparkline(self.firing, room)
        for i, (first, char) in enumerate(cells):
            nxt = cells[i + 1][0] if i + 1 < len(cells) else total
            out.append(char, style="reverse" if first <= self.position < nxt else "")
        self.plain = out.plain
        self.update(out)
