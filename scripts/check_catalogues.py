"""Catalogue check run by CI (scripts/test.sh), and the to-do list printed by scripts/i18n.sh.

The .po files are the source of every translation (edit them by hand or in Poedit/Weblate,
following src/alerttui/locales/GLOSSARY.md). The check fails, naming the language and the msgid,
when:

- the .pot does not hold exactly the strings the source marks (run scripts/i18n.sh after edits);
- a .po lacks a msgid of the source, or still holds one the source dropped (other than as a
  ``#~`` obsolete entry);
- an entry is fuzzy: ``pybabel update`` guessed its translation from a similar msgid (one that
  changed, or a look-alike). Check or replace the translation, then delete the ``fuzzy`` flag;
- in a language of COMPLETE, an entry or one of its plural forms is untranslated; a plural entry
  must have as many forms as the language's Plural-Forms header says;
- a translation's ``{placeholders}`` (and argparse's ``%(name)s``) differ from its msgid's;
- French: an ordinary space before ``: ? ! ;`` (write a no-break space, U+00A0);
- a compiled .mo is not what compiling its .po gives (fuzzy entries left out, as pybabel
  compile without --use-fuzzy does).

``--todo`` (run by scripts/i18n.sh) prints the same findings per language, with how many entries
are untranslated or fuzzy, and exits 0.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOC = ROOT / "src" / "alerttui" / "locales"
LANGS = ("en", "fr", "de")
COMPLETE: set[str] = {"fr", "de"}  # every message translated; en is the language of the msgids
KEYWORDS = ("_", "N_", "ngettext:1,2", "pgettext:1c,2")  # as in scripts/i18n.sh
PLACEHOLDER = re.compile(r"\{[a-zA-Z_][a-zA-Z0-9_]*(?:![rsa])?(?::[^{}]*)?\}")
PERCENT = re.compile(r"%(?:\([a-z_]+\))?[sdr]")  # argparse's own messages
FRENCH_SPACE = re.compile(r" ([:?!;])(?=\s|$)")  # " :" ending a word group, not "18:30"

Key = str | tuple[str, ...] | tuple[str, str | tuple[str, ...]]


@dataclass(frozen=True)
class Finding:
    lang: str  # "" for the .pot
    kind: str  # untranslated, fuzzy, missing, ...
    text: str

    def __str__(self) -> str:
        return f"{self.lang + ': ' if self.lang else ''}{self.kind} {self.text}"


def placeholders(text: str) -> list[str]:
    """``{name}``-style placeholders and argparse's ``%(prog)s``, sorted (their order may change)."""
    return sorted(PLACEHOLDER.findall(text)) + sorted(PERCENT.findall(text))


def _key(value):  # type: ignore[no-untyped-def]
    return tuple(value) if isinstance(value, (list, tuple)) else value


def key(msg: Message) -> Key:
    """A message's key, with the pgettext context when there is one."""
    return (msg.context, _key(msg.id)) if msg.context else _key(msg.id)


def label(msg: Message) -> str:
    """How a finding names a message: its msgid (singular and plural), after its context."""
    text = repr(msg.id[0] if isinstance(msg.id, (list, tuple)) else msg.id)
    if isinstance(msg.id, (list, tuple)):
        text += f" / {msg.id[1]!r}"
    return f"[{msg.context}] {text}" if msg.context else text


def forms(msg: Message) -> tuple[str, ...]:
    return tuple(s or "" for s in msg.string) if isinstance(msg.string, (list, tuple)) else (msg.string or "",)


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def source_messages() -> dict[Key, Message]:
    """Every message the source marks now (a fresh extraction, not the committed .pot)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.pot"
        keywords = [arg for kw in KEYWORDS for arg in ("-k", kw)]
        subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F",
                        str(ROOT / "babel.cfg"), *keywords, "--no-location", "-o", str(fresh),
                        str(ROOT / "src" / "alerttui")], check=True, cwd=ROOT)
        return {key(m): m for m in read_catalog(fresh) if m.id}


def _names(messages: list[Message], most: int = 10) -> str:
    names = sorted(label(m) for m in messages)
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


def check_pot(wanted: dict[Key, Message]) -> list[Finding]:
    committed = {key(m): m for m in read_catalog(LOC / "alerttui.pot") if m.id}
    new = [m for k, m in wanted.items() if k not in committed]
    gone = [m for k, m in committed.items() if k not in wanted]
    out = []
    if new:
        out.append(Finding("", "alerttui.pot is out of date (run bash scripts/i18n.sh):", f"new {_names(new)}"))
    if gone:
        out.append(Finding("", "alerttui.pot is out of date (run bash scripts/i18n.sh):", f"gone {_names(gone)}"))
    return out


def check_entry(lang: str, msg: Message, num_plurals: int, obsolete: dict[Key, Message]) -> list[Finding]:
    out = []
    name = label(msg)
    strings = forms(msg)
    if msg.fuzzy:  # a guess: the translator rewrites it, so its placeholders are not checked yet
        guess = f"{strings[0]!r}" + (", ..." if len(strings) > 1 else "")
        return [Finding(lang, "fuzzy", f"{name}, guessed {guess}")]
    if lang in COMPLETE and not all(strings):
        old = obsolete.get(key(msg))  # babel does not bring back a "#~" entry whose msgid returns
        hint = f" (the #~ entry at the end has {forms(old)[0]!r}: copy it, delete the #~ entry)" \
            if old is not None and all(forms(old)) else ""
        out.append(Finding(lang, "untranslated", name + hint))
    if isinstance(msg.id, (list, tuple)) and len(strings) != num_plurals:
        out.append(Finding(lang, "plural forms", f"{name}: {len(strings)} forms, Plural-Forms says {num_plurals}"))
    expected = placeholders(msg.id[-1] if isinstance(msg.id, (list, tuple)) else msg.id)
    for s in strings:
        if s and placeholders(s) != expected:
            out.append(Finding(lang, "placeholders differ", f"in {name}: {s!r} has {placeholders(s)}, "
                                                            f"the msgid {expected}"))
        if s and lang == "fr" and FRENCH_SPACE.search(s):
            out.append(Finding(lang, "typography", f"in {name}: {s!r} has an ordinary space before : ? ! ; "
                                                   "(write a no-break space, U+00A0)"))
    return out


def check_mo(lang: str, po: Catalog) -> list[Finding]:
    """The .mo must be exactly what compiling the .po gives (without fuzzy entries)."""
    mo_path = LOC / lang / "LC_MESSAGES" / "alerttui.mo"
    compiled = BytesIO()
    write_mo(compiled, po, use_fuzzy=False)
    if not mo_path.exists():
        return [Finding(lang, "alerttui.mo is missing", "(run bash scripts/i18n.sh)")]
    shipped = mo_path.read_bytes()
    if shipped == compiled.getvalue():
        return []
    compiled.seek(0)
    want = {key(m): forms(m) for m in read_mo(compiled)}
    have = {key(m): forms(m) for m in read_mo(BytesIO(shipped))}
    differ = sorted(repr(k) for k in want.keys() | have.keys() if want.get(k) != have.get(k))
    detail = ", ".join(differ[:5]) + (f" and {len(differ) - 5} more" if len(differ) > 5 else "")
    return [Finding(lang, "alerttui.mo does not match alerttui.po (run bash scripts/i18n.sh):",
                    detail or "headers differ")]


def check_language(lang: str, wanted: dict[Key, Message]) -> list[Finding]:
    po = read_catalog(LOC / lang / "LC_MESSAGES" / "alerttui.po", lang)
    have = {key(m): m for m in po if m.id}
    out = [Finding(lang, "missing from the .po (run bash scripts/i18n.sh):", label(m))
           for k, m in wanted.items() if k not in have]
    out += [Finding(lang, "not in the source any more (run bash scripts/i18n.sh):", label(m))
            for k, m in have.items() if k not in wanted]
    obsolete = {key(m): m for m in po.obsolete.values()}
    for msg in have.values():
        out += check_entry(lang, msg, po.num_plurals, obsolete)
    return out + check_mo(lang, po)


def todo(findings: list[Finding], total: int) -> None:
    """scripts/i18n.sh's report: per language, what a translator has to do in the .po."""
    for f in findings:
        if not f.lang:
            print(f"i18n: {f}")
    for lang in LANGS:
        mine = [f for f in findings if f.lang == lang]
        path = (LOC / lang / "LC_MESSAGES" / "alerttui.po").relative_to(ROOT)
        untranslated = sum(f.kind == "untranslated" for f in mine)
        fuzzy = sum(f.kind == "fuzzy" for f in mine)
        if lang in COMPLETE or mine:
            print(f"i18n: {lang}: {untranslated} untranslated, {fuzzy} fuzzy, {len(mine) - untranslated - fuzzy}"
                  f" other problems ({total} messages, {path})")
        for f in mine:
            print(f"i18n:   {f.kind} {f.text}")
    if findings:
        print("i18n: translate or fix these in the .po files (see src/alerttui/locales/GLOSSARY.md), "
              "then run bash scripts/i18n.sh again; CI fails until none is left")


def main(argv: list[str]) -> int:
    wanted = source_messages()
    findings = check_pot(wanted)
    for lang in LANGS:
        findings += check_language(lang, wanted)
    if "--todo" in argv:
        todo(findings, len(wanted))
        return 0
    for f in findings:
        print(f"check_catalogues: {f}", file=sys.stderr)
    if findings:
        print(f"check_catalogues: {len(findings)} problem(s); edit the .po files, then run bash scripts/i18n.sh",
              file=sys.stderr)
        return 1
    print(f"check_catalogues: {len(wanted)} messages, catalogues consistent")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
