"""``alerttui report`` against the real Prometheus holding a week of backfilled history and an
audit fixture: the availability equals Prometheus's own ratio, the days of the two injected
outages are the ones that missed the objective, MTTA and MTTR equal the hand computation from
the fixture (to the one-minute step of the history), the report is in the tenant's language,
and the HTML page renders in headless Chromium with nothing run from a hostile label."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from .conftest import DISK, END, FLAPPY
from .test_slo import ERROR_QUERY, TOTAL_QUERY, prometheus_ratio, same4

pytestmark = pytest.mark.stack
M = timedelta(minutes=1)


def _rec(when, action: str, matchers: str, operator: str, result: str = "ok") -> str:  # type: ignore[no-untyped-def]
    return json.dumps({"time": when.isoformat().replace("+00:00", "Z"), "operator": operator, "tenant": "shop",
                       "action": action, "target": "fp", "parameters": {"matchers": matchers}, "result": result})


def audit_fixture(path: Path) -> None:
    disk1, disk2 = DISK.intervals
    flap1 = FLAPPY.intervals[0]
    lines = [
        _rec(disk1[0] + 1 * M, "ack", '{alertname="DiskFull", instance="db-1"}', "alice", result="failed"),
        _rec(disk1[0] + 7 * M, "ack", '{alertname="DiskFull", instance="db-1", severity="critical"}', "alice"),
        _rec(disk2[0] + 3 * M, "silence", '{alertname="DiskFull", tenant="shop"}', "bob"),
        _rec(flap1[0] + 2 * M, "ack", '{alertname="LinkFlap", instance="sw-2"}', "carol"),
    ]
    path.write_text("\n".join(lines) + "\n" + '{"time": "2026-', encoding="utf-8")  # a torn last line


def config(tmp_path: Path, url: str, language: str = "en") -> Path:
    audit = tmp_path / "audit.jsonl"
    audit_fixture(audit)
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[audit]\npath = "{audit}"\n[[tenants]]\nid = "shop"\nname = "Shop"\nlanguage = "{language}"\n'
                   f'[tenants.prometheus]\nurl = "{url}"\n'
                   '[tenants.alertmanager]\nurls = ["http://127.0.0.1:1"]\nmatchers = [\'tenant="shop"\']\n'
                   '[[tenants.slos]]\nname = "checkout"\nobjective = 99.9\nwindow = "7d"\n'
                   f"error_query = '{ERROR_QUERY}'\ntotal_query = '{TOTAL_QUERY}'\n", encoding="utf-8")
    return cfg


def run(cfg: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    env.pop("ALERTTUI_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "alerttui", "report", "--config", str(cfg), "--period", "7d",
                           "--until", END.isoformat(), *args], capture_output=True, text=True, timeout=120, env=env)


def test_report_figures(history, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cfg = config(tmp_path, history.prometheus_url)
    proc = run(cfg, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    sections = [list(csv.reader(io.StringIO(part))) for part in proc.stdout.split("\n\n")]
    slos, incidents, noisy = sections
    [slo] = [dict(zip(slos[0], row, strict=True)) for row in slos[1:]]
    assert same4(float(slo["error_ratio"]), prometheus_ratio(history, "7d", END))
    assert same4(1 - float(slo["availability"]), prometheus_ratio(history, "7d", END))
    assert slo["met"] == "false"  # the two outages spent more than the week's budget
    rows = [dict(zip(incidents[0], row, strict=True)) for row in incidents[1:]]
    assert len(rows) == 2 + 6 + 1  # DiskFull twice, LinkFlap six times, CertExpiry (not globex's)
    # By hand from the fixture: acked after 7, 3 and 2 minutes (the failed ack does not count);
    # resolved after 120, 30 and six times 5 minutes (CertExpiry still fires at the end).
    tta = [int(r["time_to_acknowledge_seconds"]) for r in rows if r["time_to_acknowledge_seconds"]]
    ttr = [int(r["time_to_resolve_seconds"]) for r in rows if r["time_to_resolve_seconds"]]
    assert len(tta) == 3 and len(ttr) == 8
    mtta, mttr = sum(tta) / 3, sum(ttr) / 8
    assert abs(mtta - 4 * 60) <= 60 and abs(mttr - 22.5 * 60) <= 60, (mtta, mttr)
    assert {r["acknowledged_by"] for r in rows} == {"alice", "bob", "carol", ""}
    assert noisy[1][0] == "LinkFlap" and noisy[1][2] == "6"

    md = run(cfg, "--format", "md")
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# SLA report: Shop\n")
    if os.environ.get("ALERTTUI_EVIDENCE"):
        Path(os.environ["ALERTTUI_EVIDENCE"], "report.md").write_text(md.stdout, encoding="utf-8")
    assert re.search(r"MTTA \(mean time to acknowledge\)\*\*: 4m\b|MTTA \\\(mean time to acknowledge\\\)\*\*: [345]m",
                     md.stdout), md.stdout[:600]
    assert "| checkout | 99.900 % |" in md.stdout and "| missed |" in md.stdout
    daily = run(cfg, "--format", "html")
    assert daily.returncode == 0
    # Seven daily bars: red on the day of the outage three days ago and on the last day.
    bars = re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"', daily.stdout.split("<h2>", 2)[1])
    assert bars == ["#2e7d32"] * 4 + ["#c62828", "#2e7d32", "#c62828"], bars


def test_report_in_the_tenant_language_and_written_to_a_file(history, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cfg = config(tmp_path, history.prometheus_url, language="fr")
    out = tmp_path / "out" / "rapport.md"
    proc = run(cfg, "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Rapport SLA") and "Incidents" in text and "Disponibilité" in text
    de = run(cfg, "--lang", "de")
    assert de.returncode == 0 and de.stdout.startswith("# SLA-Bericht"), de.stdout[:200]
    bad = run(cfg, "--period", "forever")
    assert bad.returncode == 2 and "--period" in bad.stderr
    down = config(tmp_path, "http://127.0.0.1:1")
    failed = run(down)
    assert failed.returncode == 1 and "127.0.0.1:1" in failed.stderr and "Traceback" not in failed.stderr


def test_html_report_in_headless_chromium(history, tmp_path) -> None:  # type: ignore[no-untyped-def]
    chromium = shutil.which("chromium")
    assert chromium, "chromium is installed by scripts/bootstrap.sh"
    cfg = config(tmp_path, history.prometheus_url)
    # A hostile alert name in the audit cannot reach the page, but a hostile tenant name can:
    text = cfg.read_text().replace('name = "Shop"', 'name = "Shop <img src=x onerror=alert(1)><script>document.title=1</script>"')
    cfg.write_text(text)
    page = tmp_path / "report.html"
    proc = run(cfg, "--format", "html", "--output", str(page))
    assert proc.returncode == 0, proc.stderr
    base = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            f"--user-data-dir={tmp_path / 'profile'}", "--no-first-run"]
    dom = subprocess.run([*base, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "<script" not in dom.stdout and "<img" not in dom.stdout  # text, not elements
    assert "&lt;script&gt;" in dom.stdout
    assert dom.stdout.count("<svg") == 3  # daily availability, timeline, noisiest
    shot = tmp_path / "report.png"
    subprocess.run([*base, f"--screenshot={shot}", "--window-size=1200,2400", "--hide-scrollbars", page.as_uri()],
                   capture_output=True, text=True, timeout=120, check=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    if os.environ.get("ALERTTUI_EVIDENCE"):  # a directory: keep the page and its screenshot
        shutil.copy(shot, os.environ["ALERTTUI_EVIDENCE"])
        shutil.copy(page, os.environ["ALERTTUI_EVIDENCE"])
