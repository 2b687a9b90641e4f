"""Client, polling and `alerttui alerts` tests against the real stack and a fault server.

A package, so its module names (``clients.test_polling``) never clash with other test
directories' and ``from conftest import ...`` still means tests/conftest.py."""
