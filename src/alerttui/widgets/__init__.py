"""Textual widgets. No I/O here: widgets render snapshots and post intents."""
