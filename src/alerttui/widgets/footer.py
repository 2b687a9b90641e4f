"""Textual's Footer, without its leak.

Each time the bindings change, Textual's ``Footer`` recomposes its keys, and each new
``FooterKey`` is data-bound to the footer's ``compact``: a watcher entry that points back to
the key is stored on the footer, and Textual drops such entries only when ``compact``
changes (textual#6666, open in 8.2.8). ``compact`` never changes here, so every key ever
shown stayed alive: the soak's heap held more footer keys every minute. After each
recompose this footer has ``compact`` looked at again (``mutate_reactive``, public API),
which drops the entries of keys that were removed and sets the current keys' ``compact``
to what it already is."""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    async def recompose(self) -> None:
        await super().recompose()
        self.mutate_reactive(TextualFooter.compact)
