"""``alerttui replay FILE``: the dashboard on a recording, read-only, for post-mortems.

The view at frame k is every tenant's latest snapshot recorded at or before k, shown with the
clock at that frame's time (ages read as they did then). ``[``/``]`` step one frame, ``{``/``}``
ten (``--at`` picks the first one shown). Nothing can be written: the app is in kiosk mode (every write
is hidden and refused), its engine has no Alertmanager or Prometheus to talk to (the tenants
point at nothing) and an audit log that refuses to append, and there is no Slack."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from textual.message_pump import MessagePump

from alerttui.app import AlerttuiApp
from alerttui.bindings import bind
from alerttui.config import Settings, parse_settings
from alerttui.domain import AlertState, Snapshot
from alerttui.engine import build_engine
from alerttui.i18n import N_, _
from alerttui.messages import AlertHistoryLoaded
from alerttui.operations.audit import AuditLog
from alerttui.recordings import Recording
from alerttui.widgets.status_bar import StatusBar
from alerttui.widgets.timeline import Timeline

NOWHERE = "http://replay.invalid"  # RFC 6761: never resolves; nothing is ever sent there


class ReadOnlyAudit(AuditLog):
    """An audit log a replay cannot append to (the kiosk gate refuses first; this is the
    second lock)."""

    def append(self, **_kwargs: Any) -> dict[str, Any]:
        raise OSError(_("a replay writes nothing"))


def replay_settings(recording: Recording, language: str | None = None) -> Settings:
    """Settings for the recorded tenants: their names, languages and panels, no backend."""
    tenants = []
    for t in recording.header.get("tenants") or []:
        if not isinstance(t, dict):
            continue
        tenants.append({"id": t.get("id"), "name": t.get("name") or "", "language": t.get("language"),
                        "alertmanager": {"urls": [NOWHERE]}, "prometheus": {"url": NOWHERE},
                        "panels": t.get("panels") or []})
    ui: dict[str, Any] = {"kiosk": True}
    if language:
        ui["language"] = language
    return parse_settings({"ui": ui, "tenants": tenants}, Path("recording"))


class ReplayApp(AlerttuiApp):
    BINDINGS = [
        *AlerttuiApp.BINDINGS,
        bind("left_square_bracket", "step(-1)", N_("Back"), id="replay_back"),
        bind("right_square_bracket", "step(1)", N_("Forward"), id="replay_forward"),
        bind("left_curly_bracket", "step(-10)", N_("Back 10"), id="replay_back10", show=False),
        bind("right_curly_bracket", "step(10)", N_("Forward 10"), id="replay_forward10", show=False),
    ]

    def __init__(self, recording: Recording, settings: Settings, start: int = 0) -> None:
        self.recording = recording
        self.frames = recording.frames
        self.position = max(0, min(start if start >= 0 else len(self.frames) + start, len(self.frames) - 1))
        engine = build_engine(settings, kiosk=True, polling=False, slack=False, respond=False, prometheus=False,
                              audit=ReadOnlyAudit(Path("/nonexistent/alerttui-replay")), clock=self.frame_time)
        super().__init__(settings, engine=engine, kiosk=True, polling=False, clock=self.frame_time)
        self.names = {t.id: t.display_name for t in settings.tenants}
        self.firing = self._firing_counts()

    def frame_time(self) -> datetime:
        if not self.frames:
            from alerttui.domain import utcnow

            return utcnow()
        return self.frames[self.position].at

    def _firing_counts(self) -> list[int]:
        latest: dict[str, int] = {}
        out = []
        for f in self.frames:
            latest[f.snapshot.tenant] = sum(1 for a in f.snapshot.alerts.values() if a.state is AlertState.ACTIVE)
            out.append(sum(latest.values()))
        return out

    def on_mount(self) -> None:
        # (Textual calls AlerttuiApp.on_mount too, first: it installs the dashboard.)
        self.call_after_refresh(self._add_timeline)  # once the dashboard is composed

    def _add_timeline(self) -> None:
        screen = self.dashboard
        screen.mount(Timeline(self.firing, id="timeline"), before=screen.query_one(StatusBar))
        self.show_frame(self.position)
        if self.recording.problem:
            self.notify(_("Recording: {problem}").format(problem=self.recording.problem), severity="warning",
                        markup=False, timeout=10)

    def view_at(self, position: int) -> dict[str, Snapshot]:
        """Each tenant's latest snapshot at or before ``position`` (an empty one before its first)."""
        out = {tid: Snapshot(tid, name) for tid, name in self.names.items()}
        for f in self.frames[: position + 1]:
            out[f.snapshot.tenant] = f.snapshot
        return out

    def show_frame(self, position: int) -> None:
        if not self.frames:
            return
        self.position = max(0, min(position, len(self.frames) - 1))
        for snapshot in self.view_at(self.position).values():
            self._snapshot_arrived(snapshot)
        for timeline in self.dashboard.query(Timeline):
            timeline.show(self.position, self.frame_time())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action not in ("refresh", "pause")  # nothing polls in a replay

    def action_step(self, delta: int) -> None:
        self.show_frame(self.position + delta)

    def request_alert_history(self, tenant: str, alertname: str | None, since: timedelta,
                              reply_to: MessagePump) -> None:
        reply_to.post_message(AlertHistoryLoaded(tenant, alertname, [], _(
            "a recording holds no alert history: ask the tenant's Prometheus with alerttui history")))


def run_replay(recording: Recording, settings: Settings, start: int = 0) -> int:
    return int(ReplayApp(recording, settings, start).run() or 0)
