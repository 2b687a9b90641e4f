"""I/O only: Alertmanager, Prometheus and Slack clients and their one exception tree."""

from alerttui.clients.alertmanager import AlertmanagerClient
from alerttui.clients.errors import BackendError, BadResponse, HTTPStatusError, Timeout, Unreachable
from alerttui.clients.http import Transport
from alerttui.clients.prometheus import PrometheusClient

__all__ = [
    "AlertmanagerClient", "BackendError", "BadResponse", "HTTPStatusError", "PrometheusClient",
    "Timeout", "Transport", "Unreachable",
]
