"""The SLA report's arithmetic and rendering, on a hand-made history and audit fixture: MTTA
and MTTR equal what is worked out by hand below; hostile labels stay text in Markdown, CSV
(no formula) and HTML (no tag)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from alerttui.domain.history import AlertHistory, Interval
from alerttui.domain.report import Report, acks_from_audit, incidents_from, noisiest
from alerttui.reports.render import csv_cell, md_escape, to_csv, to_html, to_markdown

T0 = datetime(2026, 11, 1, tzinfo=UTC)
UNTIL = T0 + timedelta(days=7)
M = timedelta(minutes=1)

DISK = AlertHistory({"alertname": "DiskFull", "instance": "db-1", "tenant": "shop"}, (
    Interval(T0 + timedelta(hours=1), T0 + timedelta(hours=3)),       # 2 h, acked after 7 min
    Interval(T0 + timedelta(days=2), T0 + timedelta(days=2, minutes=30)),  # 30 min, silenced after 3 min
), T0, UNTIL)
FLAP = AlertHistory({"alertname": "LinkFlap", "instance": "sw-2", "tenant": "shop"}, (
    Interval(T0 + timedelta(days=3), T0 + timedelta(days=3, minutes=5)),    # acked after 2 min
    Interval(T0 + timedelta(days=3, minutes=10), T0 + timedelta(days=3, minutes=15)),  # never acked
), T0, UNTIL)
CERT = AlertHistory({"alertname": "CertExpiry", "instance": "web-1", "tenant": "shop"}, (
    Interval(UNTIL - timedelta(minutes=90), None),  # still firing: no time to resolve
), T0, UNTIL)


def rec(when: datetime, action: str, matchers: str, result: str = "ok", tenant: str = "shop",
        operator: str = "alice") -> dict:  # type: ignore[type-arg]
    return {"time": when.isoformat().replace("+00:00", "Z"), "operator": operator, "tenant": tenant,
            "action": action, "target": "x", "parameters": {"matchers": matchers}, "result": result}


AUDIT = [
    # DiskFull #1: a failed ack at +1 min does not count; alice's ack at +7 min does.
    rec(T0 + timedelta(hours=1, minutes=1), "ack", '{alertname="DiskFull", instance="db-1"}', result="failed"),
    rec(T0 + timedelta(hours=1, minutes=7), "ack", '{alertname="DiskFull", instance="db-1", tenant="shop"}'),
    # Another tenant's silence at +2 min does not count.
    rec(T0 + timedelta(days=2, minutes=2), "silence", '{alertname="DiskFull"}', tenant="globex"),
    # DiskFull #2: bob's broad silence at +3 min (only alertname) counts.
    rec(T0 + timedelta(days=2, minutes=3), "silence", '{alertname="DiskFull"}', operator="bob"),
    # LinkFlap #1: an ack at +2 min with an external label ALERTS does not carry (cluster).
    rec(T0 + timedelta(days=3, minutes=2), "ack", '{alertname="LinkFlap", instance="sw-2", cluster="eu"}'),
    # LinkFlap #2: an ack of another instance does not count; a forward is not an ack.
    rec(T0 + timedelta(days=3, minutes=11), "ack", '{alertname="LinkFlap", instance="sw-9"}'),
    rec(T0 + timedelta(days=3, minutes=12), "forward", '{alertname="LinkFlap", instance="sw-2"}'),
    # Garbage: no time, matchers that do not parse.
    {"tenant": "shop", "action": "ack", "result": "ok", "parameters": {"matchers": '{a="b"}'}},
    rec(T0 + timedelta(days=3, minutes=12), "ack", "{alertname=="),
]


def report() -> Report:
    histories = (DISK, FLAP, CERT)
    return Report("shop", "Shop", T0, UNTIL, (), tuple(incidents_from(histories, acks_from_audit(AUDIT, "shop"))),
                  tuple(noisiest(histories)), histories)


def test_mtta_and_mttr_equal_the_hand_computation() -> None:
    r = report()
    assert len(r.incidents) == 5 and r.acknowledged == 3
    by_start = {i.start: i for i in r.incidents}
    assert by_start[T0 + timedelta(hours=1)].ack.operator == "alice"  # type: ignore[union-attr]
    assert by_start[T0 + timedelta(days=2)].ack.operator == "bob"  # type: ignore[union-attr]
    assert by_start[T0 + timedelta(days=3, minutes=10)].ack is None
    # TTA: 7, 3 and 2 minutes -> 4 minutes. TTR: 120, 30, 5 and 5 minutes (CERT still fires) -> 40.
    assert r.mtta == 4 * M
    assert r.mttr == 40 * M
    assert [n.alertname for n in r.noisy] == ["DiskFull", "LinkFlap", "CertExpiry"]  # fired 2, 2 (shorter), 1


def test_markdown_csv_and_html_keep_hostile_labels_as_text() -> None:
    hostile = AlertHistory({"alertname": "=HYPERLINK(\"http://x\")<script>alert(1)</script>", "team": "@x",
                            "note": "a|b *c* [l](http://x) \x1b[31mred\x1b]8;;http://x\x07"}, (
        Interval(T0 + timedelta(hours=5), T0 + timedelta(hours=6)),), T0, UNTIL)
    r = Report("shop", "Shop <b>", T0, UNTIL, (), tuple(incidents_from([hostile], [])),
               tuple(noisiest([hostile])), (hostile,))
    md = to_markdown(r)
    assert "<script>" not in md and "\\<script\\>" in md and "\x1b" not in md
    assert "a\\|b" in md and "\\[l\\]\\(http://x\\)" in md
    rows = list(csv.reader(io.StringIO(to_csv(r))))
    cells = [c for row in rows for c in row]
    assert not any(c[:1] in "=+-@" and c for c in cells), cells
    assert any("HYPERLINK" in c for c in cells)
    page = to_html(r)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Shop &lt;b&gt;" in page and "\x1b" not in page
    assert "default-src 'none'" in page


def test_escapers() -> None:
    assert md_escape("<!channel> `x`") == "\\<\\!channel\\> \\`x\\`"
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("-5") == "'-5" and csv_cell("ok") == "ok"
