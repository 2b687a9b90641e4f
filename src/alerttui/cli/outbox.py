"""``alerttui outbox``: the Slack messages not sent yet (pending, retried; or failed, refused
by Slack), with age and last error; ``--send`` and ``--retry`` try to send them now."""

from __future__ import annotations

import argparse
import time
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from alerttui.cli.exit_codes import EXIT_BACKEND, EXIT_OK, EXIT_REFUSED, UsageError
from alerttui.cli.parser import add_common, add_format
from alerttui.i18n import _, fmt_age_short, ngettext

if TYPE_CHECKING:
    from alerttui.cli.parser import Subparsers
    from alerttui.config import Settings
    from alerttui.forwarding.outbox import Item


def add_parser(sub: Subparsers) -> None:
    o = sub.add_parser("outbox", help=_("list Slack messages not sent yet (pending or failed)"),
                       description=_("List Slack messages not sent yet: pending (retried) or failed "
                                     "(Slack refused them), with age and last error."))
    add_common(o, tenant=False, sub=True)
    o.add_argument("--send", action="store_true", help=_("try to send every pending message now"))
    o.add_argument("--retry", action="store_true",
                   help=_("put failed messages back in the queue and try to send them now"))
    o.add_argument("--kiosk", action="store_true", default=argparse.SUPPRESS,
                   help=_("read-only: refuse --send and --retry (exit 3)"))
    add_format(o)


def run(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio  # here: building the parser (--help) never needs it

    return asyncio.run(run_outbox_list(args, settings))


def status_label(value: str) -> str:
    return {"pending": _("pending"), "failed": _("failed"), "sent": _("sent")}.get(value, value)


def kind_label(value: str) -> str:
    return {"post": _("message"), "reply": _("thread reply"), "update": _("status update"),
            "upload": _("screenshot"), "webhook": _("webhook")}.get(value, value)


def item_json(i: Item) -> dict[str, Any]:
    now = time.time()
    wait = max(0.0, i.next_at - now)
    return {"id": i.id, "tenant": i.tenant, "fingerprint": i.fingerprint, "route": i.route, "channel": i.channel,
            "kind": i.kind, "status": i.status, "attempts": i.attempts, "ageSeconds": round(now - i.created_at, 1),
            # 0 only when it is due now (a retry 30 ms away is 0.1, not 0)
            "nextTryInSeconds": (max(0.1, round(wait, 1)) if wait > 0 else 0) if i.status == "pending" else None,
            "lastError": i.last_error, "operator": i.operator}


async def run_outbox_list(args: argparse.Namespace, settings: Settings) -> int:
    from alerttui.cli.common import audit_log, drain, dump, fail, table
    from alerttui.engine import build_engine
    from alerttui.forwarding.outbox import Outbox, default_outbox_path
    from alerttui.operations import Action
    from alerttui.sanitize import clean

    path = settings.outbox_path or default_outbox_path()
    writes = args.send or args.retry
    if writes and (args.kiosk or settings.ui.kiosk):
        fail(_("read-only kiosk mode: cannot {verb}").format(verb=Action.FORWARD.verb))
        return EXIT_REFUSED
    if writes and settings.slack is None:
        raise UsageError(_("Slack is not configured ([slack] in the config)"))
    if not path.exists():
        items: list[Item] = []
    else:
        engine = build_engine(settings, tenants=[], audit=audit_log(settings)) if writes else None
        outbox = engine.outbox if engine is not None and engine.outbox is not None else Outbox(path)
        try:
            if engine is not None and engine.forwarder is not None:
                fw = engine.forwarder
                if args.retry:
                    outbox.retry_failed()
                outbox.hurry(time.time())  # the operator asks for now: skip the backoff
                await drain(fw)
            items = outbox.pending()
        finally:
            if engine is not None:
                await engine.aclose()
            else:
                outbox.close()
    if args.format == "json":
        dump([item_json(i) for i in items])
    elif not items:
        print(_("the outbox is empty: every Slack message has been sent"))
    else:
        now = time.time()
        headers = [_("ID"), _("TENANT"), _("FINGERPRINT"), _("CHANNEL"), _("KIND"), _("STATUS"), _("AGE"),
                   _("ATTEMPTS"), _("NEXT TRY"), _("LAST ERROR")]
        rows = [[str(i.id), clean(i.tenant, 30), i.fingerprint[:16], clean(i.channel, 40), kind_label(i.kind),
                 status_label(i.status), fmt_age_short(timedelta(seconds=now - i.created_at)), str(i.attempts),
                 (fmt_age_short(timedelta(seconds=max(0.0, i.next_at - now))) if i.status == "pending" else "-"),
                 clean(i.last_error or "", 300)] for i in items]
        print(table(headers, rows))
        pending = sum(1 for i in items if i.status == "pending")
        print(ngettext("{n} message not sent yet", "{n} messages not sent yet", len(items)).format(n=len(items))
              + " " + _("({p} pending, {f} failed)").format(p=pending, f=len(items) - pending))
    return EXIT_BACKEND if writes and items else EXIT_OK
