"""Per-tenant polling: fetch, merge HA replicas, build Snapshots on a schedule."""

from alerttui.polling.fetch import AlertsResult, fetch_alerts, fetch_metrics, merge_replicas
from alerttui.polling.poller import TenantPoller, retry_delay

__all__ = ["AlertsResult", "TenantPoller", "fetch_alerts", "fetch_metrics", "merge_replicas", "retry_delay"]
