"""The SLA report as Markdown, CSV or a self-contained HTML page, in the active language.

Untrusted text (alert names and labels, operator names, backend errors) is cleaned of control
characters and ANSI escapes and bounded, then escaped for the format: Markdown's punctuation
and HTML are backslash-escaped, CSV cells that a spreadsheet would run as a formula get a
leading apostrophe, and HTML is autoescaped by Jinja2, with a Content-Security-Policy that lets
nothing run or load (the charts are inline SVG)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from jinja2 import Environment

from alerttui.domain.report import Incident, Report
from alerttui.durations import format_duration
from alerttui.i18n import _, fmt_datetime, fmt_number, get_language
from alerttui.reports import svg
from alerttui.sanitize import clean

FORMATS = ("md", "csv", "html")
INCIDENT_ROWS = 200  # the longest incidents beyond this are counted, not listed (CSV lists all)


def _dur(value: timedelta | None) -> str:
    return "-" if value is None else format_duration(value)


def _pct(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{fmt_number(value * 100, digits)} %"


def _when(value: datetime | None) -> str:
    return "-" if value is None else fmt_datetime(value, "short")


def _labels(labels: Mapping[str, str], limit: int = 200) -> str:
    return clean(", ".join(f"{k}={v}" for k, v in sorted(labels.items()) if k != "alertname"), limit)


def _met(value: bool | None) -> str:
    return {True: _("met"), False: _("missed"), None: _("no data")}[value]


# -- what every format says ----------------------------------------------------------------------

def _summary(r: Report) -> list[tuple[str, str]]:
    met = sum(1 for s in r.slos if s.met)
    return [
        (_("Tenant ID"), clean(r.tenant, 200)),
        (_("Period"), f"{_when(r.since)} – {_when(r.until)} ({format_duration(r.period)})"),
        (_("SLOs met"), f"{met} / {len(r.slos)}"),
        (_("Incidents"), str(len(r.incidents))),
        (_("Acknowledged"), f"{r.acknowledged} / {len(r.incidents)}"),
        (_("MTTA (mean time to acknowledge)"), _dur(r.mtta)),
        (_("MTTR (mean time to resolve)"), _dur(r.mttr)),
    ]


def _slo_rows(r: Report) -> tuple[list[str], list[list[str]]]:
    headers = [_("SLO"), _("Objective"), _("Availability"), _("Result"), _("Budget consumed"),
               _("Equivalent downtime")]
    rows = [[clean(s.name, 100), f"{fmt_number(s.objective, 3)} %", _pct(s.availability), _met(s.met),
             _pct(s.budget_consumed, 1), _dur(s.downtime)] for s in r.slos]
    return headers, rows


def _incident_rows(incidents: list[Incident]) -> tuple[list[str], list[list[str]]]:
    headers = [_("Started"), _("Alert"), _("Labels"), _("Duration"), _("Time to acknowledge"),
               _("Acknowledged by"), _("Time to resolve")]
    rows = [[_when(i.start), clean(i.alertname, 100), _labels(i.labels), _dur(i.duration)
             + ("" if i.end else " " + _("(still firing)")), _dur(i.time_to_ack),
             clean(i.ack.operator, 60) if i.ack else "-", _dur(i.time_to_resolve)] for i in incidents]
    return headers, rows


def _noisy_rows(r: Report) -> tuple[list[str], list[list[str]]]:
    headers = [_("Alert"), _("Labels"), _("Times fired"), _("Firing time"), _("Flaps per hour")]
    rows = [[clean(n.alertname, 100), _labels(n.labels), str(n.fired), format_duration(n.total),
             fmt_number(n.flaps_per_hour, 2)] for n in r.noisy]
    return headers, rows


def _method() -> list[str]:
    return [
        _("Availability: 1 - the SLO's error ratio over the whole period, computed by Prometheus with the SLO's "
          "own queries and the period as the range; the daily figures use a one-day range at each day's end."),
        _("Budget consumed: the error ratio divided by the error budget (100 % - objective); over 100 % means "
          "the objective was missed. Equivalent downtime: the error ratio as time, as if every request had "
          "failed for that long."),
        _("Incident: one firing interval of one alert, from Prometheus's ALERTS series (first to last sample)."),
        _("Acknowledged: the first successful ack or silence in the audit log made while it fired whose matchers "
          "match the alert's labels. Time to acknowledge: from the start to then; time to resolve: from the "
          "start to the end. MTTA and MTTR are the means over the incidents that have one."),
        _("Noisiest alerts: the alert series that fired most often in the period, then the longest."),
    ]


def _listed(r: Report) -> list[Incident]:
    if len(r.incidents) <= INCIDENT_ROWS:
        return list(r.incidents)
    longest = sorted(r.incidents, key=lambda i: -i.duration.total_seconds())[:INCIDENT_ROWS]
    return sorted(longest, key=lambda i: (i.start, i.alertname))


def _title(r: Report) -> str:
    return _("SLA report: {tenant}").format(tenant=clean(r.tenant_name, 100))


# -- Markdown ------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")


def md_escape(text: str) -> str:
    """Cleaned text, its Markdown and HTML punctuation backslash-escaped (a label cannot make
    a link, a heading, a table cell or a tag)."""
    return _MD_SPECIAL.sub(r"\\\1", clean(text))


def _md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(md_escape(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return out


def to_markdown(r: Report) -> str:
    out = [f"# {md_escape(_title(r))}", ""]
    out += [f"- **{md_escape(k)}**: {md_escape(v)}" for k, v in _summary(r)]
    out += ["", f"## {md_escape(_('Availability'))}", ""]
    headers, rows = _slo_rows(r)
    out += _md_table(headers, rows) if rows else [md_escape(_("No SLO is configured for this tenant."))]
    out += ["", f"## {md_escape(_('Incidents'))}", ""]
    listed = _listed(r)
    headers, rows = _incident_rows(listed)
    out += _md_table(headers, rows) if rows else [md_escape(_("No alert fired in the period."))]
    if len(listed) < len(r.incidents):
        out += ["", md_escape(_("The {shown} longest of {total} incidents are listed.").format(
            shown=len(listed), total=len(r.incidents)))]
    out += ["", f"## {md_escape(_('Noisiest alerts'))}", ""]
    headers, rows = _noisy_rows(r)
    out += _md_table(headers, rows) if rows else [md_escape(_("No alert fired in the period."))]
    if r.errors:
        out += ["", f"## {md_escape(_('Not read'))}", ""] + [f"- {md_escape(clean(e, 300))}" for e in r.errors]
    out += ["", f"## {md_escape(_('How the figures are computed'))}", ""]
    out += [f"- {md_escape(line)}" for line in _method()]
    return "\n".join(out) + "\n"


# -- CSV -----------------------------------------------------------------------------------------

def csv_cell(value: Any) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ (or a tab or CR) would be
    run as a formula, so it gets a leading apostrophe (OWASP's advice)."""
    text = "" if value is None else clean(str(value), 10_000)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _iso(value: datetime | None) -> str:
    return "" if value is None else value.isoformat().replace("+00:00", "Z")


def _secs(value: timedelta | None) -> str:
    return "" if value is None else str(int(value.total_seconds()))


def to_csv(r: Report) -> str:
    """Three sections, each with its own header row, a blank line between: machine values
    (ISO times in UTC, seconds, ratios), English column names (a stable contract)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")

    def row(values: list[Any]) -> None:
        w.writerow([csv_cell(v) for v in values])

    row(["slo", "objective_percent", "availability", "error_ratio", "budget_consumed", "met", "period_start",
         "period_end"])
    for s in r.slos:
        a, b, e = s.availability, s.budget_consumed, s.status.error_ratio
        row([s.name, s.objective, "" if a is None else f"{a:.10g}", "" if e is None else f"{e:.10g}",
             "" if b is None else f"{b:.10g}",
             "" if s.met is None else str(s.met).lower(), _iso(r.since), _iso(r.until)])
    w.writerow([])
    row(["incident_start", "incident_end", "alertname", "labels", "duration_seconds", "acknowledged_at",
         "acknowledged_by", "time_to_acknowledge_seconds", "time_to_resolve_seconds"])
    for i in r.incidents:
        row([_iso(i.start), _iso(i.end), i.alertname, _labels(i.labels, 10_000), _secs(i.duration),
             _iso(i.ack.time) if i.ack else "", i.ack.operator if i.ack else "", _secs(i.time_to_ack),
             _secs(i.time_to_resolve)])
    w.writerow([])
    row(["alertname", "labels", "fired", "firing_seconds", "flaps_per_hour"])
    for n in r.noisy:
        row([n.alertname, _labels(n.labels, 10_000), n.fired, _secs(n.total), f"{n.flaps_per_hour:.4f}"])
    return buf.getvalue()


# -- HTML ----------------------------------------------------------------------------------------

_PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #212121; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #e0e0e0; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
#incidents td:nth-child(3), #noisy td:nth-child(2) { overflow-wrap: anywhere; }
th { background: #f5f5f5; }
dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
dt { font-weight: bold; }
.missed { color: #c62828; font-weight: bold; } .met { color: #2e7d32; }
figure { margin: 0.5rem 0 1.5rem; } figcaption { font-size: 0.85rem; color: #616161; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<dl>{% for k, v in summary %}<dt>{{ k }}</dt><dd>{{ v }}</dd>{% endfor %}</dl>
<h2>{{ t.availability }}</h2>
{% if slo_rows %}
<table><tr>{% for h in slo_headers %}<th>{{ h }}</th>{% endfor %}</tr>
{% for row, cls in slo_rows %}<tr>{% for c in row %}<td{% if loop.index == 4 %} class="{{ cls }}"{% endif %}>{{ c }}</td>{% endfor %}</tr>
{% endfor %}</table>
{% for chart, caption in slo_charts %}<figure>{{ chart|safe }}<figcaption>{{ caption }}</figcaption></figure>
{% endfor %}
{% else %}<p>{{ t.no_slo }}</p>{% endif %}
<h2>{{ t.incidents }}</h2>
{% if incident_rows %}
<figure>{{ timeline|safe }}<figcaption>{{ t.timeline }}</figcaption></figure>
<table id="incidents"><tr>{% for h in incident_headers %}<th>{{ h }}</th>{% endfor %}</tr>
{% for row in incident_rows %}<tr>{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>
{% endfor %}</table>
{% if more %}<p>{{ more }}</p>{% endif %}
{% else %}<p>{{ t.none_fired }}</p>{% endif %}
<h2>{{ t.noisy }}</h2>
{% if noisy_rows %}
<figure>{{ noisy_chart|safe }}<figcaption>{{ t.noisy_caption }}</figcaption></figure>
<table id="noisy"><tr>{% for h in noisy_headers %}<th>{{ h }}</th>{% endfor %}</tr>
{% for row in noisy_rows %}<tr>{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>
{% endfor %}</table>
{% else %}<p>{{ t.none_fired }}</p>{% endif %}
{% if errors %}<h2>{{ t.not_read }}</h2><ul>{% for e in errors %}<li>{{ e }}</li>{% endfor %}</ul>{% endif %}
<h2>{{ t.method }}</h2>
<ul>{% for line in method %}<li>{{ line }}</li>{% endfor %}</ul>
</body>
</html>
"""

_env = Environment(autoescape=True, keep_trailing_newline=True)
_template = _env.from_string(_PAGE)


def to_html(r: Report) -> str:
    slo_headers, slo_rows = _slo_rows(r)
    listed = _listed(r)
    incident_headers, incident_rows = _incident_rows(listed)
    noisy_headers, noisy_rows = _noisy_rows(r)
    objective = _("objective")
    charts = [(svg.daily_availability(s, _("{slo}: availability per day").format(slo=s.name),
                                      f"{objective} {fmt_number(s.objective, 3)} %"),
               _("{slo}: availability per day (each bar: 24 hours, the last one ending at the end of the period); "
                 "red: below the objective").format(slo=clean(s.name, 100)))
              for s in r.slos if s.daily]
    more = (_("The {shown} longest of {total} incidents are listed.").format(shown=len(listed), total=len(r.incidents))
            if len(listed) < len(r.incidents) else "")
    return _template.render(
        lang=get_language(), title=_title(r), summary=_summary(r),
        slo_headers=slo_headers, slo_rows=[(row, "met" if s.met else "missed") for row, s in zip(slo_rows, r.slos,
                                                                                                  strict=True)],
        slo_charts=charts,
        incident_headers=incident_headers, incident_rows=incident_rows, more=more,
        timeline=svg.timeline(r.histories, r.since, r.until, _("When each alert fired")),
        noisy_headers=noisy_headers, noisy_rows=noisy_rows,
        noisy_chart=svg.noisy_bars(r.noisy, _("Times each alert fired")),
        errors=[clean(e, 300) for e in r.errors], method=_method(),
        t={"availability": _("Availability"), "incidents": _("Incidents"), "noisy": _("Noisiest alerts"),
           "no_slo": _("No SLO is configured for this tenant."), "none_fired": _("No alert fired in the period."),
           "timeline": _("When each alert fired (the longest firing first)"),
           "noisy_caption": _("Times each alert fired in the period"), "not_read": _("Not read"),
           "method": _("How the figures are computed")})


def render(r: Report, fmt: str) -> str:
    return {"md": to_markdown, "csv": to_csv, "html": to_html}[fmt](r)
