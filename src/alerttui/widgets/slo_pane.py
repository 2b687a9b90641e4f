"""The shown tenant's SLOs, one line each and a second saying why:

``PAGE  checkout availability  99.9 % over 7d  SLI 99.871 %  budget -29 % (-2m54s)``
``  burn 5m 200x · 30m 200x · 1h 133x · 2h 67x · 6h 22x · 1d 5.9x · 3d 2.3x · page: 1h+5m>14.4x``

The state is the SRE workbook's multiwindow rule (README: SLOs); NO_COLOR readers get the
word, not only a colour."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from alerttui.domain.slo import BURN_WINDOWS, SLOStatus, promql_duration
from alerttui.durations import format_duration
from alerttui.i18n import _, fmt_number
from alerttui.sanitize import clean

STATE_STYLE = {"page": "bold reverse red", "ticket": "bold yellow", "ok": "green", "nodata": "dim"}


def state_word(state: str) -> str:
    return {"page": _("PAGE"), "ticket": _("TICKET"), "ok": _("ok"), "nodata": _("no data")}.get(state, state)


def percent(value: float, digits: int) -> str:
    return f"{fmt_number(value * 100, digits)} %"


def burn_text(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{fmt_number(value, 1 if value < 10 else 0)}x"


def slo_lines(status: SLOStatus) -> Text:
    out = Text()
    out.append(state_word(status.state), style=STATE_STYLE.get(status.state, ""))  # first: it may not fit
    out.append("  ")
    out.append(clean(status.name, 40), style="bold")
    decimals = min(3, len(f"{status.objective:g}".partition(".")[2]))  # 99.9 -> 1, 99.95 -> 2, 99 -> 0
    out.append("  " + _("{objective} over {window}").format(objective=f"{fmt_number(status.objective, decimals)} %",
                                                              window=format_duration(status.window)))
    if status.error is not None:
        out.append("  " + _("query failed: {reason}").format(reason=clean(status.error, 120)), style="red")
        return out
    sli, left, left_time = status.sli, status.budget_left, status.budget_left_time
    out.append("  " + _("SLI {value}").format(value=percent(sli, 3) if sli is not None else "-"))
    if left is not None and left_time is not None:
        sign = "-" if left_time.total_seconds() < 0 else ""
        out.append("  " + _("budget {share} ({time})").format(
            share=percent(left, 0), time=sign + format_duration(abs(left_time))),
            style="red" if left < 0 else "")
    burns = " · ".join(f"{promql_duration(w)} {burn_text(status.burn(w))}" for w in BURN_WINDOWS)
    out.append("\n  " + _("burn {rates}").format(rates=burns), style="dim")
    if status.reasons:
        out.append(" · " + ", ".join(status.reasons))
    return out


class SLOPane(Static):
    """One tenant's SLOs (hidden when it has none)."""

    DEFAULT_CSS = """
    SLOPane { height: auto; padding: 0 1; border-top: solid $foreground 20%; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.statuses: tuple[SLOStatus, ...] = ()
        self.display = False

    def show(self, statuses: tuple[SLOStatus, ...]) -> None:
        if statuses is self.statuses:
            return
        self.statuses = statuses
        self.display = bool(statuses)
        text = Text(no_wrap=True, overflow="ellipsis")
        for i, status in enumerate(statuses):
            if i:
                text.append("\n")
            text.append_text(slo_lines(status))
        self.update(text)
