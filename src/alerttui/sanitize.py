"""Make untrusted text (alert labels, annotations, metric names, backend errors) safe to
show: no ANSI escapes, no control characters, bounded length. Markup safety is the
renderer's job (``rich.text.Text``), Slack safety is ``slack_escape``'s."""

from __future__ import annotations

import re

# CSI/OSC/other ESC sequences first, so their parameters go with them: CSI, OSC and the
# DCS/SOS/PM/APC strings up to their terminator, then any other ESC sequence (intermediates
# and one final byte: "ESC ( B" from tput sgr0, "ESC 7", "ESC c"), else a leftover like
# "(B" or "7" stays visible once the ESC itself is dropped.
_ANSI = re.compile(
    r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[PX^_][^\x07\x1b]*(\x07|\x1b\\)?|[ -/]*[0-~])"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
# The zero-width joiner joins emoji into one (👨‍👩‍👧, 🏳️‍🌈): kept between two emoji (or an
# emoji's variation selector or skin tone), dropped anywhere else, where it only hides
# something ("ad\u200dmin" looks like "admin").
_EMOJI = "[\u2600-\u27bf\u2b00-\u2bff\ufe0f\U0001f000-\U0001faff]"
_STRAY_ZWJ = re.compile(f"(?<!{_EMOJI})\u200d|\u200d(?!{_EMOJI})")


def clean(text: str, limit: int | None = None, *, single_line: bool = True) -> str:
    """Strip ANSI escapes and control characters (newlines/tabs become spaces when
    ``single_line``), then truncate to ``limit`` characters with an ellipsis."""
    out = _ANSI.sub("", text)
    if single_line:
        out = out.replace("\r\n", " ").replace("\n", " ").replace("\t", " ").replace("\r", " ")
    else:
        out = out.replace("\r\n", "\n").replace("\t", "    ")
        out = "\n".join(_STRAY_ZWJ.sub("", _CONTROL.sub("", line)) for line in out.split("\n"))
        return truncate(out, limit)
    return truncate(_STRAY_ZWJ.sub("", _CONTROL.sub("", out)), limit)


def truncate(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip("\u200d") + "…"  # no joiner left hanging before the ellipsis
