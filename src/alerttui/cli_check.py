"""``alerttui check-config``: what the config says, secrets masked."""

from __future__ import annotations

from alerttui.config import HTTPConfig, Settings
from alerttui.durations import format_duration
from alerttui.i18n import _, ngettext


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
            if http.headers:
                lines.append(f"    {'':<13}" + _("headers: {h}").format(
                    h=", ".join(f"{k}: {v}" for k, v in http.headers.items())))
            tls = _tls(http)
            if tls:
                lines.append(f"    {'':<13}" + _("TLS: {tls}").format(tls=tls))
            if kind == "alertmanager" and t.alertmanager and t.alertmanager.matchers:
                lines.append(f"    {'':<13}" + _("scope: {m}").format(m=", ".join(t.alertmanager.matchers)))
        if t.panels:
            lines.append(f"    {_('panels'):<13}" + ", ".join(p.title for p in t.panels))
    return lines


def print_check(settings: Settings) -> None:
    print("\n".join(check_report(settings)))
