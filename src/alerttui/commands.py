"""Command palette entries: tenants and views. Each runs an app action, so the same
``check_action`` gate applies as for keys."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from alerttui.face import face_of
from alerttui.i18n import _


class AlerttuiCommands(Provider):
    def _commands(self) -> list[tuple[str, str, str]]:
        """(title, action, help) for every palette entry."""
        out = [(_("View: all tenants"), "tenant(0)", _("Show alerts of every tenant"))]
        for i, (tid, name) in enumerate(face_of(self).tenant_list, start=1):
            out.append((_("Tenant: {name}").format(name=name), f"tenant({i})", _("Show tenant {id}").format(id=tid)))
        out += [
            (_("Refresh now"), "refresh", _("Poll every backend now")),
            (_("Pause / resume polling"), "pause", _("Stop or restart polling")),
            (_("Filter alerts"), "filter", _("Matchers or free text")),
            (_("Help: keys"), "help", _("List every key binding")),
        ]
        return out

    async def _run(self, action: str) -> None:
        await self.app.run_action(f"app.palette('{action}')")

    async def discover(self) -> Hits:
        for title, action, help_text in self._commands():
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, action), help=help_text)
