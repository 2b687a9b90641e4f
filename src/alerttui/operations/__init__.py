"""Every write: policy check (role, kiosk) -> client call -> audit record -> result."""

from alerttui.operations.audit import AuditLog
from alerttui.operations.policy import Action, Decision, decide
from alerttui.operations.runner import Operations, Result

__all__ = ["Action", "AuditLog", "Decision", "Operations", "Result", "decide"]
