"""I/O only: Alertmanager, Prometheus and Slack clients and their one exception tree.

``PrometheusClient`` is imported on first use (requests and prometheus-api-client cost
~45 ms, and a command that reads only alerts never needs them)."""

from typing import TYPE_CHECKING, Any

from alerttui.clients.alertmanager import AlertmanagerClient
from alerttui.clients.errors import BackendError, BadResponse, HTTPStatusError, Timeout, Unreachable
from alerttui.clients.http import Transport

if TYPE_CHECKING:
    from alerttui.clients.prometheus import PrometheusClient

__all__ = [
    "AlertmanagerClient", "BackendError", "BadResponse", "HTTPStatusError", "PrometheusClient",
    "Timeout", "Transport", "Unreachable",
]


def __getattr__(name: str) -> Any:
    if name == "PrometheusClient":
        from alerttui.clients.prometheus import PrometheusClient

        return PrometheusClient
    raise AttributeError(name)
