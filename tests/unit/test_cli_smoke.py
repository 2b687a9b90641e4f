"""The installed console entry point answers, and a bad config is a clean exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "alerttui", *args], capture_output=True, text=True, timeout=60)


def test_check_config_ok(write_config) -> None:  # type: ignore[no-untyped-def]
    path = write_config('[[tenants]]\nid = "acme"\n[tenants.alertmanager]\nurls = ["http://127.0.0.1:1"]\n')
    proc = run("check-config", "--config", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "OK, 1 tenant" in proc.stdout
    assert "http://127.0.0.1:1" in proc.stdout


def test_check_config_unknown_key_exit_2(write_config) -> None:  # type: ignore[no-untyped-def]
    path = write_config('[[tenants]]\nid = "acme"\nrole = "responder"\nrefersh = "1s"\n'
                        '[tenants.alertmanager]\nurls = ["http://127.0.0.1:1"]\n')
    proc = run("check-config", "--config", str(path))
    assert proc.returncode == 2
    assert f"{path}: tenants[0].refersh: unknown key" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_config_file_exit_2(tmp_path: Path) -> None:
    proc = run("check-config", "--config", str(tmp_path / "nope.toml"))
    assert proc.returncode == 2
    assert "no such file" in proc.stderr
