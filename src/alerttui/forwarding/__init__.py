"""Forwarding alerts to Slack: routing, Block Kit rendering (localised, escaped, within
limits), a durable SQLite outbox drained by a rate-limited worker, and threads that
follow the alert (replies and root updates on ack, silence, expiry and resolution)."""
