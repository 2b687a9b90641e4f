"""``alerttui check-config`` and route templates: a template that cannot work fails the
check (exit 2) naming the config file, the route, the template file and the problem, so a
broken template is found before an incident, not in the middle of one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from alerttui.cli import main

CONFIG = """\
[slack]
token_env = "SLACK_TOKEN"
[[slack.routes]]
name = "everything"
channel = "#alerts"
[[slack.routes]]
name = "db-team"
matchers = ['team="db"']
channel = "#db"
template = "{template}"
[[tenants]]
id = "acme"
[tenants.alertmanager]
urls = ["http://127.0.0.1:1"]
"""


@pytest.fixture
def config(write_config, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SLACK_TOKEN", "xoxb-template-test")

    def make(template: str) -> tuple[str, str]:
        path = tmp_path / "db.j2"
        path.write_text(template)
        return str(write_config(CONFIG.format(template=path))), str(path)

    return make


def test_syntax_error_names_file_route_and_line(config) -> None:  # type: ignore[no-untyped-def]
    cfg, tpl = config("*{{ alert.alertname }}*\n{% if labels.team %}\n{{ labels.team }\n")
    proc = subprocess.run([sys.executable, "-m", "alerttui", "check-config", "--config", cfg],
                          capture_output=True, text=True, timeout=60, env={"SLACK_TOKEN": "x", "PATH": ""})
    assert proc.returncode == 2
    [line] = proc.stderr.splitlines()
    assert line.startswith(f"{cfg}: slack.routes[1].template: ")
    assert f"{tpl}: line 3: unexpected '}}'" in line
    assert "Traceback" not in proc.stderr and proc.stdout == ""


@pytest.mark.parametrize(("template", "problem"), [
    ("{{ alert.alertname }} {{ alert.sumary }}", "'dict object' has no attribute 'sumary'"),  # a typo
    ("{{ alertname }}", "'alertname' is undefined"),
    ("{{ alert.__class__.__mro__ }}", "access to attribute '__class__' of 'dict' object is unsafe"),
    ("{{ self.__init__.__globals__ }}", "access to attribute '__init__' of 'TemplateReference' object is unsafe"),
])
def test_trial_render_catches_what_only_rendering_shows(config, capsys, template, problem) -> None:  # type: ignore[no-untyped-def]
    cfg, tpl = config(template)
    assert main(["check-config", "--config", cfg]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    [line] = err.splitlines()
    assert line.startswith(f"{cfg}: slack.routes[1] (db-team): template {tpl}: ")
    assert problem in line


def test_a_good_template_passes(config, capsys) -> None:  # type: ignore[no-untyped-def]
    # Any label or annotation may be named: alerts differ in them, so none is "undefined".
    cfg, _tpl = config("*{{ alert.alertname }}* ({{ labels.team }}, {{ labels.zone }}) {{ annotations.dashboard }}\n"
                       "{% for k, v in labels.items() %}{{ k }}={{ v }} {% endfor %}{{ note }} {{ status }}")
    assert main(["check-config", "--config", cfg]) == 0
    assert "OK, 1 tenant" in capsys.readouterr().out
