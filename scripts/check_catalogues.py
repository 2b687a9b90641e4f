"""Catalogue check run by CI (scripts/test.sh).

- the .pot holds exactly the strings the source marks (run scripts/i18n.sh after edits);
- every .po holds every msgid of the .pot, has no fuzzy entries, and each translation keeps
  the same {placeholders} (and argparse's %(name)s) as its msgid;
- every compiled .mo matches its .po;
- languages listed in COMPLETE have every message translated.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from translations import placeholders  # one definition: {name} and argparse's %(prog)s

ROOT = Path(__file__).resolve().parent.parent
LOC = ROOT / "src" / "alerttui" / "locales"
LANGS = ("en", "fr", "de")
COMPLETE: set[str] = {"fr", "de"}  # every message translated (scripts/translations.py)


def ids(catalog) -> set:  # type: ignore[no-untyped-def]
    """Message keys, with the pgettext context when there is one."""
    return {(m.context, _key(m.id)) if m.context else m.id for m in catalog if m.id}


def _key(value):  # type: ignore[no-untyped-def]
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _translated(value) -> bool:  # type: ignore[no-untyped-def]
    return all(value) if isinstance(value, (list, tuple)) else bool(value)


def main() -> int:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.pot"
        subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F",
                        str(ROOT / "babel.cfg"), "-k", "_", "-k", "N_", "-k", "ngettext:1,2", "-k", "pgettext:1c,2",
                        "--no-location", "-o", str(fresh), str(ROOT / "src" / "alerttui")],
                       check=True, cwd=ROOT)
        with fresh.open("rb") as f:
            wanted = ids(read_po(f))
    with (LOC / "alerttui.pot").open("rb") as f:
        committed = ids(read_po(f))
    if wanted != committed:
        missing = sorted(str(x) for x in wanted - committed)[:5]
        extra = sorted(str(x) for x in committed - wanted)[:5]
        problems.append(f"alerttui.pot is out of date (run bash scripts/i18n.sh): new {missing} gone {extra}")
    for lang in LANGS:
        po_path = LOC / lang / "LC_MESSAGES" / "alerttui.po"
        with po_path.open("rb") as f:
            po = read_po(f, locale=lang)
        absent = wanted - ids(po)
        if absent:
            problems.append(f"{lang}: {len(absent)} msgids missing from the .po (run bash scripts/i18n.sh)")
        for msg in po:
            if not msg.id:
                continue
            if msg.fuzzy:
                problems.append(f"{lang}: fuzzy entry {msg.id!r}")
            sources = msg.id if isinstance(msg.id, tuple) else (msg.id,)
            strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
            expected = placeholders(sources[-1])
            for s in strings:
                if s and placeholders(s) != expected:
                    problems.append(f"{lang}: placeholders differ in {msg.id!r}: {s!r}")
            if lang in COMPLETE and not all(strings):
                problems.append(f"{lang}: untranslated {msg.id!r}")
        with (LOC / lang / "LC_MESSAGES" / "alerttui.mo").open("rb") as f:
            mo = read_mo(f)
        po_tr = {_key(m.id): _key(m.string) for m in po if m.id and _translated(m.string) and _key(m.string) != _key(m.id)}
        mo_tr = {_key(m.id): _key(m.string) for m in mo if m.id and _translated(m.string) and _key(m.string) != _key(m.id)}
        if po_tr != mo_tr:
            problems.append(f"{lang}: alerttui.mo does not match alerttui.po (run bash scripts/i18n.sh)")
    for p in problems:
        print(f"check_catalogues: {p}", file=sys.stderr)
    if not problems:
        print(f"check_catalogues: {len(wanted)} messages, catalogues consistent")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
