#!/usr/bin/env bash
# Extract every _()/ngettext()/N_() string, update the fr/de catalogues, fill them from
# scripts/translations.py (which names any msgid it has no translation for) and compile the
# .mo files shipped in the package. Run after changing user-facing strings:
#   bash scripts/i18n.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=.venv/bin/pybabel
LOC=src/alerttui/locales
$PYBABEL -q extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -k pgettext:1c,2 --no-location --sort-output \
  --project alerttui --copyright-holder "alerttui developers" -o "$LOC/alerttui.pot" src/alerttui
for lang in en fr de; do
  if [ -f "$LOC/$lang/LC_MESSAGES/alerttui.po" ]; then
    $PYBABEL -q update --no-fuzzy-matching -i "$LOC/alerttui.pot" -d "$LOC" -D alerttui -l "$lang"
  else
    $PYBABEL -q init -i "$LOC/alerttui.pot" -d "$LOC" -D alerttui -l "$lang"
  fi
done
# Fill fr/de from scripts/translations.py (see src/alerttui/locales/GLOSSARY.md)
.venv/bin/python scripts/translations.py
$PYBABEL -q compile --use-fuzzy -d "$LOC" -D alerttui
