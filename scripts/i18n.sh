#!/usr/bin/env bash
# The .po files in src/alerttui/locales/*/LC_MESSAGES/ are the source of every translation:
# edit them by hand (or in Poedit/Weblate), following src/alerttui/locales/GLOSSARY.md. This
# script never writes a translation. After changing user-facing strings (or a .po file), run
#   bash scripts/i18n.sh
# It extracts every _()/ngettext()/N_()/pgettext() string into alerttui.pot, merges that into each
# .po (a new msgid close to an old one gets the old translation, marked fuzzy), compiles the .mo
# files (fuzzy entries are left out, so the English is shown until a translator checks them) and
# lists, per language, what is untranslated or fuzzy.
# Messages gone from the source stay at the end of each .po as "#~" entries for translators to
# reuse; delete them by hand when they are no use. CI (scripts/check_catalogues.py) fails on any
# missing, untranslated or fuzzy entry and on placeholder mismatches.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=.venv/bin/pybabel
LOC=src/alerttui/locales
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
$PYBABEL -q extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -k pgettext:1c,2 --no-location --sort-output \
  --project alerttui --copyright-holder "alerttui developers" -o "$tmp/alerttui.pot" src/alerttui
# Keep the committed template (and so every POT-Creation-Date) when only the date would change.
if ! [ -f "$LOC/alerttui.pot" ] || ! cmp -s <(grep -v '^"POT-Creation-Date: ' "$tmp/alerttui.pot") \
                                          <(grep -v '^"POT-Creation-Date: ' "$LOC/alerttui.pot"); then
  cp "$tmp/alerttui.pot" "$LOC/alerttui.pot"
fi
for lang in en fr de; do
  if [ -f "$LOC/$lang/LC_MESSAGES/alerttui.po" ]; then
    # No --previous: babel reads a "#| msgid" line back as a translator comment ("# | msgid"),
    # which then stays for good (python-babel/babel#206).
    $PYBABEL -q update -i "$LOC/alerttui.pot" -d "$LOC" -D alerttui -l "$lang"
  else
    $PYBABEL -q init -i "$LOC/alerttui.pot" -d "$LOC" -D alerttui -l "$lang"
  fi
done
$PYBABEL -q compile -d "$LOC" -D alerttui  # no --use-fuzzy: a fuzzy entry must not ship
# What is left to translate (and any placeholder or typography slip), per language. Exit 0.
.venv/bin/python scripts/check_catalogues.py --todo
