"""Tenant tabs: "All" plus one tab per tenant with counts by severity and a health mark.
Rendered as one line of text (cheap, and fits 80 columns with three tenants)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.widgets import Static

from alerttui.domain import Severity, Snapshot
from alerttui.i18n import _
from alerttui.sanitize import clean


def counts(snapshot: Snapshot) -> Counter[Severity]:
    return Counter(a.severity for a in snapshot.alerts.values() if not (a.silenced or a.inhibited))


def health_mark(snapshot: Snapshot | None) -> tuple[str, str]:
    """(mark, style name): ✓ healthy, ~ degraded (a replica down), ✗ stale/failing, … unknown."""
    if snapshot is None or snapshot.attempted_at is None:
        return "…", "muted"
    if snapshot.stale:
        return "✗", "bad"
    if not all(h.ok for h in snapshot.health):
        return "~", "warn"
    return "✓", "good"


class TenantTabs(Static):
    DEFAULT_CSS = """
    TenantTabs { height: 1; width: 1fr; background: $panel; }
    """

    def __init__(self, tenants: Sequence[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.tenants = list(tenants)  # (id, display name)
        self.current: str | None = None  # None = all
        self.snapshots: Mapping[str, Snapshot] = {}

    def show(self, current: str | None, snapshots: Mapping[str, Snapshot]) -> None:
        self.current = current
        self.snapshots = snapshots
        self.update(self.render_tabs())

    def render_tabs(self) -> Text:
        theme = self.app.current_theme
        styles = {"good": theme.success or "green", "warn": theme.warning or "yellow",
                  "bad": theme.error or "red", "muted": "dim"}
        out = Text(no_wrap=True, overflow="ellipsis", end="")
        total: Counter[Severity] = Counter()
        for s in self.snapshots.values():
            total += counts(s)
        self._tab(out, "0", _("All"), total, None, self.current is None, styles)
        for i, (tid, name) in enumerate(self.tenants, start=1):
            snap = self.snapshots.get(tid)
            c = counts(snap) if snap else Counter()
            self._tab(out, str(i) if i <= 9 else " ", clean(name, 16), c, health_mark(snap), self.current == tid, styles)
        return out

    def _tab(self, out: Text, key: str, name: str, c: Counter[Severity], health: tuple[str, str] | None,
             active: bool, styles: dict[str, str]) -> None:
        style = "reverse bold" if active else ""
        out.append(f" {key}:", style=style + " dim" if not active else style)
        out.append(f"{name}", style=style)
        crit, warn = c[Severity.CRITICAL] + c[Severity.ERROR], c[Severity.WARNING]
        other = sum(c.values()) - crit - warn
        if crit:
            out.append(f" !{crit}", style=f"{style} bold {styles['bad']}")
        if warn:
            out.append(f" ▲{warn}", style=f"{style} {styles['warn']}")
        if other:
            out.append(f" ·{other}", style=style)
        if health is not None:
            mark, kind = health
            out.append(f" {mark}", style=f"{style} {styles[kind]}")
        out.append(" ", style=style)
        out.append("│", style="dim")
