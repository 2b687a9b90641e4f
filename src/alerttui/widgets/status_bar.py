"""Status line (backend health, poll age, paused, filter, operator) and the stale banner."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from rich.text import Text
from textual.widgets import Static

from alerttui.domain import Snapshot
from alerttui.i18n import _, fmt_age_short, ngettext
from alerttui.sanitize import clean


def short_url(url: str) -> str:
    parts = urlsplit(url)
    return (parts.netloc + parts.path.rstrip("/")) or url


def is_stale(snapshot: Snapshot, now: datetime, refresh: timedelta) -> bool:
    """Stale: the last poll failed, or the data is older than two refresh intervals."""
    if snapshot.stale:
        return True
    age = snapshot.age(now)
    return age is not None and age > 2 * refresh


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar { height: 1; width: 1fr; background: $panel; color: $foreground; }
    """
    plain = ""

    def show(self, tenant: str | None, snapshots: Mapping[str, Snapshot], now: datetime, *,
             operator: str, paused: bool, filter_text: str, kiosk: bool, extra: str = "") -> None:
        out = Text(no_wrap=True, overflow="ellipsis", end="")
        theme = self.app.current_theme
        good, bad = theme.success or "green", theme.error or "red"
        if paused:
            out.append(" " + _("PAUSED") + " ", style="reverse bold")
            out.append(" ")
        if kiosk:
            out.append(" " + _("READ-ONLY") + " ", style="reverse")
            out.append(" ")
        if tenant is None:
            healthy = sum(1 for s in snapshots.values() if s.fetched_at and all(h.ok for h in s.health)
                          and not s.stale)
            out.append(_("{ok}/{n} tenants healthy").format(ok=healthy, n=len(snapshots)),
                       style=good if healthy == len(snapshots) else bad)
            out.append(" ")
            ages = [a for s in snapshots.values() if (a := s.age(now)) is not None]
            if ages:
                out.append(" · " + _("polled {age} ago").format(age=fmt_age_short(max(ages))))
        else:
            snap = snapshots.get(tenant)
            if snap is not None:
                for h in snap.health:
                    if h.kind == "alertmanager":
                        out.append(f"AM {short_url(h.url).rsplit(':', 1)[-1]} {'✓' if h.ok else '✗'}",
                                   style=good if h.ok else bad)
                        if h.cluster_peers is not None:
                            out.append(" " + ngettext("({n} peer)", "({n} peers)", h.cluster_peers).format(
                                n=h.cluster_peers))
                    else:
                        out.append(f"Prom {'✓' if h.ok else '✗'}", style=good if h.ok else bad)
                    out.append(" · ")
                age = snap.age(now)
                if age is not None:
                    out.append(_("polled {age} ago").format(age=fmt_age_short(age)))
                else:
                    out.append(_("waiting for first poll"))
        if filter_text:
            out.append(" · " + _("filter: {f}").format(f=clean(filter_text, 40)), style="bold")
        if extra:
            out.append(" · " + extra, style="bold")
        out.append(" · " + _("operator: {op}").format(op=clean(operator, 20)))
        self.plain = out.plain  # what it says, for a reader (and tests) without the styling
        self.update(out, layout=False)  # one line, 1fr wide: the layout does not move


class StaleBanner(Static):
    """Shown only while some shown tenant is stale: which, how old, and why."""

    DEFAULT_CSS = """
    StaleBanner { height: auto; max-height: 3; width: 1fr; background: $error; color: $text; display: none; }
    StaleBanner.-visible { display: block; }
    """

    def show(self, stale: list[Snapshot], now: datetime) -> None:
        if not stale:
            self.set_class(False, "-visible")
            return
        lines = []
        for s in stale[:3]:
            age = s.age(now)
            when = _("data {age} old").format(age=fmt_age_short(age)) if age is not None else _("no data yet")
            reason = clean(s.last_error or _("no successful poll recently"), 160)
            lines.append(_("STALE {tenant}: {when}: {reason}").format(tenant=clean(s.tenant_name, 24), when=when,
                                                                      reason=reason))
        self.update(Text("\n".join(lines), no_wrap=True, overflow="ellipsis"))
        self.set_class(True, "-visible")
