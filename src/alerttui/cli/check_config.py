"""``alerttui check-config``: validate the config, Slack templates included (each route's
template rendered once with a sample alert), and print what it says, secrets masked."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from alerttui.cli.exit_codes import EXIT_OK, EXIT_USAGE
from alerttui.cli.parser import add_common
from alerttui.i18n import _, local_tz, ngettext

if TYPE_CHECKING:
    from alerttui.cli.parser import Subparsers
    from alerttui.config import HTTPConfig, Settings
    from alerttui.domain import Alert


def add_parser(sub: Subparsers) -> None:
    p = sub.add_parser("check-config", help=_("validate the config; print tenants and backends"),
                       description=_("Validate the config (Slack templates included); print tenants and backends."))
    add_common(p, tenant=False, sub=True)


def run(args: argparse.Namespace, settings: Settings) -> int:
    problems = check_templates(settings)
    if problems:
        for line in problems:
            print(line, file=sys.stderr)
        return EXIT_USAGE
    print_check(settings)
    return EXIT_OK


# -- the report --------------------------------------------------------------------------------

def _auth(cfg: HTTPConfig) -> str:
    if cfg.bearer_token_env:
        return _("bearer token from ${name} (****)").format(name=cfg.bearer_token_env)
    if cfg.bearer_token_file:
        return _("bearer token from file {path} (****)").format(path=cfg.bearer_token_file)
    if cfg.basic_auth is not None:
        src = (cfg.basic_auth.password_env and f"${cfg.basic_auth.password_env}") or cfg.basic_auth.password_file
        return _("basic auth as {user}, password from {src} (****)").format(user=cfg.basic_auth.username, src=src)
    return _("none")


def _tls(cfg: HTTPConfig) -> str | None:
    t = cfg.tls
    parts = []
    if t.ca_file:
        parts.append(_("CA {path}").format(path=t.ca_file))
    if t.cert_file:
        parts.append(_("client certificate {path}").format(path=t.cert_file))
    if t.insecure_skip_verify:
        parts.append(_("certificate NOT verified (insecure_skip_verify)"))
    return ", ".join(parts) or None


def check_report(settings: Settings) -> list[str]:
    from alerttui.durations import format_duration

    n = len(settings.tenants)
    ui = settings.ui
    lines = [
        ngettext("{path}: OK, {n} tenant", "{path}: OK, {n} tenants", n).format(path=settings.source, n=n),
        _("  ui: language {lang}, time zone {tz}, refresh {r}, metrics every {mr} over {rng}, operator {op}{kiosk}")
        .format(lang=ui.language or _("(from environment)"), tz=ui.timezone, r=format_duration(ui.refresh),
                mr=format_duration(ui.metrics_refresh), rng=format_duration(ui.metrics_range),
                op=ui.operator, kiosk=", " + _("kiosk") if ui.kiosk else ""),
    ]
    for t in settings.tenants:
        lines.append(f"  {t.id} ({t.display_name})  " + _("role {role}, Slack language {lang}").format(
            role=t.role, lang=settings.tenant_language(t)))
        for kind, urls, http in (
            ("alertmanager", t.alertmanager.urls if t.alertmanager else None, t.alertmanager_http()),
            ("prometheus", [t.prometheus.url] if t.prometheus else None, t.prometheus_http()),
        ):
            if not urls:
                continue
            lines.append(f"    {kind:<13}" + ", ".join(urls))
            lines.append(f"    {'':<13}" + _("auth: {auth}; timeout {t}").format(
                auth=_auth(http), t=format_duration(http.timeout)))
            shown = [f"{k}: {v}" for k, v in http.headers.items()]
            shown += [f"{k}: ${env} (****)" for k, env in http.headers_env.items()]
            shown += [f"{k}: " + _("from file {path} (****)").format(path=path) for k, path in http.headers_file.items()]
            if shown:
                lines.append(f"    {'':<13}" + _("headers: {h}").format(h=", ".join(shown)))
            tls = _tls(http)
            if tls:
                lines.append(f"    {'':<13}" + _("TLS: {tls}").format(tls=tls))
            if kind == "alertmanager" and t.alertmanager and t.alertmanager.matchers:
                lines.append(f"    {'':<13}" + _("scope: {m}").format(m=", ".join(t.alertmanager.matchers)))
        if t.panels:
            lines.append(f"    {_('panels'):<13}" + ", ".join(p.title for p in t.panels))
        c = t.correlation
        lines.append(f"    {_('incidents'):<13}" + (
            _("alerts sharing {labels} within {window}").format(labels=", ".join(c.labels),
                                                               window=format_duration(c.window))
            if c.labels else _("Alertmanager's groups, within {window}").format(window=format_duration(c.window))))
    if settings.slack is not None:
        slack = settings.slack
        lines.append("  " + (ngettext("Slack buttons: on (Socket Mode), {n} mapped user", "Slack buttons: on (Socket Mode), {n} mapped users",
                                       len(slack.users)).format(n=len(slack.users))
                             if slack.app_token is not None else _("Slack buttons: off (no app_token_env/_file)")))
    for i, policy in enumerate(settings.escalation):
        steps = ", ".join(f"{format_duration(s.after)} → {s.route}" + (f" {s.mention}" if s.mention else "")
                          for s in policy.steps)
        repeat = _(", repeat every {d}").format(d=format_duration(policy.repeat)) if policy.repeat else ""
        lines.append("  " + _("escalation {name}: {steps}{repeat}").format(name=policy.label(i), steps=steps,
                                                                           repeat=repeat))
    return lines


def print_check(settings: Settings) -> None:
    print("\n".join(check_report(settings)))


# -- the route templates, rendered once ----------------------------------------------------------

class _AnyLabel(dict[str, str]):
    """Labels and annotations in a trial render: any key exists (alerts differ in them)."""

    def __missing__(self, key: str) -> str:
        return key


def _sample_alert(settings: Settings, route_tenants: list[str], severity: str, labels: dict[str, str]) -> Alert:
    from datetime import timedelta

    from alerttui.domain import Alert, AlertState, utcnow

    tenant = route_tenants[0] if route_tenants else settings.tenants[0].id
    base = {"alertname": "SampleAlert", "severity": severity, "instance": "host-1:9100", "job": "node"}
    return Alert(fingerprint="0123456789abcdef", tenant=tenant, labels={**base, **labels},
                 annotations={"summary": "a sample summary", "description": "a sample description",
                              "runbook_url": "https://runbooks.example/sample"},
                 state=AlertState.ACTIVE, starts_at=utcnow() - timedelta(minutes=5),
                 generator_url="http://prometheus.example/graph")


def check_templates(settings: Settings) -> list[str]:
    """Render every route's template once with a sample alert: an undefined variable or an
    attribute the sandbox forbids fails here, not in the middle of an incident."""
    from alerttui.domain import MatchType
    from alerttui.forwarding.render import context
    from alerttui.sanitize import clean
    from alerttui.templates import TemplateProblem, compile_template, render

    if settings.slack is None:
        return []
    problems = []
    for i, route in enumerate(settings.slack.routes):
        if not route.template:
            continue
        labels = {m.name: m.value for m in route.parsed_matchers if m.type is MatchType.EQUAL}
        alert = _sample_alert(settings, route.tenants, (route.severities or ["critical"])[0], labels)
        tenant = settings.tenant(alert.tenant)
        try:
            ctx = context(alert, tenant_name=tenant.display_name, language=settings.tenant_language(tenant),
                          tz=local_tz(), operator=settings.ui.operator, note="", status="firing")
            ctx["labels"], ctx["annotations"] = _AnyLabel(ctx["labels"]), _AnyLabel(ctx["annotations"])
            render(compile_template(route.template), ctx)
        except TemplateProblem as exc:
            problems.append(_("{path}: slack.routes[{i}] ({route}): template {template}: {reason}").format(
                path=settings.source, i=i, route=route.label, template=route.template, reason=clean(str(exc), 300)))
    return problems
