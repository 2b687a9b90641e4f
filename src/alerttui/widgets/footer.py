"""Textual's Footer, without its leaks.

Each time the bindings change, Textual's ``Footer`` recomposes its keys, and each new
``FooterKey`` is data-bound to the footer's ``compact``: a watcher entry that points back to
the key is stored on the footer, and Textual drops such entries only when ``compact``
changes (textual#6666, open in 8.2.8). ``compact`` never changes here, so every key ever
shown stayed alive: the soak's heap held more footer keys every minute. After each
recompose this footer has ``compact`` looked at again (``mutate_reactive``, public API),
which drops the entries of keys that were removed and sets the current keys' ``compact``
to what it already is.

It also recomposes only when what it shows changes. "The bindings changed" often means
nothing shown did (the dashboard asks again whenever the cursor's tenant changes, for that
tenant's role), and every removed widget's rendered lines stay in memory for a long while
(Textual keeps up to 1,024 removed widgets' styles caches, textual#6665): rebuilding ten
identical keys a minute was most of the soak's growth."""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    _composed_for: tuple[Any, ...] | None = None

    def _shown(self) -> tuple[Any, ...]:
        """Everything Textual's ``compose`` reads to make the keys (public API only)."""
        keys = tuple(
            (key, binding.key, self.app.get_key_display(binding), binding.description, binding.action,
             binding.show, binding.tooltip, enabled, tooltip,
             (binding.group.description, binding.group.compact) if binding.group else None)
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items())
        return keys, self.show_command_palette, self.app.ENABLE_COMMAND_PALETTE, self.combine_groups

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        shown = self._shown()
        if self.children and shown == self._composed_for:
            return
        await super().recompose()
        self._composed_for = shown if self.children else None
        self.mutate_reactive(TextualFooter.compact)
