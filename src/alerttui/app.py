"""The Textual app: wiring only. Pollers publish snapshots as messages; screens render them;
every write goes through ``operations.Operations`` (policy, client, audit)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding

from alerttui import i18n
from alerttui.bindings import bind, current, retranslate
from alerttui.commands import AlerttuiCommands
from alerttui.config import Settings
from alerttui.domain import Alert, MetricSeries, Silence, Snapshot, utcnow
from alerttui.domain.serialize import from_iso
from alerttui.forwarding.outbox import Outbox
from alerttui.forwarding.service import Forwarder
from alerttui.i18n import N_, _, fmt_age, fmt_datetime, ngettext
from alerttui.messages import SnapshotUpdated
from alerttui.operations import Action, AuditLog, Operations, Result
from alerttui.operations.runner import SilenceRequest, exact_matchers
from alerttui.polling.hub import PollingHub
from alerttui.sanitize import clean
from alerttui.screens.dashboard import DashboardScreen

MUTATING = {"silence": Action.SILENCE, "ack": Action.ACK, "expire": Action.EXPIRE, "edit": Action.EDIT,
            "new": Action.SILENCE, "mark": Action.EXPIRE, "forward": Action.FORWARD}


class AlerttuiApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "alerttui"
    COMMANDS = App.COMMANDS | {AlerttuiCommands}
    BINDINGS = [
        bind("q", "quit", N_("Quit"), id="quit"),
        bind("ctrl+c", "quit", N_("Quit"), show=False, priority=True, id="quit_ctrl_c"),
        bind("question_mark", "help", N_("Help"), id="help"),
        bind("r", "refresh", N_("Refresh"), id="refresh"),
        bind("p", "pause", N_("Pause"), id="pause"),
        bind("L", "switch_language", N_("Language"), id="switch_language", show=False,
             tooltip=N_("Switch between English, French and German")),
    ]

    def __init__(self, settings: Settings, *, tenant: str | None = None, kiosk: bool = False,
                 polling: bool = True, clock: Callable[[], datetime] = utcnow, audit: AuditLog | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.kiosk = kiosk or settings.ui.kiosk
        self.operator = settings.ui.operator
        self.refresh_interval: timedelta = settings.ui.refresh
        self.clock = clock
        self.paused = False
        self.polling = polling
        self.tenant_list = [(t.id, t.display_name) for t in settings.tenants]
        self.initial_tenant = tenant
        self.hub = PollingHub(settings, self._snapshot_arrived, self._after_poll)
        audit = audit or AuditLog(settings.audit_path)
        self.ops = Operations(settings, self.hub.clients, audit, kiosk=self.kiosk, clock=clock)
        self.forwarder: Forwarder | None = None
        if settings.slack is not None:
            outbox = Outbox(settings.outbox_path)
            self.forwarder = Forwarder(settings, outbox, audit, operator=self.operator, clock=clock)
            self.ops.listeners.append(self.forwarder.on_change)

    @property
    def dashboard(self) -> DashboardScreen:
        screen = self.get_screen("dashboard")
        assert isinstance(screen, DashboardScreen)
        return screen

    def on_mount(self) -> None:
        dashboard = DashboardScreen(
            self.tenant_list, self.initial_tenant, {t.id: list(t.panels) for t in self.settings.tenants})
        self.install_screen(dashboard, "dashboard")
        self.push_screen("dashboard")
        if self.polling:
            self.run_polling()
            if self.forwarder is not None and not self.kiosk:
                self.run_forwarding()
        self.set_interval(5, self._tick)

    async def on_unmount(self) -> None:
        if not self.polling:
            await self.hub.aclose()

    @work(exclusive=True, exit_on_error=False, group="polling")
    async def run_polling(self) -> None:
        await self.hub.run()

    @work(exclusive=True, exit_on_error=False, group="forwarding")
    async def run_forwarding(self) -> None:
        assert self.forwarder is not None
        await self.forwarder.run()

    def _snapshot_arrived(self, snapshot: Snapshot) -> None:
        self.post_message(SnapshotUpdated(snapshot))

    async def _after_poll(self, snapshot: Snapshot) -> None:
        if self.forwarder is not None and not self.kiosk:
            self.forwarder.track(snapshot)
        for result in await self.ops.extend_acks(snapshot.tenant, snapshot.alerts.values(), snapshot.silences):
            if not result.ok:
                self.notify(result.message, severity="warning")

    def on_snapshot_updated(self, message: SnapshotUpdated) -> None:
        self.dashboard.apply_snapshot(message.snapshot)
        from alerttui.screens.silences import SilencesScreen

        if isinstance(self.screen, SilencesScreen):
            self.screen.update_snapshots(self.dashboard.snapshots)

    def _tick(self) -> None:
        self.dashboard.update_status()

    # -- policy gate for keys and palette ---------------------------------------------------------

    def may(self, action: str, tenant: str | None) -> bool:
        """Whether a mutating action may run for ``tenant`` (False hides its key)."""
        if self.kiosk:
            return False
        kind = MUTATING.get(action)
        if kind is None:
            return True
        if kind is Action.FORWARD and self.forwarder is None:
            return False  # no [slack] configured: nothing to forward to
        if tenant is None:
            return any(self.ops.may(kind, t) for t, _n in self.tenant_list)
        return self.ops.may(kind, tenant)

    def silence_action_allowed(self, action: str, tenant: str | None) -> bool:
        return self.may(action, tenant)

    # -- intents --------------------------------------------------------------------------------

    def set_metrics_tenants(self, tenants: set[str]) -> None:
        self.hub.set_metrics_visible(tenants)

    async def expression_series(self, tenant: str, expr: str, window: timedelta) -> MetricSeries:
        if not self.polling:
            return MetricSeries(title=expr, query=expr, error=_("polling is off"))
        return await self.hub.expression_series(tenant, expr, window)

    def audit_history(self, tenant: str, target: str) -> list[str]:
        """This tenant's audit records about ``target`` (an alert fingerprint or silence id)."""
        out = []
        for r in self.ops.audit.read(tenant=tenant, target=target):
            when = from_iso(r["time"])
            assert when is not None  # every record has its time
            out.append(f"{fmt_datetime(when, 'short')} {r.get('operator')} {r.get('action')}: {r.get('result')}"
                       + (f" ({r['error']})" if r.get("error") else ""))
        return out

    def action_refresh(self) -> None:
        self.hub.refresh_now()
        self.notify(_("Refreshing all tenants…"), timeout=2)

    def action_pause(self) -> None:
        self.paused = not self.paused
        self.hub.set_paused(self.paused)
        if not self.paused:
            self.hub.refresh_now()
        self.dashboard.update_status()

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        # A screen class's bindings are shared by its instances and were translated when the
        # class was created or at the last switch while one was open: a screen first opened
        # after a switch would show the old language in its footer. Bring it up to date.
        if not isinstance(screen, str):
            retranslate(screen)
        return super().push_screen(screen, *args, **kwargs)

    async def action_switch_language(self, language: str | None = None) -> None:
        """Next language (en → fr → de), live: the view, the filter and the cursor stay."""
        order = list(i18n.LANGUAGES)
        nxt = language or order[(order.index(i18n.get_language()) + 1) % len(order)]
        i18n.set_language(nxt)
        retranslate(self)
        for screen in [*self.screen_stack, self.dashboard]:
            retranslate(screen)
            for widget in screen.walk_children():
                retranslate(widget)
        for screen in {*self.screen_stack, self.dashboard}:
            again = getattr(screen, "retranslate", None)
            if again is not None:
                again()
        self.refresh_bindings()
        self.notify(_("Language: English") if nxt == "en" else _("Language: French") if nxt == "fr"
                    else _("Language: German"), timeout=2)

    def action_help(self) -> None:
        from alerttui.screens.help import HelpScreen
        from alerttui.screens.silences import SilencesScreen

        def shown(bindings: list) -> list[Binding]:  # type: ignore[type-arg]
            return [current(b) for b in bindings if isinstance(b, Binding) and self.may(b.action, None)]

        self.push_screen(HelpScreen(shown([*self.BINDINGS, *DashboardScreen.BINDINGS]),
                                    [(_("Silences view (S)"), shown(SilencesScreen.BINDINGS))]))

    async def action_palette(self, action: str) -> None:
        """Palette commands run here, through the same gate as keys."""
        name = action.split("(")[0]
        if not self.may(name, self.dashboard.target_tenant()):
            self.notify(_("Not allowed here"), severity="warning")
            return
        if self.screen is not self.dashboard and name in ("tenant", "filter", "silence", "ack", "silences"):
            while self.screen is not self.dashboard:
                self.pop_screen()
        target = self.dashboard if name in ("tenant", "filter", "silence", "ack", "silences") else self
        await target.run_action(action)

    # -- writes (each through Operations) ---------------------------------------------------------

    def _report(self, result: Result, tenant: str) -> None:
        if result.ok:
            self.notify(result.message, timeout=4)
            self.hub.refresh_tenant(tenant)
        else:
            self.notify(result.message, severity="error" if not result.refused else "warning", timeout=8)

    @work(exit_on_error=False, group="actions")
    async def ack(self, alert: Alert) -> None:
        self._report(await self.ops.ack(alert), alert.tenant)

    def open_silence_form(self, tenant: str, alert: Alert | None = None, existing: Silence | None = None) -> None:
        from alerttui.screens.silence_modal import SilenceModal

        snap = self.dashboard.snapshots.get(tenant)
        matchers = existing.matchers if existing else (exact_matchers(alert) if alert else ())

        async def submit(req: SilenceRequest) -> Result:
            return await self.ops.silence(req, Action.EDIT if existing else Action.SILENCE, existing=existing)

        def done(result: Result | None) -> None:
            if result is not None:
                self._report(result, tenant)

        self.push_screen(SilenceModal(
            tenant=tenant, tenant_name=snap.tenant_name if snap else tenant, scope=self.ops.scope(tenant),
            matchers=matchers, alerts=list(snap.alerts.values()) if snap else [], operator=self.operator,
            submit=submit, clock=self.clock, existing=existing, alert=alert), done)

    def expire_silences(self, targets: list[tuple[str, Silence]]) -> None:
        from alerttui.screens.confirm_modal import ConfirmModal

        question = Text(ngettext("Expire {n} silence?", "Expire {n} silences?", len(targets)).format(n=len(targets)))
        for tid, sil in targets[:5]:
            question.append(f"\n  {tid}: {sil.id[:8]}… {clean(sil.created_by, 30)}: {clean(sil.comment, 60)}")

        def answered(yes: bool | None) -> None:
            if yes:
                self._expire(targets)

        self.push_screen(ConfirmModal(question, yes=_("Expire")), answered)

    @work(exit_on_error=False, group="actions")
    async def _expire(self, targets: list[tuple[str, Silence]]) -> None:
        for tid, sil in targets:
            self._report(await self.ops.expire(tid, sil), tid)

    def forward(self, alert: Alert) -> None:
        """``f``: ask for a note (and first, if it went there recently), then queue it."""
        from alerttui.operations.forward import forward_alert
        from alerttui.screens.forward_modal import ForwardModal

        if self.forwarder is None:
            self.notify(_("Slack is not configured ([slack] in the config)"), severity="warning")
            return
        plan = self.forwarder.plan(alert)
        if plan.route is None:
            self.notify(_("no Slack route matches this alert"), severity="warning")
            return
        recent = None
        if self.forwarder.recently_forwarded(plan) and plan.last_forward is not None:
            recent = fmt_age(timedelta(seconds=time.time() - plan.last_forward))
        screenshot = self.export_screenshot() if self.settings.slack and self.settings.slack.screenshot else None

        def send(note: str | None) -> None:
            if note is None:
                return
            assert self.forwarder is not None
            self._report(forward_alert(self.ops, self.forwarder, alert, note, screenshot), alert.tenant)

        self.push_screen(ForwardModal(alert, plan.target, plan.webhook_only, recent), send)

    def outbox_status(self) -> str:
        if self.forwarder is None:
            return ""
        items = self.forwarder.outbox.pending()
        pending = sum(1 for i in items if i.status == "pending")
        failed = len(items) - pending
        if not items:
            return ""
        return _("Slack: {p} pending, {f} failed").format(p=pending, f=failed)

    async def action_quit(self) -> None:
        if self.forwarder is not None and self.forwarder.outbox.pending() and not self.kiosk:
            from alerttui.screens.confirm_modal import ConfirmModal

            n = len(self.forwarder.outbox.pending())
            question = ngettext("{n} Slack message has not been sent yet; it will be sent at the next start. Quit?",
                                "{n} Slack messages have not been sent yet; they will be sent at the next start. Quit?",
                                n).format(n=n)

            def answered(yes: bool | None) -> None:
                if yes:
                    self.exit(0)

            self.push_screen(ConfirmModal(question, yes=_("Quit")), answered)
            return
        self.exit(0)

    def action_silences(self) -> None:
        from alerttui.screens.silences import SilencesScreen

        self.push_screen(SilencesScreen(self.dashboard.tenant, self.dashboard.snapshots))


def run_app(settings: Settings, tenant: str | None = None, kiosk: bool = False) -> int:
    app = AlerttuiApp(settings, tenant=tenant, kiosk=kiosk)
    result = app.run()
    return int(result or 0)
