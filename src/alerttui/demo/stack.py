"""Start the real ``prometheus`` and two clustered ``prometheus-alertmanager`` binaries on
free loopback ports in a temporary directory, and stop them again (Prometheus first).

Used by ``alerttui demo`` and by the test bench (tests/conftest.py), so both exercise the
same real stack.
"""

# bandit B404 (subprocess): the demo and the tests start Prometheus, Alertmanager and promtool.
from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess  # nosec B404
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from alerttui.i18n import _

BINARIES = {"prometheus": "prometheus", "prometheus-alertmanager": "prometheus-alertmanager"}


class StackError(RuntimeError):
    pass


def missing_binaries() -> list[str]:
    """Debian packages whose binaries are not on PATH."""
    return [pkg for binary, pkg in BINARIES.items() if shutil.which(binary) is None]


def _die_with_parent() -> None:
    """Ask Linux to SIGTERM the child when the process that started it dies, so a crashed
    or killed demo never leaves Prometheus and Alertmanager running."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


AM_CONFIG = """\
route:
  receiver: "null"
  group_by: ["alertname", "tenant"]
  group_wait: 1s
  group_interval: 5s
  repeat_interval: 4h
receivers:
  - name: "null"
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: ["alertname", "tenant", "instance"]
"""


def _wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise StackError(_("{cmd} exited with code {code}:\n{tail}").format(
                cmd=proc.args[0], code=proc.returncode, tail=tail))
        # bandit B310: our own http://127.0.0.1 URL
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/-/ready", timeout=1) as r:  # nosec B310
            if r.status == 200:
                return
        time.sleep(0.1)
    raise StackError(_("{url} did not become ready within {n} s").format(url=url, n=timeout))


@dataclass
class LocalStack:
    """A Prometheus and ``replicas`` clustered Alertmanagers, each on free loopback ports."""

    rule_files: dict[str, str] = field(default_factory=dict)  # file name -> YAML
    scrape_extra: str = ""
    evaluation_interval: str = "1s"
    replicas: int = 2
    # OpenMetrics text backfilled into Prometheus's TSDB before it starts (promtool tsdb
    # create-blocks-from openmetrics): days of history for tests of what reads the past.
    backfill: str = ""
    retention: str = "60d"
    workdir: Path | None = None
    prometheus_url: str = ""
    alertmanager_urls: list[str] = field(default_factory=list)
    _procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    _tmp: tempfile.TemporaryDirectory[str] | None = None

    def start(self, timeout: float = 60.0) -> LocalStack:
        missing = missing_binaries()
        if missing:
            raise StackError(_("missing binaries; install them with: sudo apt-get install {pkgs}").format(
                pkgs=" ".join(missing)))
        if self.workdir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="alerttui-stack-")
            self.workdir = Path(self._tmp.name)
        try:
            self._start_alertmanagers(timeout)
            self._start_prometheus(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen[bytes]:
        assert self.workdir is not None
        log = (self.workdir / f"{name}.log").open("wb")
        # bandit B603: fixed binaries and arguments, no shell
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,  # nosec B603
                                cwd=self.workdir, start_new_session=True,
                                preexec_fn=_die_with_parent)
        log.close()
        self._procs.append(proc)
        return proc

    def _start_alertmanagers(self, timeout: float) -> None:
        assert self.workdir is not None
        (self.workdir / "alertmanager.yml").write_text(AM_CONFIG)
        ports = [(free_port(), free_port()) for _ in range(self.replicas)]
        procs = []
        for i, (web, cluster) in enumerate(ports):
            data = self.workdir / f"am{i}"
            data.mkdir(exist_ok=True)
            url = f"http://127.0.0.1:{web}"
            args = [
                "prometheus-alertmanager",
                f"--config.file={self.workdir / 'alertmanager.yml'}",
                f"--storage.path={data}",
                f"--web.listen-address=127.0.0.1:{web}",
                f"--web.external-url={url}",
                f"--cluster.listen-address=127.0.0.1:{cluster}",
                f"--cluster.advertise-address=127.0.0.1:{cluster}",
                "--cluster.gossip-interval=50ms",
                "--cluster.pushpull-interval=5s",
                "--cluster.settle-timeout=1s",
            ]
            args += [f"--cluster.peer=127.0.0.1:{c}" for j, (_w, c) in enumerate(ports) if j != i]
            procs.append((self._spawn(f"am{i}", args), url, data))
            self.alertmanager_urls.append(url)
        for i, (proc, url, _data) in enumerate(procs):
            _wait_ready(url, proc, self.workdir / f"am{i}.log", timeout)

    def _start_prometheus(self, timeout: float) -> None:
        assert self.workdir is not None
        port = free_port()
        self.prometheus_url = f"http://127.0.0.1:{port}"
        rules_dir = self.workdir / "rules"
        rules_dir.mkdir(exist_ok=True)
        for name, text in self.rule_files.items():
            (rules_dir / name).write_text(text)
        am_targets = ", ".join(f'"{u.removeprefix("http://")}"' for u in self.alertmanager_urls)
        config = f"""\
global:
  scrape_interval: 5s
  evaluation_interval: {self.evaluation_interval}
rule_files: ["{rules_dir}/*.yml"]
alerting:
  alertmanagers:
    - static_configs:
        - targets: [{am_targets}]
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ["127.0.0.1:{port}"]
  - job_name: alertmanager
    static_configs:
      - targets: [{am_targets}]
{self.scrape_extra}"""
        (self.workdir / "prometheus.yml").write_text(config)
        if self.backfill:
            self._backfill()
        proc = self._spawn("prometheus", [
            "prometheus",
            f"--config.file={self.workdir / 'prometheus.yml'}",
            f"--storage.tsdb.path={self.workdir / 'tsdb'}",
            f"--web.listen-address=127.0.0.1:{port}",
            f"--web.external-url={self.prometheus_url}",
            "--rules.alert.resend-delay=1s",
            "--web.enable-lifecycle",
            f"--storage.tsdb.retention.time={self.retention}",
        ])
        _wait_ready(self.prometheus_url, proc, self.workdir / "prometheus.log", timeout)

    def _backfill(self) -> None:
        assert self.workdir is not None
        source = self.workdir / "backfill.om"
        text = self.backfill if self.backfill.rstrip().endswith("# EOF") else self.backfill.rstrip() + "\n# EOF\n"
        source.write_text(text)
        tsdb = self.workdir / "tsdb"
        tsdb.mkdir(exist_ok=True)
        # Blocks of 24 h at most, so a week of data is a few blocks, not 84 of 2 h.
        # bandit B603 B607: Debian's promtool from PATH, fixed arguments, no shell
        done = subprocess.run(["promtool", "tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=24h",  # nosec B603 B607
                               str(source), str(tsdb)], capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise StackError(_("promtool could not backfill: {reason}").format(
                reason=(done.stderr or done.stdout)[-500:]))

    def stop_process(self, index: int) -> None:
        """Stop one process (0..n-1 Alertmanagers in start order, then Prometheus)."""
        proc = self._procs[index]
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def stop(self) -> None:
        # Prometheus first (it was started last), then each Alertmanager.
        for index in reversed(range(len(self._procs))):
            self.stop_process(index)
        self._procs.clear()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> LocalStack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
