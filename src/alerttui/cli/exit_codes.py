"""The command line's exit codes (DESIGN.md section 3, a contract), in one place."""

EXIT_OK = 0  # done
EXIT_BACKEND = 1  # a backend or runtime failure (Alertmanager, Slack, the audit log, the outbox)
EXIT_USAGE = 2  # bad usage or config
EXIT_REFUSED = 3  # refused by policy (role, kiosk, [ack] max)


class UsageError(Exception):
    """Bad usage: ``alerttui: <message>`` on stderr, exit 2, no traceback."""
