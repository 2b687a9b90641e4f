"""The installed console entry point answers, and a bad config is a clean exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


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


# -- --help in the user's language, argparse's own words included ---------------------------------

ENGLISH_ARGPARSE = ("usage:", "options", "positional arguments", "show this help", "show program's")
COMMANDS = [(), ("check-config",), ("alerts",), ("silence",), ("silence", "add"), ("silence", "list"),
            ("silence", "expire"), ("ack",), ("audit",), ("forward",), ("outbox",), ("demo",)]


def test_help_in_german_has_no_english_argparse_words() -> None:
    for args in ((), ("silence", "add")):
        proc = run("--lang", "de", *args, "--help")
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith("Aufruf: alerttui")
        lowered = proc.stdout.lower()
        for word in ENGLISH_ARGPARSE:
            assert word not in lowered, (args, word)
        assert "Optionen:" in proc.stdout and "diese Hilfe anzeigen" in proc.stdout


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a) or "alerttui")
def test_every_command_help_is_german(args: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    from alerttui.cli import main

    with pytest.raises(SystemExit) as stop:
        main([*args, "--help", "--lang", "de"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Aufruf: ")
    for word in ENGLISH_ARGPARSE:
        assert word not in out.lower(), word


def test_usage_errors_are_translated_too(capsys: pytest.CaptureFixture[str]) -> None:
    from alerttui.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["--lang", "de", "silence", "add"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("Aufruf: alerttui silence add")
    assert "the following arguments are required" not in err and "--comment" in err


def test_help_in_english_and_version() -> None:
    proc = run("silence", "expire", "--help")
    assert proc.returncode == 0 and proc.stdout.startswith("usage: alerttui silence expire")
    assert "show this help message and exit" in proc.stdout and "--tenant ID" in proc.stdout
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("alerttui ")
