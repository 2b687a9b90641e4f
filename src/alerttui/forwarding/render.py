"""Slack messages for an alert, in the tenant's language and time zone.

Every piece of alert text is untrusted: ``&``, ``<`` and ``>`` are escaped so an annotation
holding ``<!channel>``, ``<@U123>`` or ``<https://evil|click>`` arrives as plain text; links
are only ever built from http(s) URLs, percent-encoding what would break Slack's syntax.
Block Kit limits are respected by truncating with an ellipsis, never by failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any
from urllib.parse import quote, urlsplit

from babel.dates import format_datetime

from alerttui.domain import Alert
from alerttui.i18n import N_, translator
from alerttui.sanitize import clean
from alerttui.templates import TemplateProblem, compile_template, render, slack_escape

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_FIELD = 2000
MAX_CONTEXT_ELEMENTS = 10
MAX_TEXT = 4000  # top-level fallback text (Slack truncates at 40k; keep notifications short)

STATUS_COLOURS = {"firing": "#e01e5a", "acknowledged": "#ecb22e", "silenced": "#9e9ea6", "resolved": "#2eb67d"}
SEVERITY_ICONS = {"critical": ":red_circle:", "error": ":large_orange_circle:", "warning": ":large_yellow_circle:",
                  "info": ":large_blue_circle:"}
KEY_LABELS = ("instance", "job", "service", "namespace", "cluster", "team", "env", "region", "pod", "host")

# Extracted for translation; rendered with the tenant's catalogue, not the UI's.
STATUS_TEXT = {"firing": N_("firing"), "acknowledged": N_("acknowledged"), "silenced": N_("silenced"),
               "resolved": N_("resolved")}


@dataclass(frozen=True)
class SlackMessage:
    text: str
    attachments: list[dict[str, Any]]

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "attachments": self.attachments}


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def esc(value: str, limit: int = MAX_SECTION) -> str:
    """Untrusted text: control characters out, Slack-escaped, then cut to ``limit``."""
    out = slack_escape(clean(value, None, single_line=False))
    if len(out) > limit:
        out = out[: limit - 1]
        amp = out.rfind("&")
        if amp != -1 and ";" not in out[amp:]:
            out = out[:amp]  # never cut an escape like &lt; in half
        out += "…"
    return out


def safe_link(url: str, label: str) -> str | None:
    """``<url|label>`` for an http(s) URL, or None (anything else is shown as text)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    safe = quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~")
    safe = safe.replace("&", "&amp;")
    return f"<{truncate(safe, 1500)}|{esc(label, 100)}>"


def fmt_when(value: datetime, language: str, tz: tzinfo) -> str:
    text = format_datetime(value, format="medium", tzinfo=tz, locale=language)
    return f"{text} {value.astimezone(tz).tzname() or ''}".strip()


def context(alert: Alert, *, tenant_name: str, language: str, tz: tzinfo, operator: str, note: str,
            status: str, status_detail: str = "") -> dict[str, Any]:
    """What a user template sees (raw values; the template environment escapes them)."""
    return {
        "alert": {"alertname": alert.alertname, "severity": alert.labels.get("severity", ""),
                  "summary": alert.annotations.get("summary", ""),
                  "description": alert.annotations.get("description", ""),
                  "fingerprint": alert.fingerprint, "generator_url": alert.generator_url,
                  "runbook_url": alert.annotations.get("runbook_url", ""),
                  "started": fmt_when(alert.starts_at, language, tz)},
        "labels": dict(alert.labels), "annotations": dict(alert.annotations),
        "tenant": alert.tenant, "tenant_name": tenant_name, "operator": operator, "note": note,
        "status": translator(language).gettext(STATUS_TEXT.get(status, status)), "status_detail": status_detail,
        "language": language,
    }


# The buttons of a forwarded message (only with an app token: their clicks come over Socket
# Mode). The action id says what to do; the value which alert (tenant ids cannot hold "|").
ACTIONS = {"alerttui-ack": N_("Acknowledge"), "alerttui-silence-1h": N_("Silence 1h"),
           "alerttui-silence-4h": N_("Silence 4h"), "alerttui-unack": N_("Unacknowledge")}
ACTION_DURATIONS = {"alerttui-silence-1h": 3600, "alerttui-silence-4h": 4 * 3600}


def actions_block(alert: Alert, language: str, status: str = "firing") -> dict[str, Any]:
    """Block Kit ``actions``: Acknowledge (primary while nobody has), the silences, and
    Unacknowledge once acknowledged. No button on a resolved alert."""
    t = translator(language).gettext
    value = f"{alert.tenant}|{alert.fingerprint}"
    elements = []
    for action_id, label in ACTIONS.items():
        if action_id == "alerttui-unack" and status != "acknowledged":
            continue
        if action_id == "alerttui-ack" and status == "acknowledged":
            continue
        button: dict[str, Any] = {"type": "button", "action_id": action_id, "value": value,
                                  "text": {"type": "plain_text", "text": truncate(t(label), 75)}}
        if action_id == "alerttui-ack" and status == "firing":
            button["style"] = "primary"
        elements.append(button)
    return {"type": "actions", "block_id": "alerttui", "elements": elements}


def alert_message(alert: Alert, *, tenant_name: str, language: str, tz: tzinfo, operator: str,
                  note: str = "", status: str = "firing", status_detail: str = "", mention: str | None = None,
                  template: str | None = None, buttons: bool = False) -> SlackMessage:
    t = translator(language).gettext
    severity = alert.labels.get("severity", "")
    icon = SEVERITY_ICONS.get(severity, ":white_circle:")
    status_word = t(STATUS_TEXT.get(status, status))
    status_line = f"*{esc(status_word.upper(), 50)}*" + (f" · {esc(status_detail, 300)}" if status_detail else "")
    title = f"{icon} *{esc(alert.alertname or '-', 200)}* · {esc(severity.upper() or '-', 30)} · {esc(tenant_name, 100)}"
    blocks: list[dict[str, Any]] = [
        {"type": "context", "elements": [{"type": "mrkdwn", "text": status_line}]},
    ]
    if template:
        try:
            body = render(compile_template(template), context(
                alert, tenant_name=tenant_name, language=language, tz=tz, operator=operator, note=note,
                status=status, status_detail=status_detail))
        except TemplateProblem as exc:
            body = esc(t(N_("template error: {reason}")).format(reason=exc), 500)
        blocks.append(section(truncate(body, MAX_SECTION)))
    else:
        summary = alert.annotations.get("summary", "")
        blocks.append(section(title + (f"\n{esc(summary, 2500)}" if summary else "")))
        fields = [
            # Its own context: the table header "Tenant" is cut short to fit 8 cells in French.
            (translator(language).pgettext("slack", "Tenant"), esc(tenant_name, 200)),
            (t(N_("Severity")), esc(severity or "-", 100)),
            (t(N_("Started")), esc(fmt_when(alert.starts_at, language, tz), 200)),
            (t(N_("Fingerprint")), f"`{esc(alert.fingerprint, 64)}`"),
        ]
        blocks.append({"type": "section", "fields": [
            {"type": "mrkdwn", "text": truncate(f"*{esc(k, 100)}*\n{v}", MAX_FIELD)} for k, v in fields][:10]})
        description = alert.annotations.get("description", "")
        if description:
            blocks.append(section(esc(description)))
        labels = [f"{esc(k, 60)}=`{esc(v, 200)}`" for k, v in alert.labels.items() if k in KEY_LABELS]
        if labels:
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(lab, MAX_FIELD)}
                                                           for lab in labels[:MAX_CONTEXT_ELEMENTS]]})
        links = [link for link in (safe_link(alert.annotations.get("runbook_url", ""), t(N_("Runbook"))),
                                   safe_link(alert.generator_url, t(N_("Source")))) if link]
        if links:
            blocks.append(section(" · ".join(links)))
    forwarded = t(N_("Forwarded by {who} via alerttui")).format(who=esc(operator, 100))
    if note.strip():
        forwarded += f": {esc(note, 1500)}"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": truncate(forwarded, MAX_FIELD)}]})
    blocks = blocks[:MAX_BLOCKS - 1 if buttons else MAX_BLOCKS]
    if buttons and status != "resolved":
        blocks.append(actions_block(alert, language, status))
    fallback = f"{esc(alert.alertname or '-', 200)} ({esc(severity, 30)}, {esc(tenant_name, 100)}): {status_word}"
    summary = alert.annotations.get("summary", "")
    if summary:
        fallback += f" – {esc(summary, 500)}"
    text = truncate((f"{mention} " if mention else "") + fallback, MAX_TEXT)
    return SlackMessage(text=text, attachments=[{"color": STATUS_COLOURS.get(status, "#9e9ea6"), "blocks": blocks}])


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, MAX_SECTION)}}


REPLY_TEXT = {
    "acknowledged": N_("Acknowledged by {who} until {until}"),
    "silenced": N_("Silenced by {who} until {until}: {comment}"),
    "expired": N_("Silence expired by {who}; the alert fires again"),
    "resolved": N_("Resolved at {when}"),
    "ending": N_("The silence by {who} ends at {until} and the alert still fires"),
    "ack-ending": N_("The acknowledgement by {who} ends at {until} and the alert still fires"),
    "silenced-resolved": N_("Resolved while silenced by {who} (until {until}): the silence can be expired"),
    "unacknowledged": N_("Acknowledgement removed by {who}; the alert fires again"),
}


def reply_text(event: str, language: str, tz: tzinfo, *, who: str = "", until: datetime | None = None,
               comment: str = "", when: datetime | None = None) -> str:
    t = translator(language).gettext
    return t(REPLY_TEXT[event]).format(
        who=esc(who, 100), until=fmt_when(until, language, tz) if until else "-",
        comment=esc(comment, 1000), when=fmt_when(when, language, tz) if when else "-")
