"""R4: hostile input everywhere it enters. A corpus (markup, ANSI CSI/OSC incl. OSC 8
hyperlinks and OSC 52 clipboard writes, C0/C1 controls, 1 MB values, bidi overrides, zero-width
joiners, Slack's <!channel>) and hypothesis-generated text go through the config loader, the
matcher parser, Slack rendering and the report renderers (HTML, Markdown, CSV): 0 tracebacks
(only our own error types), 0 sequences a terminal, Slack, a browser or a spreadsheet would
interpret. The table and details screens are covered by tests/ui/test_untrusted.py, with
this corpus too."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alerttui.config import ConfigError, load_settings, parse_settings
from alerttui.domain import MatcherError, parse_matchers
from alerttui.domain.report import Incident, Noisy, Report
from alerttui.forwarding.render import alert_message
from alerttui.reports.render import render
from alerttui.sanitize import clean
from tests.ui.factory import alert

ESC, BEL = "\x1b", "\x07"
CORPUS = {
    "markup": "[bold red]x[/] [link=https://evil.example]click[/link] [@click=app.quit]quit[/]",
    "csi": "before\x1b[31mRED\x1b[0m\x1b[2J\x1b[?1049h after",
    "osc8": "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
    "osc52": "\x1b]52;c;cm0gLXJmIH4K\x07 copied",
    "title": "\x1b]0;pwned title\x07",
    "c0": "a\x00b\x07c\x08d\x0be\x0cf\x1ag\x7fh",
    "c1": "i\x84j\x85k\x8dl\x90m\x9bn\x9do\x9ep\x9fq",
    "bidi": "خطأ في القرص \u202eevil\u202c \u2066x\u2069 \u200f",
    "zwj": "👨\u200d👩\u200d👧 family, a\u200db, \u200bzero-width",
    "slack": "<!channel> <!here> <@U123> <#C999|ops> <https://evil.example|click> &amp; &lt;",
    "html": "<script>alert(1)</script><img src=x onerror=alert(1)> \"'&",
    "csv": "=HYPERLINK(\"https://evil.example\",\"x\")",
    "huge": "A" * 1_000_000,
}
# What must never come out: escape/control characters a terminal acts on, bidi overrides.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

text_st = st.text(st.characters(codec="utf-8"), max_size=300) | st.sampled_from(list(CORPUS.values()))


def hostile(**extra: str):  # type: ignore[no-untyped-def]
    labels = {f"l_{k}": v for k, v in CORPUS.items()}
    return alert("Hostile" + CORPUS["markup"], severity="critical", summary=CORPUS["slack"] + CORPUS["osc8"],
                 description=CORPUS["csi"] + CORPUS["html"], **labels, **extra)


# -- clean(): the one door for terminal text -----------------------------------------------------

@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_corpus_comes_out_clean(name: str) -> None:
    out = clean(CORPUS[name], None, single_line=False)
    assert not FORBIDDEN.search(out), (name, out[:200])
    assert ESC not in out and "]52;" not in out and "]8;;" not in out.replace("]8;;https", "")


def test_a_zero_width_joiner_survives_inside_the_family_emoji_only() -> None:
    out = clean(CORPUS["zwj"], None)
    assert "👨\u200d👩\u200d👧" in out and "a\u200db" not in out


# -- the config loader -------------------------------------------------------------------------

@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=400))
def test_any_config_file_is_loaded_or_refused_with_a_config_error(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_bytes(data)
    try:
        load_settings(path)
    except ConfigError as exc:
        assert str(exc) and "Traceback" not in str(exc)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "name", "role", "language", "max_silence", "alertmanager",
                                        "prometheus", "panels", "http"]),
                       st.one_of(text_st, st.integers(), st.lists(text_st, max_size=3),
                                 st.dictionaries(text_st, text_st, max_size=3)), max_size=6))
def test_any_tenant_table_is_accepted_or_named(tenant: dict) -> None:  # type: ignore[type-arg]
    try:
        parse_settings({"tenants": [tenant]}, Path("hostile.toml"))
    except ConfigError as exc:
        assert "tenants[0]" in str(exc) or "hostile.toml" in str(exc)


def test_a_hostile_but_valid_config_keeps_the_values_literal(tmp_path: Path) -> None:
    name = CORPUS["markup"] + CORPUS["csi"]
    path = tmp_path / "c.toml"
    path.write_text('[[tenants]]\nid = "a"\nname = ' + json.dumps(name) + '\n[tenants.prometheus]\n'
                    'url = "http://127.0.0.1:9090"\n')
    assert tomllib.loads(path.read_text())["tenants"][0]["name"] == name
    s = load_settings(path)
    assert s.tenants[0].display_name == name  # kept as given; cleaned where it is drawn or sent


# -- the matcher parser ------------------------------------------------------------------------

@given(text_st)
def test_the_matcher_parser_accepts_or_says_why(text: str) -> None:
    try:
        parse_matchers(text)
    except MatcherError as exc:
        assert str(exc)


# -- Slack ---------------------------------------------------------------------------------------

SLACK_LIVE = re.compile(r"<(?!https?://[^|>]+\|[^>]*>)[^>]*>")  # any <...> Slack would act on, but our links


def _slack_text(a) -> str:  # type: ignore[no-untyped-def]
    msg = alert_message(a, tenant_name=CORPUS["slack"], language="en", tz=ZoneInfo("UTC"),
                        operator=CORPUS["markup"], note=CORPUS["slack"] + CORPUS["osc52"], mention=None)
    return json.dumps(msg.payload(), ensure_ascii=False)


def test_slack_gets_the_corpus_as_plain_text() -> None:
    text = json.loads(json.dumps(_slack_text(hostile())))
    assert not SLACK_LIVE.search(text.replace("<https://runbooks", "")), SLACK_LIVE.search(text)
    assert "<!channel>" not in text and "<@U123>" not in text and "&lt;!channel&gt;" in text
    assert not FORBIDDEN.search(json.loads(text)["text"])
    assert len(text) < 60_000  # 1 MB values are cut to Block Kit's limits


@settings(max_examples=200, deadline=None)
@given(text_st, text_st)
def test_slack_escaping_holds_for_any_text(summary: str, label: str) -> None:
    payload = json.loads(_slack_text(alert("X", severity="critical", summary=summary, instance=label)))
    blob = json.dumps(payload, ensure_ascii=False)
    assert "<!" not in blob and "<@" not in blob and "<#" not in blob
    for block in payload.get("blocks", []):
        for part in (block.get("text") or {}, *block.get("elements", [])):
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                assert not FORBIDDEN.search(part["text"])


# -- reports: HTML, Markdown, CSV --------------------------------------------------------------

def _report(labels: dict[str, str], name: str) -> Report:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    return Report("acme", name, now - timedelta(days=7), now, (),
                  (Incident(name, labels, now - timedelta(hours=2), now - timedelta(hours=1), None, None),),
                  (Noisy(name, labels, 3, timedelta(hours=1), 0.5),), (), (CORPUS["csi"],))


def test_the_reports_carry_the_corpus_inert() -> None:
    labels = {f"l_{k}": v for k, v in CORPUS.items()}
    r = _report(labels, "Hostile" + CORPUS["html"])
    html = render(r, "html")
    assert "<script>" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;" in html
    assert not FORBIDDEN.search(html.replace("\n", "").replace("\t", ""))
    md = render(r, "md")
    assert not FORBIDDEN.search(md.replace("\n", "").replace("\t", ""))
    csv = render(r, "csv")
    assert ",=HYPERLINK" not in csv and "\n=HYPERLINK" not in csv
    assert not FORBIDDEN.search(csv.replace("\n", "").replace("\r", ""))


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(text_st, text_st, max_size=4), text_st, st.sampled_from(["html", "md", "csv"]))
def test_any_labels_render_in_any_format(labels: dict[str, str], name: str, fmt: str) -> None:
    out = render(_report(labels, name), fmt)
    assert not FORBIDDEN.search(out.replace("\n", "").replace("\r", "").replace("\t", ""))
    if fmt == "html":
        assert "<script" not in out.lower().replace("&lt;script", "")
