"""Small helpers shared by the tests in tests/clients (the bench helpers live in tests/conftest.py)."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
import tomllib
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar

from alerttui.config import Settings, TenantConfig, parse_settings
from alerttui.demo.stack import free_port

T = TypeVar("T")


async def until(probe: Callable[[], Awaitable[T]], timeout: float = 10.0, interval: float = 0.05) -> T:
    """Await ``probe()`` until it returns something truthy (the event loop keeps running)."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = await probe()
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last: {last!r})")


def stop_server(proc: subprocess.Popen[bytes], directory: Path, grace: float = 10.0) -> None:
    """Stop a backend a test started (SIGTERM, then SIGKILL after ``grace``) and remove its
    temporary directory."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=grace)
    shutil.rmtree(directory, ignore_errors=True)


def settings(text: str) -> Settings:
    return parse_settings(tomllib.loads(text), Path("test.toml"))


def tenant(text: str, tenant_id: str | None = None) -> TenantConfig:
    s = settings(text)
    return s.tenant(tenant_id) if tenant_id else s.tenants[0]


def fake_stack(*am_urls: str, prometheus_url: str | None = None) -> SimpleNamespace:
    """Something ``stack_config`` accepts, pointing wherever a test wants."""
    return SimpleNamespace(alertmanager_urls=list(am_urls),
                           prometheus_url=prometheus_url or f"http://127.0.0.1:{free_port()}")


def closed_url() -> str:
    """An http URL on a loopback port nothing listens on."""
    return f"http://127.0.0.1:{free_port()}"


def without_ui(config: str) -> str:
    """A ``stack_config`` text without its [ui] table, to append to another one."""
    _head, sep, rest = config.partition("[[tenants]]")
    assert sep, config
    return sep + rest
