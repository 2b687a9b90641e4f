"""[privacy] redact: names masked whole, /regex/ and presets masked where they match; matcher
strings and nested audit parameters; reports; screenshots; bad entries named in the config."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alerttui.config import ConfigError, parse_settings
from alerttui.domain.report import Incident, Noisy, Report
from alerttui.privacy import MASK, RedactError, Redactor
from tests.ui.factory import alert

R = Redactor.parse(["user", "Reporter", "@email", "@ipv4", "/ticket-\\d+/"])


def test_names_are_masked_whole_and_patterns_where_they_match() -> None:
    a = alert("LoginFailures", user="jdoe", instance="10.1.2.3:9100", summary="3 failures for ann@example.org",
              reporter="Ann Smith", team="auth")
    b = R.alert(a)
    assert b.labels["user"] == MASK and b.labels["reporter"] == MASK
    assert b.labels["instance"] == f"{MASK}:9100"
    assert b.annotations["summary"] == f"3 failures for {MASK}"
    assert b.labels["team"] == "auth" and b.fingerprint == a.fingerprint
    assert R.text("see ticket-4711 and ticket-x") == f"see {MASK} and ticket-x"
    assert Redactor.parse([]).alert(a) is a  # nothing configured: the same object, no copy


def test_ipv6_and_no_false_ipv4() -> None:
    r = Redactor.parse(["@ipv6", "@ipv4"])
    assert r.text("from 2001:db8::1 and ::1") == f"from {MASK} and {MASK}"
    kept = "version 1.2.3, 999.1.1.1, 03:50:00, std::vector, fe80:1::zz"
    assert r.text(kept) == kept


def test_matchers_and_nested_audit_parameters() -> None:
    params = {"matchers": '{alertname="LoginFailures", user="jdoe", instance=~"10.0.0.7:.*"}',
              "list": ['user="jdoe"', 'team="auth"'],
              "comment": "for ann@example.org", "labels": {"user": "jdoe", "team": "auth"}, "duration": 900}
    out = R.data(params)
    assert out["matchers"] == f'{{alertname="LoginFailures", user="{MASK}", instance=~"{MASK}:.*"}}'
    assert out["list"] == [f'user="{MASK}"', 'team="auth"']
    assert out["comment"] == f"for {MASK}" and out["labels"] == {"user": MASK, "team": "auth"}
    assert out["duration"] == 900


def test_a_report_and_a_screenshot() -> None:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    r = Report("acme", "ACME", now - timedelta(days=7), now, (),
               (Incident("LoginFailures", {"user": "jdoe", "alertname": "LoginFailures"}, now, now, None, None),),
               (Noisy("LoginFailures", {"user": "jdoe"}, 3, timedelta(hours=1), 0.5),), ())
    masked = R.report(r)
    assert masked.incidents[0].labels["user"] == MASK and masked.noisy[0].labels["user"] == MASK
    svg = '<text>jdoe&#160;Smith</text><text>Ann&#160;Smith</text><text>10.0.0.9</text><text>auth</text>'
    out = R.svg(svg, [alert("X", user="jdoe Smith", reporter="Ann Smith")])
    assert "jdoe" not in out and "Ann" not in out and "10.0.0.9" not in out and "auth" in out


@given(st.text(max_size=200))
def test_masked_text_never_contains_an_address(text: str) -> None:
    out = R.text(text + " x.y@example.com")
    assert "x.y@example.com" not in out


@pytest.mark.parametrize(("entry", "problem"), [
    ("/[a-/", "not a valid regular expression"), ("@phone", "unknown preset"), ("/.*/", "matches the empty"),
    ("  ", "an empty entry")])
def test_bad_entries_are_named(entry: str, problem: str, tmp_path: Path) -> None:
    with pytest.raises(RedactError):
        Redactor.parse([entry])
    with pytest.raises(ConfigError) as info:
        parse_settings({"privacy": {"redact": ["user", entry]}, "tenants": [{"id": "a", "prometheus": {
            "url": "http://127.0.0.1:9090"}}]}, tmp_path / "c.toml")
    assert "privacy" in str(info.value) and "redact[1]" in str(info.value) and problem in str(info.value)


def test_the_audit_log_writes_masked_copies(tmp_path: Path) -> None:
    from alerttui.operations import AuditLog

    log = AuditLog(tmp_path / "audit.jsonl", R)
    log.append(operator="alice", tenant="acme", action="ack", target="fp1", result="failed",
               parameters={"matchers": '{alertname="LoginFailures", user="jdoe"}', "comment": "ACK! alice"},
               error="HTTP 500: no silence for jdoe@example.com")
    text = (tmp_path / "audit.jsonl").read_text()
    assert "jdoe" not in text and "LoginFailures" in text and "alice" in text
