"""Responding as a team, on top of the engine's polls: incidents (kept in the state
directory), escalation of what nobody answers, the notices people ask Alertmanager for, and
the Slack buttons whose clicks arrive over Socket Mode. What must happen while nobody looks
runs in the process that does the background duties."""
