"""`alerttui demo`: a real local Prometheus + clustered Alertmanager pair, and its configs."""
