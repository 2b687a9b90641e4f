"""Textual screens. No I/O here: screens render snapshots and ask the app for intents."""
