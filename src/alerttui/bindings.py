"""Key bindings whose descriptions follow the active language.

Textual copies binding descriptions once, when a class is created. ``bind`` remembers each
binding's English msgid (by binding id) so ``retranslate`` can put the active language's
text back into a node's bindings after a runtime language switch (the ``L`` key).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol, runtime_checkable

from textual.binding import Binding
from textual.dom import DOMNode

from alerttui.i18n import _

_MSGIDS: dict[str, tuple[str, str, dict[str, Any]]] = {}


def _t(msgid: str, fmt: dict[str, Any]) -> str:
    return _(msgid).format(**fmt) if msgid else ""


def bind(key: str, action: str, description: str = "", *, id: str, tooltip: str = "",
         fmt: dict[str, Any] | None = None, **kwargs: Any) -> Binding:
    """A Binding with a required id; ``description``/``tooltip`` are msgids marked with N_(),
    formatted with ``fmt`` after translation (``N_("Tenant {n}")``, ``fmt={"n": 3}``)."""
    fmt = fmt or {}
    _MSGIDS[id] = (description, tooltip, fmt)
    return Binding(key, action, _t(description, fmt), id=id, tooltip=_t(tooltip, fmt), **kwargs)


def current(binding: Binding) -> Binding:
    """The binding with its texts in the active language."""
    texts = _MSGIDS.get(binding.id or "")
    if texts is None:
        return binding
    description, tooltip, fmt = texts
    return replace(binding, description=_t(description, fmt), tooltip=_t(tooltip, fmt))


@runtime_checkable
class Retranslatable(Protocol):
    """A screen with texts of its own to redo after a language switch."""

    def retranslate(self) -> None: ...


def retranslate(node: DOMNode) -> None:
    """Re-translate ``node``'s bindings in place (shared with its class, so new instances too)."""
    for bindings in node._bindings.key_to_bindings.values():
        bindings[:] = [current(b) for b in bindings]
