"""Config errors from ``load_settings``: every line names the file, the field path (like
``tenants[1].alertmanager.urls[0]``) and what is expected; malformed TOML gives line and
column; unknown keys are refused; a secret never appears in any error text."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerttui.config import ConfigError, Settings, load_settings

SECRET = "s3cr3t-Zq9-do-not-print"

GOOD_TENANT = """
[[tenants]]
id = "acme"
[tenants.alertmanager]
urls = ["http://127.0.0.1:9093"]
"""


def write(tmp_path: Path, text: str, name: str = "alerttui.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    err = info.value
    assert err.path == path
    assert str(err) == "\n".join(err.problems)
    for line in err.problems:
        assert line.startswith(f"{path}: "), line  # every line names the file
    return err.problems


def one_problem(path: Path) -> str:
    found = problems(path)
    assert len(found) == 1, found
    return found[0]


# -- field paths and expectations -----------------------------------------------------------


def test_bad_url_of_the_second_tenant(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_TENANT + """
[[tenants]]
id = "beta"
[tenants.alertmanager]
urls = ["127.0.0.1:9093", "http://ok:9093"]
""")
    line = one_problem(path)
    assert "tenants[1].alertmanager.urls[0]: " in line
    assert "expected an http:// or https:// URL, got '127.0.0.1:9093'" in line


@pytest.mark.parametrize(("url", "expect"), [
    ("http://host:99999", "expected a port between 1 and 65535"),
    ("http://host:9093/?x=1", "expected a URL without query or fragment"),
    ("https://host#frag", "expected a URL without query or fragment"),
    ("ftp://host", "expected an http:// or https:// URL"),
    ("http://", "expected an http:// or https:// URL"),
])
def test_url_problems(tmp_path: Path, url: str, expect: str) -> None:
    path = write(tmp_path, GOOD_TENANT + f'[tenants.prometheus]\nurl = "{url}"\n')
    line = one_problem(path)
    assert "tenants[0].prometheus.url: " in line
    assert expect in line


def test_duplicate_url(tmp_path: Path) -> None:
    path = write(tmp_path, '[[tenants]]\nid = "a"\n[tenants.alertmanager]\n'
                           'urls = ["http://h:1", "http://h:1/"]\n')
    assert "tenants[0].alertmanager.urls: the same URL is listed twice" in one_problem(path)


def test_missing_tenants(tmp_path: Path) -> None:
    path = write(tmp_path, '[ui]\nrefresh = "10s"\n')
    assert one_problem(path) == f"{path}: tenants: required key is missing"


def test_empty_tenants_list(tmp_path: Path) -> None:
    path = write(tmp_path, "tenants = []\n")
    line = one_problem(path)
    assert "tenants: " in line
    assert "at least 1" in line


def test_tenant_needs_a_backend(tmp_path: Path) -> None:
    path = write(tmp_path, '[[tenants]]\nid = "a"\n')
    assert "tenants[0]: a tenant needs [tenants.alertmanager] or [tenants.prometheus]" in one_problem(path)


@pytest.mark.parametrize(("ui", "field", "expect"), [
    ('refresh = 15', "ui.refresh", 'expected a duration string like "30s"'),
    ('refresh = "15 seconds"', "ui.refresh", "expected a duration like 30s, 15m or 2h30m, got '15 seconds'"),
    ('refresh = "500ms"', "ui.refresh", "expected at least 1s"),
    ('refresh = "999999999999d"', "ui.refresh", "duration '999999999999d' is too long"),
    ('metrics_range = ""', "ui.metrics_range", "got an empty string"),
    ('timezone = "Mars/Olympus"', "ui.timezone", "expected \"local\" or an IANA time zone"),
    ('language = "xx"', "ui.language", "expected one of 'en', 'fr' or 'de', got 'xx'"),
    ('kiosk = "maybe"', "ui.kiosk", "valid boolean"),
    ('operator = ""', "ui.operator", "at least 1 character"),
])
def test_ui_field_problems(tmp_path: Path, ui: str, field: str, expect: str) -> None:
    path = write(tmp_path, f"[ui]\n{ui}\n" + GOOD_TENANT)
    line = one_problem(path)
    assert line.startswith(f"{path}: {field}: ")
    assert expect in line


def test_tenant_field_problems(tmp_path: Path) -> None:
    path = write(tmp_path, """
[[tenants]]
id = "Acme Prod"
role = "root"
max_silence = "forever"
[tenants.alertmanager]
urls = ["http://h:9093"]
matchers = ['tenant=~"("', 'a="b", c="d"']
""")
    found = problems(path)
    joined = "\n".join(found)
    assert "tenants[0].id: expected lowercase letters, digits and '-'" in joined
    assert "got 'Acme Prod'" in joined
    assert "tenants[0].role: expected one of 'viewer', 'responder' or 'admin', got 'root'" in joined
    assert "tenants[0].max_silence: expected a duration like 30s, 15m or 2h30m, got 'forever'" in joined
    assert "tenants[0].alertmanager.matchers: invalid regular expression in tenant=~\"(\"" in joined
    assert len(found) == 4  # all at once, not one per run


def test_one_matcher_per_string(tmp_path: Path) -> None:
    path = write(tmp_path, '[[tenants]]\nid = "a"\n[tenants.alertmanager]\nurls = ["http://h:1"]\n'
                           "matchers = ['a=\"b\", c=\"d\"']\n")
    assert "tenants[0].alertmanager.matchers: expected one matcher per string" in one_problem(path)


def test_duplicate_tenant_id(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_TENANT + GOOD_TENANT)
    assert "tenants: tenant id 'acme' is used twice" in one_problem(path)


def test_panel_problems(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_TENANT + """
[tenants.prometheus]
url = "http://h:9090"
[[tenants.panels]]
title = "CPU"
query = "up"
unit = "furlongs"
warn = 90
crit = 80
""")
    joined = "\n".join(problems(path))
    assert "tenants[0].panels[0].unit: expected one of" in joined
    assert "got 'furlongs'" in joined


def test_warn_above_crit(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_TENANT + '[tenants.prometheus]\nurl = "http://h:9090"\n'
                                         '[[tenants.panels]]\ntitle = "CPU"\nquery = "up"\nwarn = 90\ncrit = 80\n')
    assert "tenants[0].panels[0]: warn must not be above crit" in one_problem(path)


def test_ack_order(tmp_path: Path) -> None:
    path = write(tmp_path, '[ack]\nduration = "2h"\nmax = "1h"\n' + GOOD_TENANT)
    assert one_problem(path) == f"{path}: ack: max must be at least duration"


def test_slack_route_names_unknown_tenant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALERTTUI_TEST_SLACK", SECRET)
    path = write(tmp_path, GOOD_TENANT + """
[slack]
token_env = "ALERTTUI_TEST_SLACK"
[[slack.routes]]
channel = "#ops"
tenants = ["acme", "ghost"]
""")
    line = one_problem(path)
    assert "slack.routes[0].tenants: no tenant ghost" in line
    assert SECRET not in line


# -- unknown keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "field"), [
    ("[uii]\nrefresh = \"1s\"\n" + GOOD_TENANT, "uii"),
    ("[ui]\nrefesh = \"1s\"\n" + GOOD_TENANT, "ui.refesh"),
    (GOOD_TENANT + "colour = \"red\"\n", "tenants[0].alertmanager.colour"),
    (GOOD_TENANT + "[tenants.alertmanager.http.tls]\nverify = false\n", "tenants[0].alertmanager.http.tls.verify"),
])
def test_unknown_keys_refused(tmp_path: Path, text: str, field: str) -> None:
    path = write(tmp_path, text)
    line = one_problem(path)
    assert line.startswith(f"{path}: {field}: unknown key")
    assert "check the spelling" in line


def test_misspelt_required_key_gives_both_problems(tmp_path: Path) -> None:
    path = write(tmp_path, '[[tenants]]\nid = "a"\n[tenants.alertmanager]\nurl = ["http://h:9093"]\n')
    found = problems(path)
    assert f"{path}: tenants[0].alertmanager.urls: required key is missing" in found
    assert any(p.startswith(f"{path}: tenants[0].alertmanager.url: unknown key") for p in found)


# -- malformed files ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "line", "column"), [
    ('[[tenants]]\nid = "a"\nname = \n', 3, 8),
    ('[ui]\nrefresh = "10s\n', 2, 15),  # the unterminated string ends at the line break
    ('[ui]\n[ui]\n', 2, 4),  # a table defined twice
    ('[ui\n', 1, 4),
])
def test_malformed_toml_gives_line_and_column(tmp_path: Path, text: str, line: int, column: int) -> None:
    path = write(tmp_path, text)
    problem = one_problem(path)
    assert problem.startswith(f"{path}: invalid TOML: ")
    assert f"line {line}, column {column}" in problem


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('[ui]\noperator = "José"\n'.encode("latin-1"))
    problem = one_problem(path)
    assert "not UTF-8 text (byte 20)" in problem


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    problem = one_problem(path)
    assert "no such file" in problem
    assert "--config" in problem


def test_a_directory_is_not_a_config(tmp_path: Path) -> None:
    path = tmp_path / "dir.toml"
    path.mkdir()
    assert one_problem(path).startswith(f"{path}: ")


# -- secrets never in error text ------------------------------------------------------------


@pytest.mark.parametrize("url", [
    f"http://admin:{SECRET}@host:99999",  # bad port
    f"ftp://admin:{SECRET}@host",  # bad scheme
    f"admin:{SECRET}@host:9093",  # no scheme at all
    f"http://admin:{SECRET}@host:9093",  # otherwise fine
    f"http://admin:{SECRET}@host:9093/?q=1",
    f"http://admin:p@{SECRET}@host:9093:x",  # an @ in the password
])
def test_password_in_url_never_shown(tmp_path: Path, url: str) -> None:
    path = write(tmp_path, f'[[tenants]]\nid = "a"\n[tenants.alertmanager]\nurls = ["{url}"]\n')
    found = problems(path)
    assert found
    assert "tenants[0].alertmanager.urls[0]: " in found[0]
    for text in found:
        assert SECRET not in text
        assert SECRET[:8] not in text


def test_secret_from_file_or_env_never_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(SECRET + "\n")
    monkeypatch.setenv("ALERTTUI_TEST_PASSWORD", SECRET)
    path = write(tmp_path, f"""
[[tenants]]
id = "a"
role = "{SECRET[:0]}nope"
[tenants.http]
bearer_token_file = "{token_file}"
timeout = "soon"
[tenants.alertmanager]
urls = ["http://h:9093"]
[tenants.alertmanager.http.basic_auth]
username = "u"
password_env = "ALERTTUI_TEST_PASSWORD"
[tenants.prometheus]
url = "http://h:9090"
[tenants.prometheus.http]
bearer_token_env = "ALERTTUI_TEST_PASSWORD"
basic_auth = {{ username = "u", password_file = "{token_file}" }}
""")
    found = problems(path)
    joined = "\n".join(found)
    assert "tenants[0].role: " in joined
    assert "tenants[0].http.timeout: " in joined
    assert "tenants[0].prometheus.http: set either a bearer token or basic_auth, not both" in joined
    assert SECRET not in joined


def test_inline_secrets_refused_without_echo(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_TENANT + f"""
[tenants.alertmanager.http]
headers = {{ Authorization = "Bearer {SECRET}" }}
[tenants.alertmanager.http.basic_auth]
username = "u"
password = "{SECRET}"
""")
    found = problems(path)
    joined = "\n".join(found)
    assert "tenants[0].alertmanager.http.basic_auth.password: unknown key" in joined
    assert SECRET not in joined


def test_loaded_secrets_are_not_in_reprs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALERTTUI_TEST_TOKEN", SECRET)
    path = write(tmp_path, GOOD_TENANT + '[tenants.alertmanager.http]\nbearer_token_env = "ALERTTUI_TEST_TOKEN"\n')
    settings = load_settings(path)
    assert isinstance(settings, Settings)
    http = settings.tenants[0].alertmanager_http()
    assert http.bearer_token is not None
    assert http.bearer_token.get_secret_value() == SECRET  # loaded...
    assert SECRET not in repr(settings)  # ...but never printed
    assert SECRET not in str(settings)
    assert SECRET not in settings.model_dump_json()


@pytest.mark.parametrize(("http", "expect"), [
    ('bearer_token_env = "ALERTTUI_TEST_UNSET_VAR"', "environment variable ALERTTUI_TEST_UNSET_VAR is not set"),
    ('bearer_token_file = "/nonexistent/token"', "bearer_token_file: cannot read /nonexistent/token"),
    ('bearer_token_env = "X"\nbearer_token_file = "/y"', "set only one of bearer_token_env and bearer_token_file"),
    ('headers = { authorization = "x" }', "not in an inline Authorization header"),
    ('basic_auth = { username = "u" }', "basic_auth needs password_env or password_file"),
    ('tls = { key_file = "/k" }', "key_file needs cert_file"),
    ('tls = { ca_file = "/nonexistent/ca.pem" }', "ca_file: no such file /nonexistent/ca.pem"),
])
def test_http_problems_say_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, http: str,
                                      expect: str) -> None:
    monkeypatch.delenv("ALERTTUI_TEST_UNSET_VAR", raising=False)
    path = write(tmp_path, GOOD_TENANT + f"[tenants.alertmanager.http]\n{http}\n")
    line = one_problem(path)
    assert "tenants[0].alertmanager.http" in line
    assert expect in line


def test_a_good_config_loads(tmp_path: Path) -> None:
    path = write(tmp_path, '[ui]\nrefresh = "10s"\n' + GOOD_TENANT
                 + "matchers = ['severity=~\"(?i)crit.*\"', 'tenant=\"acme\"']\n")
    settings = load_settings(path)
    assert settings.source == path
    assert settings.ui.refresh.total_seconds() == 10
    assert [str(m) for m in settings.tenants[0].alertmanager.parsed_matchers] == [  # type: ignore[union-attr]
        'severity=~"(?i)crit.*"', 'tenant="acme"']


# -- responding as a team: correlation, Slack users and buttons, escalation ---------------------

SLACK = """
[slack]
token_env = "ALERTTUI_TEST_SLACK"
[[slack.routes]]
channel = "#ops"
[[slack.routes]]
name = "secondary"
channel = "#ops-secondary"
"""


@pytest.mark.parametrize(("tail", "field", "expect"), [
    ('[tenants.correlation]\nlabels = []\n', "tenants[0].correlation.labels", "at least one label name"),
    ('[tenants.correlation]\nlabels = ["service", "bad-name"]\n', "tenants[0].correlation.labels",
     "not a label name: 'bad-name'"),
    ('[tenants.correlation]\nwindow = "0s"\n', "tenants[0].correlation.window", "at least 1s"),
])
def test_correlation_problems(tmp_path: Path, tail: str, field: str, expect: str) -> None:
    line = one_problem(write(tmp_path, GOOD_TENANT + tail))
    assert f": {field}: " in line and expect in line, line


@pytest.mark.parametrize(("text", "field", "expect"), [
    ('[[escalation]]\nsteps = [{ after = "5m", route = "secondary" }]\n', "escalation",
     "needs a [slack] table"),
])
def test_escalation_needs_slack(tmp_path: Path, text: str, field: str, expect: str) -> None:
    line = one_problem(write(tmp_path, GOOD_TENANT + text))
    assert f": {field}: " in line and expect in line, line


@pytest.mark.parametrize(("text", "field", "expect"), [
    ('[[escalation]]\nsteps = [{ after = "5m", route = "tertiary" }]\n', "(top level)",
     "escalation[0].steps[0].route: no Slack route named 'tertiary' (routes: #ops, secondary)"),
    ('[[escalation]]\ntenants = ["ghost"]\nsteps = [{ after = "5m", route = "secondary" }]\n', "(top level)",
     "escalation[0].tenants: no tenant ghost"),
    ('[[escalation]]\nsteps = [{ after = "15m", route = "#ops" }, { after = "5m", route = "secondary" }]\n',
     "escalation[0]", "each step's after must be later than the one before"),
    ('[[escalation]]\nsteps = [{ after = "5m", route = "#ops", mention = "@oncall" }]\n',
     "escalation[0].steps[0].mention", "expected a Slack mention"),
    ('[[escalation]]\nrepeat = "10s"\nsteps = [{ after = "5m", route = "#ops" }]\n', "escalation[0]",
     "repeat: expected at least 1m"),
    ('[[escalation]]\nsteps = []\n', "escalation[0].steps", ""),
    ('[slack.users.alice]\noperator = "alice"\n', "slack.users", "expected Slack user ids"),
    ('[slack.users.U012AB3CD]\noperator = "alice"\nrole = "owner"\n', "slack.users.U012AB3CD.role",
     "expected one of"),
])
def test_escalation_and_users_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, field: str,
                                       expect: str) -> None:
    monkeypatch.setenv("ALERTTUI_TEST_SLACK", SECRET)
    line = one_problem(write(tmp_path, GOOD_TENANT + SLACK + text))
    assert f": {field}: " in line and expect in line, line
    assert SECRET not in line


def test_app_token_must_be_an_app_level_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALERTTUI_TEST_SLACK", SECRET)
    monkeypatch.setenv("ALERTTUI_TEST_APP", "xoxb-" + SECRET)
    line = one_problem(write(tmp_path, GOOD_TENANT + SLACK.replace(
        'token_env = "ALERTTUI_TEST_SLACK"', 'token_env = "ALERTTUI_TEST_SLACK"\napp_token_env = "ALERTTUI_TEST_APP"')))
    assert ": slack: app_token: expected an app-level token (it starts with xapp-)" in line
    assert SECRET not in line


def test_a_good_team_config_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALERTTUI_TEST_SLACK", SECRET)
    monkeypatch.setenv("ALERTTUI_TEST_APP", "xapp-1-" + SECRET)
    settings = load_settings(write(tmp_path, GOOD_TENANT + '[tenants.correlation]\nlabels = ["service"]\n'
                                   + SLACK.replace('token_env = "ALERTTUI_TEST_SLACK"',
                                                   'token_env = "ALERTTUI_TEST_SLACK"\n'
                                                   'app_token_env = "ALERTTUI_TEST_APP"')
                                   + '[slack.users.U012AB3CD]\noperator = "alice"\nroles = { acme = "admin" }\n'
                                   '[[escalation]]\nseverities = ["critical"]\nrepeat = "30m"\n'
                                   'steps = [{ after = "5m", route = "#ops", mention = "<!subteam^S123>" },'
                                   ' { after = "15m", route = "secondary" }]\n'))
    assert settings.tenants[0].correlation.labels == ["service"]
    assert settings.slack is not None and settings.slack.app_token is not None
    assert SECRET not in repr(settings.slack)
    user = settings.slack.users["U012AB3CD"]
    assert user.role_for("acme", "responder") == "responder"  # never above the tenant's role
    assert user.role_for("acme", "admin") == "admin"
    assert settings.escalation[0].steps[1].route == "secondary"


def test_check_config_says_how_incidents_buttons_and_escalation_are_set(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from alerttui.cli.check_config import check_report

    monkeypatch.setenv("ALERTTUI_TEST_SLACK", SECRET)
    monkeypatch.setenv("ALERTTUI_TEST_APP", "xapp-1-" + SECRET)
    settings = load_settings(write(tmp_path, GOOD_TENANT + '[tenants.correlation]\nlabels = ["service", "cluster"]\n'
                                   + SLACK.replace('token_env = "ALERTTUI_TEST_SLACK"',
                                                   'token_env = "ALERTTUI_TEST_SLACK"\n'
                                                   'app_token_env = "ALERTTUI_TEST_APP"')
                                   + '[slack.users.U012AB3CD]\noperator = "alice"\n'
                                   '[[escalation]]\nname = "crit"\nrepeat = "30m"\n'
                                   'steps = [{ after = "5m", route = "#ops", mention = "<!subteam^S123>" },'
                                   ' { after = "15m", route = "secondary" }]\n'))
    report = "\n".join(check_report(settings))
    assert "incidents    alerts sharing service, cluster within 10m" in report
    assert "Slack buttons: on (Socket Mode), 1 mapped user" in report
    assert "escalation crit: 5m → #ops <!subteam^S123>, 15m → secondary, repeat every 30m" in report
    assert SECRET not in report


@pytest.mark.parametrize(("slo", "field", "expect"), [
    ('objective = 100\n', "tenants[0].slos[0].objective", "less than 100"),
    ('objective = 99.9\nwindow = "91d"\n', "tenants[0].slos[0].window", "between 1h and 90d"),
    ('objective = 99.9\ngood_query = "sum(x[{{window}}])"\nerror_query = "sum(y[{{window}}])"\n', "tenants[0].slos[0]",
     "set exactly one of error_query and good_query"),
    ('objective = 99.9\nerror_query = "sum(rate(errors[5m]))"\n', "tenants[0].slos[0]",
     "error_query: write {{window}} where the range goes"),
])
def test_slo_problems(tmp_path: Path, slo: str, field: str, expect: str) -> None:
    text = GOOD_TENANT + '[tenants.prometheus]\nurl = "http://127.0.0.1:9090"\n[[tenants.slos]]\nname = "api"\n' \
        + 'total_query = "sum(rate(requests[{{window}}]))"\n' + slo
    if "error_query" not in slo and "good_query" not in slo:
        text += 'error_query = "sum(rate(errors[{{window}}]))"\n'
    line = one_problem(write(tmp_path, text))
    assert f": {field}: " in line and expect in line, line
