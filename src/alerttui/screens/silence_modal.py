"""Create or edit a silence: matchers prefilled from the alert (each toggleable and
editable, e.g. ``severity=~"crit.*"``), the tenant's scope matchers locked in, duration
presets or an end time, an optional future start (maintenance window), a required
comment, and a live preview of how many current alerts it will match.

Nothing typed is lost: an invalid matcher, a bad time, a refusal or a backend failure
keeps the form open with the input and the reason.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Static

from alerttui.bindings import bind
from alerttui.domain import Alert, Matcher, MatcherError, Silence, matches_all, parse_matcher
from alerttui.domain.intents import Result, SilenceRequest
from alerttui.durations import format_duration, parse_until
from alerttui.i18n import N_, _, fmt_datetime, local_tz, ngettext
from alerttui.sanitize import clean

PRESETS = ("15m", "1h", "4h", "1d")
Submit = Callable[[SilenceRequest], Awaitable[Result]]


class MatcherRow(Horizontal):
    DEFAULT_CSS = """
    MatcherRow { height: 1; }
    MatcherRow Checkbox { width: 6; height: 1; border: none; padding: 0; background: transparent; }
    MatcherRow Input { width: 1fr; height: 1; border: none; padding: 0 1; }
    MatcherRow Input.-invalid { background: $error 30%; }
    """

    def __init__(self, matcher: Matcher | None, enabled: bool = True) -> None:
        super().__init__()
        self.initial = matcher
        self.enabled = enabled

    def compose(self) -> ComposeResult:
        yield Checkbox(value=self.enabled, tooltip=_("include this matcher"))
        yield Input(str(self.initial) if self.initial else "", placeholder='name="value"  name=~"re.*"',
                    select_on_focus=False)

    def matcher(self) -> Matcher | None:
        """None when unticked or empty; raises MatcherError when the text is not a matcher."""
        if not self.query_one(Checkbox).value:
            return None
        text = self.query_one(Input).value.strip()
        return parse_matcher(text) if text else None


class SilenceModal(ModalScreen[Result | None]):
    BINDINGS = [
        bind("escape", "cancel", N_("Cancel"), id="silence_cancel"),
        bind("ctrl+s", "submit", N_("Save silence"), id="silence_submit", priority=True),
        bind("ctrl+n", "add_matcher", N_("Add a matcher"), id="silence_add_matcher", priority=True),
    ]
    DEFAULT_CSS = """
    SilenceModal { align: center middle; }
    SilenceModal > Vertical { width: 90; max-width: 100%; height: auto; max-height: 100%;
                              border: round $primary; background: $surface; padding: 0 1; }
    SilenceModal #form { height: auto; max-height: 1fr; }
    SilenceModal .label { color: $foreground-muted; height: 1; }
    SilenceModal #scope { height: auto; color: $foreground-muted; }
    SilenceModal #matchers { height: auto; max-height: 6; }
    SilenceModal #end-row { height: 1; }
    SilenceModal #end-row Input { width: 1fr; }
    SilenceModal #end-row Button { height: 1; width: auto; min-width: 5; border: none; margin-left: 1; }
    SilenceModal .field { height: 1; border: none; padding: 0 1; }
    SilenceModal #when { height: 1; color: $foreground-muted; }
    SilenceModal #preview { height: 1; text-style: bold; }
    SilenceModal #error { height: auto; color: $error; text-style: bold; }
    SilenceModal #buttons { height: 1; margin-top: 1; align-horizontal: right; }
    SilenceModal #buttons Button { height: 1; border: none; min-width: 10; margin-left: 2; }
    """

    def __init__(self, *, tenant: str, tenant_name: str, scope: Sequence[Matcher], matchers: Iterable[Matcher],
                 alerts: Sequence[Alert], operator: str, submit: Submit, clock: Callable[[], datetime],
                 existing: Silence | None = None, duration: str = "1h", alert: Alert | None = None) -> None:
        super().__init__()
        self.tenant = tenant
        self.tenant_name = tenant_name
        self.scope = tuple(scope)
        self.initial = [m for m in matchers if m not in self.scope]
        self.alerts = alerts
        self.operator = operator
        self.submit = submit
        self.clock = clock
        self.existing = existing
        self.duration = duration
        self.alert = alert
        self.busy = False

    def compose(self) -> ComposeResult:
        editing = self.existing is not None
        title = (_("Edit silence {id}").format(id=self.existing.id) if self.existing else
                 _("New silence for {tenant}").format(tenant=self.tenant_name))
        with Vertical():
            yield Static(Text(clean(title, 80), style="bold"))
            with VerticalScroll(id="form"):
                if self.scope:
                    yield Static(Text(_("Always part of it (tenant scope): {m}").format(
                        m=", ".join(str(m) for m in self.scope)), overflow="ellipsis", no_wrap=True), id="scope")
                yield Static(_("Matchers (space toggles, edit to change; ctrl+n adds one)"), classes="label")
                with VerticalScroll(id="matchers"):
                    for m in self.initial:
                        yield MatcherRow(m)
                    if not self.initial:
                        yield MatcherRow(None)
                yield Static(_("Duration or end (e.g. 2h30m, 18:30, 2026-11-25 09:00)"), classes="label")
                end_value = fmt_input(self.existing.ends_at) if editing and self.existing else self.duration
                with Horizontal(id="end-row"):
                    yield Input(end_value, id="end", classes="field")
                    for p in PRESETS:
                        yield Button(p, id=f"preset-{p}")
                yield Static(_("Start (empty: now; a later time makes a maintenance window)"), classes="label")
                start_value = fmt_input(self.existing.starts_at) if self.existing and \
                    self.existing.starts_at > self.clock() else ""
                yield Input(start_value, id="start", classes="field", placeholder=_("now"))
                yield Static(_("Comment (required), by {who}").format(who=self.operator), classes="label")
                yield Input(self.existing.comment if self.existing else "", id="comment", classes="field",
                            placeholder=_("why, and the ticket"))
            yield Static(id="when")
            yield Static(id="preview")
            yield Static(id="error")
            with Horizontal(id="buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save (ctrl+s)"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#comment" if self.initial else "#matchers Input", Input).focus()
        self.update_preview()

    # -- reading the form ------------------------------------------------------------------

    def matchers(self) -> tuple[Matcher, ...]:
        """The enabled matchers; raises MatcherError naming the bad row."""
        out: list[Matcher] = []
        for i, row in enumerate(self.query(MatcherRow), start=1):
            inp = row.query_one(Input)
            try:
                m = row.matcher()
            except MatcherError as exc:
                inp.add_class("-invalid")
                raise MatcherError(_("matcher {n}: {reason}").format(n=i, reason=exc)) from None
            inp.remove_class("-invalid")
            if m is not None:
                out.append(m)
        return tuple(out)

    def times(self) -> tuple[datetime, datetime]:
        now = self.clock()
        start_text = self.query_one("#start", Input).value.strip()
        try:
            start = parse_until(start_text, now, local_tz()) if start_text else now
        except ValueError as exc:
            raise ValueError(_("start: {reason}").format(reason=exc)) from None
        try:
            end = parse_until(self.query_one("#end", Input).value, start, local_tz())
        except ValueError as exc:
            raise ValueError(_("end: {reason}").format(reason=exc)) from None
        return start, end

    def request(self) -> SilenceRequest:
        matchers = self.matchers()
        if not matchers and not self.scope:
            raise ValueError(_("matchers: at least one matcher is required"))
        start, end = self.times()
        if end <= start:
            raise ValueError(_("end: must be after the start"))
        comment = self.query_one("#comment", Input).value
        if not comment.strip():
            raise ValueError(_("comment: a comment is required (why, and a ticket if there is one)"))
        return SilenceRequest(tenant=self.tenant, matchers=matchers, starts_at=start, ends_at=end, comment=comment,
                              silence_id=self.existing.id if self.existing else None,
                              alert=self.alert.fingerprint if self.alert else None)

    # -- live feedback ----------------------------------------------------------------------

    def update_preview(self) -> None:
        preview = self.query_one("#preview", Static)
        when = self.query_one("#when", Static)
        try:
            matchers = (*self.scope, *self.matchers())
        except MatcherError as exc:
            preview.update(Text(str(exc), no_wrap=True, overflow="ellipsis"))
            return
        n = sum(1 for a in self.alerts if matches_all(matchers, a.labels))
        preview.update(Text(ngettext("Matches {n} current alert of {tenant}", "Matches {n} current alerts of {tenant}",
                                     n).format(n=n, tenant=self.tenant_name), no_wrap=True))
        try:
            start, end = self.times()
            when.update(Text(_("{start} → {end} ({d})").format(start=fmt_datetime(start, "short"),
                                                               end=fmt_datetime(end, "short"),
                                                               d=format_duration(end - start)), no_wrap=True))
        except ValueError as exc:
            when.update(Text(str(exc), no_wrap=True, overflow="ellipsis"))

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        self.update_preview()

    @on(Button.Pressed)
    async def _pressed(self, event: Button.Pressed) -> None:
        bid = event.button.id or ""
        if bid.startswith("preset-"):
            self.query_one("#end", Input).value = bid.removeprefix("preset-")
        elif bid == "cancel":
            self.dismiss(None)
        elif bid == "save":
            await self.action_submit()

    async def action_add_matcher(self) -> None:
        row = MatcherRow(None)
        await self.query_one("#matchers", VerticalScroll).mount(row)
        row.query_one(Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, message: str | None) -> None:
        self.query_one("#error", Static).update(Text(clean(message, 400)) if message else "")

    async def action_submit(self) -> None:
        if self.busy:
            return
        try:
            req = self.request()
        except (ValueError, MatcherError) as exc:
            self.show_error(str(exc))
            return
        self.busy = True
        self.show_error(None)
        save = self.query_one("#save", Button)
        save.disabled = True
        save.label = _("Saving…")
        try:
            result = await self.submit(req)
        finally:
            self.busy = False
            save.disabled = False
            save.label = _("Save (ctrl+s)")
        if result.ok:
            self.dismiss(result)
        else:
            self.show_error(result.message)


def fmt_input(value: datetime) -> str:
    """A time as the form accepts it back, in the display time zone."""
    return value.astimezone(local_tz()).strftime("%Y-%m-%d %H:%M")
