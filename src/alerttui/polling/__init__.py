"""Per-tenant polling: fetch, merge HA replicas, build Snapshots on a schedule."""

from alerttui.polling.fetch import AlertsResult, fetch_alerts, fetch_metrics, merge_replicas
from alerttui.polling.poller import TenantPoller, backoff_delay

__all__ = ["AlertsResult", "TenantPoller", "backoff_delay", "fetch_alerts", "fetch_metrics", "merge_replicas"]
