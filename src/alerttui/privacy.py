"""Personal data masked before it leaves the machine: ``[privacy] redact = [...]``.

Each entry is one of:

* a label or annotation name (``"user"``, ``"reporter"``): its whole value is masked;
* ``/regex/``: every match, in any label or annotation value (and in free text such as a
  screenshot), is masked;
* a preset: ``@email`` (addresses), ``@ipv4``, ``@ipv6``.

The dashboard on the operator's own screen shows everything; what is masked is what is
written or sent: Slack messages and the screenshots sent with them, reports, recordings, and
the audit log's copies of alert data (the matchers of a silence or an ack, labels). The
silence itself still goes to Alertmanager with the real values: it must match.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from alerttui.domain import Alert, Snapshot
from alerttui.domain.report import Report
from alerttui.i18n import _

MASK = "[redacted]"
PRESETS = {
    "@email": r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    "@ipv4": r"\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b",
    # Full (8 groups) or compressed (with "::"); times such as 03:50:00 are neither.
    "@ipv6": r"(?<![\w:.])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}"
             r"|(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{0,4}::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{0,4})(?![\w:])",
}
# A matcher as the audit log writes it: name, operator, quoted value (one of several, in braces).
_MATCHER = re.compile(r'\b([A-Za-z_][A-Za-z0-9_]*)(\s*(?:=~|!~|!=|=)\s*)"((?:[^"\\]|\\.)*)"')


class RedactError(ValueError):
    pass


@dataclass(frozen=True)
class Redactor:
    names: frozenset[str] = frozenset()  # label/annotation names masked whole (lower-case)
    patterns: tuple[re.Pattern[str], ...] = ()
    _joined: re.Pattern[str] | None = field(default=None, repr=False)

    @classmethod
    def parse(cls, entries: Iterable[str]) -> Redactor:
        names: set[str] = set()
        patterns: list[re.Pattern[str]] = []
        for entry in entries:
            text = entry.strip()
            if not text:
                raise RedactError(_("an empty entry"))
            if text.startswith("@"):
                if text not in PRESETS:
                    raise RedactError(_("{entry}: unknown preset (known: {known})").format(entry=text, known=", ".join(PRESETS)))
                patterns.append(re.compile(PRESETS[text]))
            elif len(text) > 2 and text.startswith("/") and text.endswith("/"):
                try:
                    pattern = re.compile(text[1:-1])
                except re.error as exc:
                    raise RedactError(_("{entry}: not a valid regular expression ({reason})").format(entry=text, reason=exc)) from None
                if pattern.search(""):
                    raise RedactError(_("{entry}: matches the empty string").format(entry=text))
                patterns.append(pattern)
            else:
                names.add(text.lower())
        joined = re.compile("|".join(f"(?:{p.pattern})" for p in patterns)) if patterns else None
        return cls(frozenset(names), tuple(patterns), joined)

    def __bool__(self) -> bool:
        return bool(self.names or self.patterns)

    # -- values --------------------------------------------------------------------------

    def text(self, value: str) -> str:
        """``value`` with every regex match masked."""
        return self._joined.sub(MASK, value) if self._joined is not None else value

    def value(self, name: str, value: str) -> str:
        return MASK if name.lower() in self.names else self.text(value)

    def mapping(self, values: Mapping[str, str]) -> dict[str, str]:
        return {k: self.value(k, v) for k, v in values.items()}

    def alert(self, alert: Alert) -> Alert:
        if not self:
            return alert
        labels = self.mapping(alert.labels)
        annotations = self.mapping(alert.annotations)
        if labels == dict(alert.labels) and annotations == dict(alert.annotations):
            return alert
        return replace(alert, labels=labels, annotations=annotations)

    def snapshot(self, snapshot: Snapshot) -> Snapshot:
        if not self:
            return snapshot
        return replace(snapshot, alerts={fp: self.alert(a) for fp, a in snapshot.alerts.items()})

    def report(self, report: Report) -> Report:
        """A report with the labels of its incidents, noisiest alerts and histories masked."""
        if not self:
            return report
        return replace(report,
                       incidents=tuple(replace(i, labels=self.mapping(i.labels)) for i in report.incidents),
                       noisy=tuple(replace(n, labels=self.mapping(n.labels)) for n in report.noisy),
                       histories=tuple(replace(h, labels=self.mapping(h.labels)) for h in report.histories))

    def matchers(self, text: str) -> str:
        """Matchers in text (``{alertname="X", user="jdoe"}``, as the audit log writes them):
        each ``name="value"`` with its value masked if the name or a pattern says so."""
        return self.text(_MATCHER.sub(lambda m: f'{m.group(1)}{m.group(2)}"{self.value(m.group(1), m.group(3))}"',
                                      text))

    def data(self, value: Any, key: str | None = None) -> Any:
        """A JSON-like structure (an audit record's parameters) with alert data masked: a
        value under a redacted name, matcher strings, and regex matches anywhere."""
        if not self:
            return value
        if isinstance(value, str):
            if key is not None and key.lower() in self.names:
                return MASK
            return self.matchers(value)
        if isinstance(value, Mapping):
            return {k: self.data(v, k) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.data(v, key) for v in value]
        return value

    def svg(self, svg: str, alerts: Iterable[Alert]) -> str:
        """A screenshot (SVG text) with what is on screen masked: the values of the redacted
        names among ``alerts`` (as the SVG writes them: escaped, spaces as &#160;) and every
        regex match."""
        if not self:
            return svg
        values = {v for a in alerts for k, v in (*a.labels.items(), *a.annotations.items())
                  if k.lower() in self.names and len(v) >= 3}
        for v in sorted(values, key=len, reverse=True):
            for form in {html.escape(v), html.escape(v).replace(" ", "&#160;"), html.escape(v, quote=False)}:
                svg = svg.replace(form, MASK)
        return self.text(svg)


NONE = Redactor()
