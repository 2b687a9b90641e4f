"""``alerttui demo``: a real local stack (Prometheus + 2 clustered Alertmanagers) with demo
rules for three tenants, and the dashboard on it. Everything stops on exit, on Ctrl+C,
on SIGTERM/SIGHUP and on a crash."""

from __future__ import annotations

import signal
import sys
from importlib import resources
from pathlib import Path
from types import FrameType

from alerttui.config import load_settings
from alerttui.demo.stack import LocalStack, StackError, missing_binaries
from alerttui.i18n import _

TENANTS = (
    # id, display name, Slack language, role
    ("acme", "ACME Corp", "fr", "responder"),
    ("globex", "Globex", "de", "admin"),
    ("initech", "Initech", "en", "viewer"),
)

PANELS = (
    ("CPU", "demo:cpu_percent", "percent", 80, 93),
    ("Memory", "demo:memory_bytes", "bytes", 12e9, 15e9),
    ("Disk", "demo:disk_used_percent", "percent", 70, 95),
    ("API p95", "demo:api_p95_seconds", "seconds", 0.25, 1.0),
    ("DB p95", "demo:db_query_p95_seconds", "seconds", 0.2, 0.5),
    ("Orders", "demo:orders_per_second", "ops", None, None),
)


def demo_rules() -> str:
    return resources.files("alerttui.demo").joinpath("rules.yml").read_text(encoding="utf-8")


def demo_config(stack: LocalStack, language: str | None = None, kiosk: bool = False) -> str:
    urls = ", ".join(f'"{u}"' for u in stack.alertmanager_urls)
    lines = ["[ui]", 'refresh = "5s"', 'metrics_refresh = "10s"', 'metrics_range = "15m"']
    if language:
        lines.append(f'language = "{language}"')
    if kiosk:
        lines.append("kiosk = true")
    for tid, name, lang, role in TENANTS:
        lines += ["", "[[tenants]]", f'id = "{tid}"', f'name = "{name}"', f'language = "{lang}"', f'role = "{role}"',
                  "[tenants.alertmanager]", f"urls = [{urls}]", f"matchers = ['tenant=\"{tid}\"']",
                  "[tenants.prometheus]", f'url = "{stack.prometheus_url}"',
                  # One incident per team: HighCPU and CPUSaturated (platform) are one, as are
                  # DiskAlmostFull and DiskFull (storage); press i.
                  "[tenants.correlation]", 'labels = ["team"]']
        for title, metric, unit, warn, crit in PANELS:
            lines += ["[[tenants.panels]]", f'title = "{title}"', f"query = 'avg({metric}{{tenant=\"{tid}\"}})'",
                      f'unit = "{unit}"']
            if warn is not None:
                lines += [f"warn = {warn}", f"crit = {crit}"]
    return "\n".join(lines) + "\n"


def _raise_exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def run_demo(lang: str | None = None, kiosk: bool = False) -> int:
    missing = missing_binaries()
    if missing:
        print(_("alerttui demo needs the Debian packages {pkgs}: sudo apt-get install {pkgs}").format(
            pkgs=" ".join(missing)), file=sys.stderr)
        return 1
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _raise_exit)
    stack = LocalStack(rule_files={"demo.yml": demo_rules()}, evaluation_interval="5s")
    try:
        stack.start()
    except StackError as exc:
        print(_("alerttui demo: the local stack did not start: {reason}").format(reason=exc), file=sys.stderr)
        return 1
    try:
        assert stack.workdir is not None
        path = Path(stack.workdir) / "config.toml"
        path.write_text(demo_config(stack, lang, kiosk))
        settings = load_settings(path)
        from alerttui import i18n
        from alerttui.app import run_app

        if lang:
            i18n.set_language(lang)
        i18n.set_timezone(settings.ui.timezone)
        return run_app(settings, kiosk=kiosk)
    finally:
        stack.stop()
