"""The silences a ``silence list`` shows and an id (or a unique prefix of 8+ characters)
given to ``silence expire`` names: the tenant's own only, read from the first replica
that answers."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from alerttui.i18n import _

if TYPE_CHECKING:
    from alerttui.clients.tenant import TenantClients
    from alerttui.domain import Silence
    from alerttui.operations import Operations


async def tenant_silences(ops: Operations, tenant: str) -> list[Silence]:
    """The tenant's silences (its scope matchers are in each), from the first replica that answers."""
    from alerttui.clients.errors import BackendError
    from alerttui.polling.fetch import first_silences

    found, errors = await first_silences(ops.clients[tenant])
    if found is None:
        raise errors[0] if errors else BackendError("", _("no Alertmanager"))
    return [s for s in found if ops.in_scope(tenant, s)]


async def find_silence(clients: TenantClients, silence_id: str) -> Silence | None:
    """None if no replica knows it; BackendError if none answered."""
    from alerttui.clients.errors import BackendError, HTTPStatusError
    from alerttui.polling.fetch import to_silence

    errors: list[BackendError] = []
    for am in clients.alertmanagers:
        try:
            return to_silence(await am.silence(silence_id))
        except HTTPStatusError as exc:
            if exc.status in (400, 404):
                return None
            errors.append(exc)
        except BackendError as exc:
            errors.append(exc)
    raise errors[0] if errors else BackendError("", _("no Alertmanager"))


SILENCE_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SILENCE_PREFIX = re.compile(r"[0-9a-f][0-9a-f-]{7,35}")  # 8+ characters of an id, like fingerprints


class SilenceLookup:
    """Finds the silence an id or a unique prefix of 8+ characters names among the tenant's
    silences (read once, however many prefixes are given)."""

    def __init__(self, ops: Operations, tenant: str, silences: list[Silence] | None = None) -> None:
        self.ops, self.tenant = ops, tenant
        self._all = silences  # the tenant's silences, once read

    async def find(self, given: str) -> tuple[Silence | None, str, str]:
        """(the silence, "", "") or (None, the result, why): result "not-found" or "invalid".
        BackendError if no replica answered."""
        from alerttui.sanitize import clean

        text = given.strip().lower()
        if SILENCE_ID.fullmatch(text):
            silence = await find_silence(self.ops.clients[self.tenant], text)
            if silence is not None and self.ops.in_scope(self.tenant, silence):
                return silence, "", ""
            hits: list[Silence] = []
        elif SILENCE_PREFIX.fullmatch(text):
            if self._all is None:
                self._all = await tenant_silences(self.ops, self.tenant)
            hits = [s for s in self._all if s.id.startswith(text)]
            if len(hits) == 1:
                return hits[0], "", ""
        else:
            return None, "invalid", _(
                "silence id {id!r}: expected a silence id like 9d4275a9-4806-4784-8497-663e8d495c84, or a "
                "unique prefix of at least 8 of its characters (see: alerttui silence list)").format(
                id=clean(given, 80))
        if len(hits) > 1:
            return None, "invalid", _(
                "silence id {id}: {n} silences of tenant {tenant} start with it ({ids}); give more "
                "characters").format(id=text, n=len(hits), tenant=self.tenant,
                                     ids=", ".join(sorted(s.id for s in hits)[:5]))
        # Another tenant's silence is "not found" here: its existence is none of this tenant's business.
        return None, "not-found", _("no silence {id} in tenant {tenant}").format(id=text, tenant=self.tenant)
