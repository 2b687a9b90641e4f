"""French and German translations of every alerttui message, and the filler that writes them
into ``src/alerttui/locales/{fr,de}/LC_MESSAGES/alerttui.po``.

Run by ``scripts/i18n.sh`` between ``pybabel update`` and ``pybabel compile``; on its own:
    .venv/bin/python scripts/translations.py [--strict]

- Terms follow ``src/alerttui/locales/GLOSSARY.md``.
- Keys are msgids. Plural entries are keyed by the (singular, plural) tuple and have a tuple
  of forms (French and German both have two).
- Idempotent: a second run writes the same files.
- Every msgid of the catalogue that has no entry here is printed (new strings show up at once).
  With ``--strict`` they make the run fail. Entries here whose msgid has gone from the source are
  printed too.
- French: write ordinary spaces before ``: ? ! ;``. The filler turns them into no-break spaces.
"""

from __future__ import annotations

import re
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOC = ROOT / "src" / "alerttui" / "locales"
PLACEHOLDER = re.compile(r"\{[a-zA-Z_][a-zA-Z0-9_]*(?:![rsa])?(?::[^{}]*)?\}")
PERCENT = re.compile(r"%(?:\([a-z_]+\))?[sdr]")  # argparse's own messages

Entry = str | tuple[str, ...]

# -- French -------------------------------------------------------------------------------------

FR: dict[str | tuple[str, str], Entry] = {
    "  ui: language {lang}, time zone {tz}, refresh {r}, metrics every {mr} over {rng}, operator {op}{kiosk}":
        "  ui : langue {lang}, fuseau horaire {tz}, actualisation {r}, métriques toutes les {mr} sur {rng}, "
        "opérateur {op}{kiosk}",
    "(from environment)": "(d'après l'environnement)",
    "(no alertname)": "(sans alertname)",
    "(webhook: later updates of this alert cannot be posted)":
        "(webhook : les mises à jour ultérieures de cette alerte ne pourront pas être publiées)",
    ("({n} peer)", "({n} peers)"): ("({n} nœud)", "({n} nœuds)"),
    "--tenant: no tenant {id!r} in {path} (known: {known})":
        "--tenant : aucun locataire {id!r} dans {path} (connus : {known})",
    "A terminal dashboard for on-call staff.": "Un tableau de bord en terminal pour les équipes d'astreinte.",
    "ALERTNAME": "ALERTE",
    "Ack": "Acquitter",
    "Acknowledge the selected alert": "Acquitter l'alerte sélectionnée",
    "Acknowledged by {who} until {until}": "Acquittée par {who} jusqu'au {until}",
    "Actions on this alert (audit log)": "Actions sur cette alerte (journal d'audit)",
    "Add a matcher": "Ajouter un critère",
    "Age": "Âge",
    "Alert": "Alerte",
    "Alertmanager matchers, e.g. 'severity=\"critical\"' (repeatable)":
        "critères Alertmanager, p. ex. 'severity=\"critical\"' (répétable)",
    "Alerts": "Alerte",
    "All": "Tous",
    "All tenants": "Tous les locataires",
    "Already forwarded there {ago}. Send it again?": "Déjà transférée vers ce canal {ago}. La renvoyer ?",
    "Always part of it (tenant scope): {m}": "Toujours inclus (périmètre du locataire) : {m}",
    "An expired silence cannot be edited; create a new one with n.":
        "Un silence expiré ne peut pas être modifié ; en créer un nouveau avec n.",
    "Annotations": "Annotations",
    "Back": "Retour",
    "By": "Par",
    "CA {path}": "CA {path}",
    "COMMAND": "COMMANDE",
    "Cancel": "Annuler",
    "Choose a tenant first (1-9).": "Choisir d'abord un locataire (1-9).",
    "Clear filter": "Effacer le filtre",
    "Close": "Fermer",
    "Comment": "Motif",
    "Comment (required), by {who}": "Commentaire (obligatoire), par {who}",
    "Details": "Détails",
    "Duration or end (e.g. 2h30m, 18:30, 2026-11-25 09:00)": "Durée ou fin (p. ex. 2h30m, 18:30, 2026-11-25 09:00)",
    "Edit": "Modifier",
    "Edit silence {id}": "Modifier le silence {id}",
    "Ends": "Fin",
    "Ends: ": "Fin : ",
    "Expire": "Expirer",
    ("Expire {n} silence?", "Expire {n} silences?"): ("Faire expirer {n} silence ?", "Faire expirer {n} silences ?"),
    "Expression (last hour): {expr}": "Expression (dernière heure) : {expr}",
    "Expression: no data in the last hour": "Expression : aucune donnée dans la dernière heure",
    "Expression: {reason}": "Expression : {reason}",
    "Filter": "Filtre",
    "Filter alerts": "Filtrer les alertes",
    "Filter by matchers or text": "Filtrer par critères ou par texte",
    "Fingerprint": "Empreinte",
    "Forward the selected alert to Slack": "Transférer l'alerte sélectionnée vers Slack",
    "Forward {alert} to Slack: {target}": "Transférer {alert} vers Slack : {target}",
    "Forwarded by {who} via alerttui": "Transférée par {who} via alerttui",
    "HTTP {status}": "HTTP {status}",
    "Help": "Aide",
    "Help: keys": "Aide : touches",
    "Inhibited by: ": "Inhibée par : ",
    "Keys": "Touches",
    "Labels": "Labels",
    "Language": "Langue",
    "Language: English": "Langue : anglais",
    "Language: French": "Langue : français",
    "Language: German": "Langue : allemand",
    "List every key binding": "Lister tous les raccourcis clavier",
    "Mark": "Marquer",
    "Matchers": "Critères",
    "Matchers (space toggles, edit to change; ctrl+n adds one)":
        "Critères (espace : (dé)cocher ; texte modifiable ; ctrl+n : en ajouter un)",
    "Matchers or free text": "Critères ou texte libre",
    ("Matches {n} current alert of {tenant}", "Matches {n} current alerts of {tenant}"):
        ("Correspond à {n} alerte en cours de {tenant}", "Correspond à {n} alertes en cours de {tenant}"),
    "New silence": "Nouveau",
    "New silence for {tenant}": "Nouveau silence pour {tenant}",
    "Next tenant": "Locataire suivant",
    "No": "Non",
    "No (n)": "Non (n)",
    "No alert matches the filter {f}": "Aucune alerte ne correspond au filtre {f}",
    "No alerts. All quiet.": "Aucune alerte. Tout est calme.",
    "No silences.": "Aucun silence.",
    "Not allowed here": "Non autorisé ici",
    "Nothing to expire: the selected silences have already ended.":
        "Rien à faire expirer : les silences sélectionnés sont déjà terminés.",
    "PAUSED": "EN PAUSE",
    "Pause": "Pause",
    "Pause / resume polling": "Suspendre / reprendre l'interrogation",
    "Poll every backend now": "Interroger tous les backends maintenant",
    "Previous tenant": "Locataire précédent",
    "Quit": "Quitter",
    "READ-ONLY": "LECTURE SEULE",
    "REPLICAS": "RÉPLIQUES",
    "Receivers: ": "Récepteurs : ",
    "Refresh": "Actualiser",
    "Refresh now": "Actualiser maintenant",
    "Refreshing all tenants…": "Actualisation de tous les locataires…",
    "Reported by: ": "Signalée par : ",
    "Resolved at {when}": "Résolue le {when}",
    "Runbook": "Procédure",
    "Runbook:": "Procédure :",
    "SEVERITY": "GRAVITÉ",
    "STALE {tenant}: {when}: {reason}": "PÉRIMÉ {tenant} : {when} : {reason}",
    "STARTED": "DÉBUT",
    "STATE": "ÉTAT",
    "SUMMARY": "RÉSUMÉ",
    "Save (ctrl+s)": "Enregistrer (ctrl+s)",
    "Save silence": "Enregistrer le silence",
    "Saving…": "Enregistrement…",
    "Select an alert or a tenant first.": "Sélectionner d'abord une alerte ou un locataire.",
    "Select an alert to acknowledge.": "Sélectionner une alerte à acquitter.",
    "Select an alert to forward.": "Sélectionner une alerte à transférer.",
    "Send": "Envoyer",
    "Send (ctrl+s)": "Envoyer (ctrl+s)",
    "Sent through a webhook: later acks, silences and resolution cannot update it.":
        "Envoyée par un webhook : les acquittements, silences et la résolution ne pourront pas la mettre à jour.",
    "Sev": "Grav.",
    "Severity": "Gravité",
    "Show alerts of every tenant": "Afficher les alertes de tous les locataires",
    "Show tenant {id}": "Afficher le locataire {id}",
    "Silence": "Silence",
    "Silence expired by {who}; the alert fires again": "Silence expiré par {who} ; l'alerte est de nouveau active",
    "Silence the selected alert": "Mettre en silence l'alerte sélectionnée",
    "Silenced by {who} until {until}: {comment}": "Mise en silence par {who} jusqu'au {until} : {comment}",
    "Silenced by: ": "En silence par : ",
    "Silences": "Silences",
    "Silences of all tenants": "Silences de tous les locataires",
    "Silences of this tenant": "Silences de ce locataire",
    "Silences of {tenant}": "Silences de {tenant}",
    "Silences view (S)": "Vue des silences (S)",
    "Slack": "Slack",
    "Slack error HTTP {status}": "Erreur Slack HTTP {status}",
    "Slack is not configured ([slack] in the config)": "Slack n'est pas configuré ([slack] dans la configuration)",
    "Slack rate limit (retry after {n} s)": "Limite de débit Slack (nouvel essai dans {n} s)",
    "Slack refused: {error}": "Refus de Slack : {error}",
    "Slack unreachable ({kind})": "Slack injoignable ({kind})",
    "Slack webhook error HTTP {status}": "Erreur du webhook Slack HTTP {status}",
    "Slack webhook refused: {body}": "Refus du webhook Slack : {body}",
    "Slack webhook unreachable ({kind})": "Webhook Slack injoignable ({kind})",
    "Slack: {p} pending, {f} failed": "Slack : {p} en attente, {f} en échec",
    "Source": "Source",
    "Source (generatorURL):": "Source (generatorURL) :",
    "Start (empty: now; a later time makes a maintenance window)":
        "Début (vide : maintenant ; plus tard : fenêtre de maintenance)",
    "Started": "Début",
    "Started: ": "Début : ",
    "State": "État",
    "State: ": "État : ",
    "Stop or restart polling": "Arrêter ou relancer l'interrogation",
    "Summary": "Résumé",
    "Switch between English, French and German": "Passer de l'anglais au français et à l'allemand",
    "TENANT": "LOCATAIRE",
    "TLS: {tls}": "TLS : {tls}",
    "Tenant": "Locat.",
    "Tenant by number": "Locataire par numéro",
    "Tenant {n}": "Locataire {n}",
    "Tenant: {name}": "Locataire : {name}",
    "View: all tenants": "Vue : tous les locataires",
    "Waiting for the first poll…": "En attente de la première interrogation…",
    "Yes": "Oui",
    "a tenant needs [tenants.alertmanager] or [tenants.prometheus]":
        "un locataire a besoin de [tenants.alertmanager] ou de [tenants.prometheus]",
    "ack already at its maximum": "acquittement déjà à son maximum",
    "acked by {who}": "acquittée par {who}",
    "acknowledge": "acquitter",
    "acknowledged": "acquittée",
    "active": "active",
    "alerttui demo needs the Debian packages {pkgs}: sudo apt-get install {pkgs}":
        "alerttui demo a besoin des paquets Debian {pkgs} : sudo apt-get install {pkgs}",
    "alerttui demo: the local stack did not start: {reason}":
        "alerttui demo : la pile locale n'a pas démarré : {reason}",
    "alerttui: --filter: {reason}": "alerttui : --filter : {reason}",
    "alerttui: tenant {tenant}: {error}": "alerttui : locataire {tenant} : {error}",
    "auth: {auth}; timeout {t}": "authentification : {auth} ; délai {t}",
    "basic auth as {user}, password from {src} (****)": "basic auth en tant que {user}, mot de passe depuis {src} (****)",
    "basic_auth needs password_env or password_file": "basic_auth a besoin de password_env ou de password_file",
    "bearer token from ${name} (****)": "jeton bearer depuis ${name} (****)",
    "bearer token from file {path} (****)": "jeton bearer depuis le fichier {path} (****)",
    "by {who}: {comment}": "par {who} : {comment}",
    "cannot send the request (check the headers and credentials)":
        "impossible d'envoyer la requête (vérifier les en-têtes et les identifiants)",
    "certificate NOT verified (insecure_skip_verify)": "certificat NON vérifié (insecure_skip_verify)",
    "client certificate {path}": "certificat client {path}",
    "comment: a comment is required (why, and a ticket if there is one)":
        "commentaire : un commentaire est obligatoire (pourquoi, et un ticket s'il y en a un)",
    "config file (default: $ALERTTUI_CONFIG, else {path})":
        "fichier de configuration (par défaut : $ALERTTUI_CONFIG, sinon {path})",
    "data {age} old": "données vieilles de {age}",
    "edit silences": "modifier des silences",
    "end: must be after the start": "fin : doit être après le début",
    "end: must be in the future": "fin : doit être dans le futur",
    "end: {reason}": "fin : {reason}",
    "error: {reason}": "erreur : {reason}",
    "escape, ? or q closes this help": "échap, ? ou q ferme cette aide",
    "every Alertmanager replica failed: {errors}": "toutes les répliques Alertmanager ont échoué : {errors}",
    "expected \"local\" or an IANA time zone like \"Europe/Paris\", got {value!r}":
        "attendu : \"local\" ou un fuseau horaire IANA comme \"Europe/Paris\", reçu {value!r}",
    "expected a URL without query or fragment, got {value!r}":
        "attendu : une URL sans paramètres ni fragment, reçu {value!r}",
    "expected a duration like 2h, a time like 18:30, or a date like 2026-11-25 09:00":
        "attendu : une durée comme 2h, une heure comme 18:30 ou une date comme 2026-11-25 09:00",
    "expected a duration like 2h, a time like 18:30, or a date like 2026-11-25 09:00, got {text!r}":
        "attendu : une durée comme 2h, une heure comme 18:30 ou une date comme 2026-11-25 09:00, reçu {text!r}",
    "expected a duration like 30s, 15m or 2h30m, got an empty string":
        "attendu : une durée comme 30s, 15m ou 2h30m, reçu une chaîne vide",
    "expected a duration like 30s, 15m or 2h30m, got {text!r}":
        "attendu : une durée comme 30s, 15m ou 2h30m, reçu {text!r}",
    "expected a duration string like \"30s\", \"15m\" or \"2h30m\"":
        "attendu : une durée comme \"30s\", \"15m\" ou \"2h30m\"",
    "expected a port between 1 and 65535 in {value!r}": "attendu : un port entre 1 et 65535 dans {value!r}",
    "expected a time like 18:30, got {text!r}": "attendu : une heure comme 18:30, reçu {text!r}",
    "expected an http:// or https:// URL, got {value!r}": "attendu : une URL http:// ou https://, reçu {value!r}",
    "expected at least 1s": "attendu : au moins 1s",
    "expected lowercase letters, digits and '-' (like \"acme-prod\"), got {value!r}":
        "attendu : des minuscules, des chiffres et '-' (comme \"acme-prod\"), reçu {value!r}",
    "expected one matcher per string, like 'tenant=\"acme\"', got {value!r}":
        "attendu : un critère par chaîne, comme 'tenant=\"acme\"', reçu {value!r}",
    "expected one of {choices}, got {value!r}": "attendu : l'une des valeurs {choices}, reçu {value!r}",
    "expire silences": "faire expirer des silences",
    "expired": "expiré",
    "extend an ack": "prolonger un acquittement",
    "filter: {f}": "filtre : {f}",
    "fingerprint {fp}": "empreinte {fp}",
    "firing": "active",
    "forward": "transférer",
    "headers: put credentials in bearer_token_env/_file or basic_auth, not in an inline Authorization header":
        "headers : mettre les identifiants dans bearer_token_env/_file ou basic_auth, "
        "pas dans un en-tête Authorization en clair",
    "headers: {h}": "en-têtes : {h}",
    "include this matcher": "inclure ce critère",
    "inhibited": "inhibée",
    "invalid filter (keeping the previous one): {reason}": "filtre invalide (le précédent reste actif) : {reason}",
    "key_file needs cert_file": "key_file a besoin de cert_file",
    "kiosk": "kiosque",
    "language of the interface": "langue de l'interface",
    "matcher {n}: {reason}": "critère {n} : {reason}",
    "matchers or text, e.g. severity=\"critical\" disk": "critères ou texte, p. ex. severity=\"critical\" disque",
    "matchers: at least one matcher is required": "critères : au moins un critère est obligatoire",
    "max must be at least duration": "max doit être au moins égal à duration",
    "missing binaries; install them with: sudo apt-get install {pkgs}":
        "exécutables manquants ; les installer avec : sudo apt-get install {pkgs}",
    "no Prometheus configured": "aucun Prometheus configuré",
    "no Slack bot token configured": "aucun jeton de bot Slack configuré",
    "no Slack route matches this alert": "aucune route Slack ne correspond à cette alerte",
    "no data": "aucune donnée",
    "no data yet": "pas encore de données",
    "no successful poll recently": "aucune interrogation réussie récemment",
    "no thread for this alert in {channel}": "aucun fil pour cette alerte dans {channel}",
    "none": "aucune",
    "note for the channel (optional)": "note pour le canal (facultative)",
    "now": "maintenant",
    "only this tenant": "seulement ce locataire",
    "operator: {op}": "opérateur : {op}",
    "panels need [tenants.prometheus]": "les panneaux ont besoin de [tenants.prometheus]",
    "pending": "à venir",
    "polled {age} ago": "interrogé il y a {age}",
    "polling is off": "l'interrogation est désactivée",
    "print the deduplicated, tenant-scoped alert list": "afficher la liste dédoublonnée des alertes, par locataire",
    "put credentials in basic_auth or bearer_token_env/_file, not in the URL":
        "mettre les identifiants dans basic_auth ou bearer_token_env/_file, pas dans l'URL",
    "queued for {target}": "en file d'attente pour {target}",
    "read-only kiosk mode: cannot {verb}": "mode kiosque en lecture seule : impossible de {verb}",
    "read-only wall display": "affichage mural en lecture seule",
    "required key is missing": "clé obligatoire manquante",
    "resolved": "résolue",
    "role {role}, Slack language {lang}": "rôle {role}, langue Slack {lang}",
    "route {route} has no webhook any more": "la route {route} n'a plus de webhook",
    "routes[{i}]: channel {channel} needs a bot token (token_env or token_file)":
        "routes[{i}] : le canal {channel} a besoin d'un jeton de bot (token_env ou token_file)",
    "routes[{i}]: needs channel (with token_env/token_file) or webhook_url_env":
        "routes[{i}] : channel (avec token_env/token_file) ou webhook_url_env est nécessaire",
    "run the dashboard on a real local Prometheus + Alertmanager stack":
        "lancer le tableau de bord sur une vraie pile locale Prometheus + Alertmanager",
    "scope: {m}": "périmètre : {m}",
    "set either a bearer token or basic_auth, not both": "définir soit un jeton bearer, soit basic_auth, pas les deux",
    "set only one of {what}_env and {what}_file": "définir un seul de {what}_env et {what}_file",
    "silence": "mettre en silence",
    "silence {id} expired": "silence {id} expiré",
    "silence {id} is outside tenant {tenant}'s scope": "le silence {id} est hors du périmètre du locataire {tenant}",
    "silence {id} saved until {end}": "silence {id} enregistré jusqu'au {end}",
    "silence {id} updated (new id {new})": "silence {id} mis à jour (nouvel id {new})",
    "silenced": "en silence",
    "silenced by {who}": "en silence ({who})",
    "slack.routes[{i}].tenants: no tenant {ids}": "slack.routes[{i}].tenants : aucun locataire {ids}",
    "start: {reason}": "début : {reason}",
    "template error: {reason}": "erreur de modèle : {reason}",
    "template: {reason}": "modèle : {reason}",
    "tenant id {id!r} is used twice": "l'identifiant de locataire {id!r} est utilisé deux fois",
    "tenant {tenant}": "locataire {tenant}",
    "tenant {tenant} has no Alertmanager": "le locataire {tenant} n'a pas d'Alertmanager",
    "the same URL is listed twice": "la même URL figure deux fois",
    "timed out": "délai dépassé",
    "unexpected response": "réponse inattendue",
    "unexpected response (not Prometheus API JSON)": "réponse inattendue (pas du JSON de l'API Prometheus)",
    "unexpected response (result is not a list)": "réponse inattendue (le résultat n'est pas une liste)",
    "unexpected response (values are not numbers)": "réponse inattendue (les valeurs ne sont pas des nombres)",
    "unexpected response ({reason})": "réponse inattendue ({reason})",
    "unexpected response ({where}: {msg})": "réponse inattendue ({where} : {msg})",
    "unknown key (check the spelling; the README's Config section lists every key)":
        "clé inconnue (vérifier l'orthographe ; la section Config du README liste toutes les clés)",
    "unprocessed": "non traitée",
    "unreachable ({reason})": "injoignable ({reason})",
    "validate the config; print tenants and backends":
        "valider la configuration ; afficher les locataires et les backends",
    "waiting for first poll": "en attente de la première interrogation",
    "warn must not be above crit": "warn ne doit pas dépasser crit",
    "why, and the ticket": "pourquoi, et le ticket",
    "{alert} acknowledged for {d}": "{alert} acquittée pour {d}",
    "{cmd} exited with code {code}:\n{tail}": "{cmd} s'est terminé avec le code {code} :\n{tail}",
    "{field}: cannot read {path}: {reason}": "{field} : impossible de lire {path} : {reason}",
    "{field}: environment variable {name} is not set": "{field} : la variable d'environnement {name} n'est pas définie",
    "{field}: no such file {path}": "{field} : fichier {path} introuvable",
    "{id} by {who} until {end}: {comment}": "{id} par {who} jusqu'au {end} : {comment}",
    ("{n} Slack message has not been sent yet; it will be sent at the next start. Quit?",
     "{n} Slack messages have not been sent yet; they will be sent at the next start. Quit?"):
        ("{n} message Slack n'a pas encore été envoyé ; il le sera au prochain démarrage. Quitter ?",
         "{n} messages Slack n'ont pas encore été envoyés ; ils le seront au prochain démarrage. Quitter ?"),
    "{ok}/{n} tenants healthy": "{ok}/{n} locataires sains",
    ("{path}: OK, {n} tenant", "{path}: OK, {n} tenants"): ("{path} : OK, {n} locataire", "{path} : OK, {n} locataires"),
    "{path}: invalid TOML: {reason}": "{path} : TOML invalide : {reason}",
    "{path}: no such file (pass --config PATH or set ALERTTUI_CONFIG)":
        "{path} : fichier introuvable (passer --config CHEMIN ou définir ALERTTUI_CONFIG)",
    "{path}: not UTF-8 text (byte {pos})": "{path} : pas du texte UTF-8 (octet {pos})",
    "{role} role for tenant {tenant} cannot change {who}'s silence":
        "le rôle {role} pour le locataire {tenant} ne peut pas modifier le silence de {who}",
    "{role} role for tenant {tenant} cannot silence for longer than {max}":
        "le rôle {role} pour le locataire {tenant} ne peut pas mettre en silence plus de {max}",
    "{role} role for tenant {tenant} cannot {verb}": "le rôle {role} pour le locataire {tenant} ne peut pas {verb}",
    "{start} → {end}": "{start} → {end}",
    "{start} → {end} ({d})": "{start} → {end} ({d})",
    "{url} did not become ready within {n} s": "{url} n'était pas prêt au bout de {n} s",
    "✔ ack {who} {age}": "✔ acq. {who} {age}",
}

# -- German -------------------------------------------------------------------------------------

DE: dict[str | tuple[str, str], Entry] = {
    "  ui: language {lang}, time zone {tz}, refresh {r}, metrics every {mr} over {rng}, operator {op}{kiosk}":
        "  ui: Sprache {lang}, Zeitzone {tz}, Aktualisierung {r}, Metriken alle {mr} über {rng}, "
        "Operator {op}{kiosk}",
    "(from environment)": "(aus der Umgebung)",
    "(no alertname)": "(ohne alertname)",
    "(webhook: later updates of this alert cannot be posted)":
        "(Webhook: spätere Änderungen dieses Alarms können nicht gepostet werden)",
    ("({n} peer)", "({n} peers)"): ("({n} Knoten)", "({n} Knoten)"),
    "--tenant: no tenant {id!r} in {path} (known: {known})":
        "--tenant: kein Mandant {id!r} in {path} (bekannt: {known})",
    "A terminal dashboard for on-call staff.": "Ein Terminal-Dashboard für die Rufbereitschaft.",
    "ALERTNAME": "ALARM",
    "Ack": "Bestät.",
    "Acknowledge the selected alert": "Den gewählten Alarm bestätigen",
    "Acknowledged by {who} until {until}": "Bestätigt von {who} bis {until}",
    "Actions on this alert (audit log)": "Aktionen zu diesem Alarm (Audit-Log)",
    "Add a matcher": "Matcher hinzufügen",
    "Age": "Alter",
    "Alert": "Alarm",
    "Alertmanager matchers, e.g. 'severity=\"critical\"' (repeatable)":
        "Alertmanager-Matcher, z. B. 'severity=\"critical\"' (wiederholbar)",
    "Alerts": "Alarme",
    "All": "Alle",
    "All tenants": "Alle Mandanten",
    "Already forwarded there {ago}. Send it again?": "Dorthin bereits {ago} weitergeleitet. Erneut senden?",
    "Always part of it (tenant scope): {m}": "Immer enthalten (Mandantenbereich): {m}",
    "An expired silence cannot be edited; create a new one with n.":
        "Eine beendete Stummschaltung kann nicht geändert werden; mit n eine neue anlegen.",
    "Annotations": "Annotationen",
    "Back": "Zurück",
    "By": "Von",
    "CA {path}": "CA {path}",
    "COMMAND": "BEFEHL",
    "Cancel": "Abbrechen",
    "Choose a tenant first (1-9).": "Zuerst einen Mandanten wählen (1-9).",
    "Clear filter": "Filter löschen",
    "Close": "Schließen",
    "Comment": "Kommentar",
    "Comment (required), by {who}": "Kommentar (Pflicht), von {who}",
    "Details": "Details",
    "Duration or end (e.g. 2h30m, 18:30, 2026-11-25 09:00)": "Dauer oder Ende (z. B. 2h30m, 18:30, 2026-11-25 09:00)",
    "Edit": "Ändern",
    "Edit silence {id}": "Stummschaltung {id} ändern",
    "Ends": "Ende",
    "Ends: ": "Ende: ",
    "Expire": "Aufheben",
    ("Expire {n} silence?", "Expire {n} silences?"):
        ("{n} Stummschaltung aufheben?", "{n} Stummschaltungen aufheben?"),
    "Expression (last hour): {expr}": "Ausdruck (letzte Stunde): {expr}",
    "Expression: no data in the last hour": "Ausdruck: keine Daten in der letzten Stunde",
    "Expression: {reason}": "Ausdruck: {reason}",
    "Filter": "Filter",
    "Filter alerts": "Alarme filtern",
    "Filter by matchers or text": "Nach Matchern oder Text filtern",
    "Fingerprint": "Fingerabdruck",
    "Forward the selected alert to Slack": "Den gewählten Alarm an Slack weiterleiten",
    "Forward {alert} to Slack: {target}": "{alert} an Slack weiterleiten: {target}",
    "Forwarded by {who} via alerttui": "Weitergeleitet von {who} über alerttui",
    "HTTP {status}": "HTTP {status}",
    "Help": "Hilfe",
    "Help: keys": "Hilfe: Tasten",
    "Inhibited by: ": "Unterdrückt durch: ",
    "Keys": "Tasten",
    "Labels": "Labels",
    "Language": "Sprache",
    "Language: English": "Sprache: Englisch",
    "Language: French": "Sprache: Französisch",
    "Language: German": "Sprache: Deutsch",
    "List every key binding": "Alle Tastenbelegungen anzeigen",
    "Mark": "Markieren",
    "Matchers": "Matcher",
    "Matchers (space toggles, edit to change; ctrl+n adds one)":
        "Matcher (Leertaste schaltet um, Text ändern; ctrl+n fügt einen hinzu)",
    "Matchers or free text": "Matcher oder freier Text",
    ("Matches {n} current alert of {tenant}", "Matches {n} current alerts of {tenant}"):
        ("Betrifft {n} aktuellen Alarm von {tenant}", "Betrifft {n} aktuelle Alarme von {tenant}"),
    "New silence": "Neu",
    "New silence for {tenant}": "Neue Stummschaltung für {tenant}",
    "Next tenant": "Nächster Mandant",
    "No": "Nein",
    "No (n)": "Nein (n)",
    "No alert matches the filter {f}": "Kein Alarm passt zum Filter {f}",
    "No alerts. All quiet.": "Keine Alarme. Alles ruhig.",
    "No silences.": "Keine Stummschaltungen.",
    "Not allowed here": "Hier nicht erlaubt",
    "Nothing to expire: the selected silences have already ended.":
        "Nichts aufzuheben: die gewählten Stummschaltungen sind bereits beendet.",
    "PAUSED": "PAUSIERT",
    "Pause": "Pause",
    "Pause / resume polling": "Abfragen anhalten / fortsetzen",
    "Poll every backend now": "Alle Backends jetzt abfragen",
    "Previous tenant": "Vorheriger Mandant",
    "Quit": "Beenden",
    "READ-ONLY": "NUR LESEN",
    "REPLICAS": "REPLIKATE",
    "Receivers: ": "Empfänger: ",
    "Refresh": "Abfragen",
    "Refresh now": "Jetzt abfragen",
    "Refreshing all tenants…": "Alle Mandanten werden abgefragt…",
    "Reported by: ": "Gemeldet von: ",
    "Resolved at {when}": "Behoben am {when}",
    "Runbook": "Runbook",
    "Runbook:": "Runbook:",
    "SEVERITY": "SCHWEREGRAD",
    "STALE {tenant}: {when}: {reason}": "VERALTET {tenant}: {when}: {reason}",
    "STARTED": "BEGINN",
    "STATE": "STATUS",
    "SUMMARY": "ZUSAMMENFASSUNG",
    "Save (ctrl+s)": "Speichern (ctrl+s)",
    "Save silence": "Stummschaltung speichern",
    "Saving…": "Speichern…",
    "Select an alert or a tenant first.": "Zuerst einen Alarm oder einen Mandanten wählen.",
    "Select an alert to acknowledge.": "Einen Alarm zum Bestätigen wählen.",
    "Select an alert to forward.": "Einen Alarm zum Weiterleiten wählen.",
    "Send": "Senden",
    "Send (ctrl+s)": "Senden (ctrl+s)",
    "Sent through a webhook: later acks, silences and resolution cannot update it.":
        "Über einen Webhook gesendet: spätere Bestätigungen, Stummschaltungen und die Behebung "
        "können die Nachricht nicht aktualisieren.",
    "Sev": "Stufe",
    "Severity": "Schweregrad",
    "Show alerts of every tenant": "Alarme aller Mandanten anzeigen",
    "Show tenant {id}": "Mandant {id} anzeigen",
    "Silence": "Stumm",
    "Silence expired by {who}; the alert fires again":
        "Stummschaltung von {who} aufgehoben; der Alarm ist wieder aktiv",
    "Silence the selected alert": "Den gewählten Alarm stummschalten",
    "Silenced by {who} until {until}: {comment}": "Stummgeschaltet von {who} bis {until}: {comment}",
    "Silenced by: ": "Stummgeschaltet durch: ",
    "Silences": "Stummsch.",
    "Silences of all tenants": "Stummschaltungen aller Mandanten",
    "Silences of this tenant": "Stummschaltungen dieses Mandanten",
    "Silences of {tenant}": "Stummschaltungen von {tenant}",
    "Silences view (S)": "Ansicht Stummschaltungen (S)",
    "Slack": "Slack",
    "Slack error HTTP {status}": "Slack-Fehler HTTP {status}",
    "Slack is not configured ([slack] in the config)": "Slack ist nicht konfiguriert ([slack] in der Konfiguration)",
    "Slack rate limit (retry after {n} s)": "Slack-Ratenlimit (neuer Versuch in {n} s)",
    "Slack refused: {error}": "Von Slack abgelehnt: {error}",
    "Slack unreachable ({kind})": "Slack nicht erreichbar ({kind})",
    "Slack webhook error HTTP {status}": "Slack-Webhook-Fehler HTTP {status}",
    "Slack webhook refused: {body}": "Vom Slack-Webhook abgelehnt: {body}",
    "Slack webhook unreachable ({kind})": "Slack-Webhook nicht erreichbar ({kind})",
    "Slack: {p} pending, {f} failed": "Slack: {p} ausstehend, {f} fehlgeschlagen",
    "Source": "Quelle",
    "Source (generatorURL):": "Quelle (generatorURL):",
    "Start (empty: now; a later time makes a maintenance window)":
        "Beginn (leer: jetzt; eine spätere Zeit ergibt ein Wartungsfenster)",
    "Started": "Beginn",
    "Started: ": "Beginn: ",
    "State": "Status",
    "State: ": "Status: ",
    "Stop or restart polling": "Abfragen anhalten oder wieder starten",
    "Summary": "Zusammenfassung",
    "Switch between English, French and German": "Zwischen Englisch, Französisch und Deutsch wechseln",
    "TENANT": "MANDANT",
    "TLS: {tls}": "TLS: {tls}",
    "Tenant": "Mandant",
    "Tenant by number": "Mandant nach Nummer",
    "Tenant {n}": "Mandant {n}",
    "Tenant: {name}": "Mandant: {name}",
    "View: all tenants": "Ansicht: alle Mandanten",
    "Waiting for the first poll…": "Warte auf die erste Abfrage…",
    "Yes": "Ja",
    "a tenant needs [tenants.alertmanager] or [tenants.prometheus]":
        "ein Mandant braucht [tenants.alertmanager] oder [tenants.prometheus]",
    "ack already at its maximum": "Bestätigung bereits auf dem Maximum",
    "acked by {who}": "bestätigt von {who}",
    "acknowledge": "bestätigen",
    "acknowledged": "bestätigt",
    "active": "aktiv",
    "alerttui demo needs the Debian packages {pkgs}: sudo apt-get install {pkgs}":
        "alerttui demo braucht die Debian-Pakete {pkgs}: sudo apt-get install {pkgs}",
    "alerttui demo: the local stack did not start: {reason}":
        "alerttui demo: der lokale Stack ist nicht gestartet: {reason}",
    "alerttui: --filter: {reason}": "alerttui: --filter: {reason}",
    "alerttui: tenant {tenant}: {error}": "alerttui: Mandant {tenant}: {error}",
    "auth: {auth}; timeout {t}": "Authentifizierung: {auth}; Zeitlimit {t}",
    "basic auth as {user}, password from {src} (****)": "Basic Auth als {user}, Passwort aus {src} (****)",
    "basic_auth needs password_env or password_file": "basic_auth braucht password_env oder password_file",
    "bearer token from ${name} (****)": "Bearer-Token aus ${name} (****)",
    "bearer token from file {path} (****)": "Bearer-Token aus Datei {path} (****)",
    "by {who}: {comment}": "von {who}: {comment}",
    "cannot send the request (check the headers and credentials)":
        "Anfrage kann nicht gesendet werden (Header und Zugangsdaten prüfen)",
    "certificate NOT verified (insecure_skip_verify)": "Zertifikat NICHT geprüft (insecure_skip_verify)",
    "client certificate {path}": "Client-Zertifikat {path}",
    "comment: a comment is required (why, and a ticket if there is one)":
        "Kommentar: ein Kommentar ist Pflicht (warum, und ein Ticket, falls vorhanden)",
    "config file (default: $ALERTTUI_CONFIG, else {path})":
        "Konfigurationsdatei (Standard: $ALERTTUI_CONFIG, sonst {path})",
    "data {age} old": "Daten {age} alt",
    "edit silences": "Stummschaltungen ändern",
    "end: must be after the start": "Ende: muss nach dem Beginn liegen",
    "end: must be in the future": "Ende: muss in der Zukunft liegen",
    "end: {reason}": "Ende: {reason}",
    "error: {reason}": "Fehler: {reason}",
    "escape, ? or q closes this help": "Esc, ? oder q schließt diese Hilfe",
    "every Alertmanager replica failed: {errors}": "alle Alertmanager-Replikate sind fehlgeschlagen: {errors}",
    "expected \"local\" or an IANA time zone like \"Europe/Paris\", got {value!r}":
        "erwartet: \"local\" oder eine IANA-Zeitzone wie \"Europe/Berlin\", erhalten: {value!r}",
    "expected a URL without query or fragment, got {value!r}":
        "erwartet: eine URL ohne Query und Fragment, erhalten: {value!r}",
    "expected a duration like 2h, a time like 18:30, or a date like 2026-11-25 09:00":
        "erwartet: eine Dauer wie 2h, eine Uhrzeit wie 18:30 oder ein Datum wie 2026-11-25 09:00",
    "expected a duration like 2h, a time like 18:30, or a date like 2026-11-25 09:00, got {text!r}":
        "erwartet: eine Dauer wie 2h, eine Uhrzeit wie 18:30 oder ein Datum wie 2026-11-25 09:00, "
        "erhalten: {text!r}",
    "expected a duration like 30s, 15m or 2h30m, got an empty string":
        "erwartet: eine Dauer wie 30s, 15m oder 2h30m, erhalten: eine leere Zeichenkette",
    "expected a duration like 30s, 15m or 2h30m, got {text!r}":
        "erwartet: eine Dauer wie 30s, 15m oder 2h30m, erhalten: {text!r}",
    "expected a duration string like \"30s\", \"15m\" or \"2h30m\"":
        "erwartet: eine Dauer wie \"30s\", \"15m\" oder \"2h30m\"",
    "expected a port between 1 and 65535 in {value!r}": "erwartet: ein Port zwischen 1 und 65535 in {value!r}",
    "expected a time like 18:30, got {text!r}": "erwartet: eine Uhrzeit wie 18:30, erhalten: {text!r}",
    "expected an http:// or https:// URL, got {value!r}": "erwartet: eine http://- oder https://-URL, erhalten: {value!r}",
    "expected at least 1s": "erwartet: mindestens 1s",
    "expected lowercase letters, digits and '-' (like \"acme-prod\"), got {value!r}":
        "erwartet: Kleinbuchstaben, Ziffern und '-' (wie \"acme-prod\"), erhalten: {value!r}",
    "expected one matcher per string, like 'tenant=\"acme\"', got {value!r}":
        "erwartet: ein Matcher pro Zeichenkette, wie 'tenant=\"acme\"', erhalten: {value!r}",
    "expected one of {choices}, got {value!r}": "erwartet: einer von {choices}, erhalten: {value!r}",
    "expire silences": "Stummschaltungen aufheben",
    "expired": "beendet",
    "extend an ack": "eine Bestätigung verlängern",
    "filter: {f}": "Filter: {f}",
    "fingerprint {fp}": "Fingerabdruck {fp}",
    "firing": "aktiv",
    "forward": "weiterleiten",
    "headers: put credentials in bearer_token_env/_file or basic_auth, not in an inline Authorization header":
        "headers: Zugangsdaten in bearer_token_env/_file oder basic_auth angeben, "
        "nicht in einem direkt eingetragenen Authorization-Header",
    "headers: {h}": "Header: {h}",
    "include this matcher": "diesen Matcher einbeziehen",
    "inhibited": "unterdrückt",
    "invalid filter (keeping the previous one): {reason}": "ungültiger Filter (der vorherige bleibt aktiv): {reason}",
    "key_file needs cert_file": "key_file braucht cert_file",
    "kiosk": "Kiosk",
    "language of the interface": "Sprache der Oberfläche",
    "matcher {n}: {reason}": "Matcher {n}: {reason}",
    "matchers or text, e.g. severity=\"critical\" disk": "Matcher oder Text, z. B. severity=\"critical\" disk",
    "matchers: at least one matcher is required": "Matcher: mindestens ein Matcher ist nötig",
    "max must be at least duration": "max muss mindestens duration sein",
    "missing binaries; install them with: sudo apt-get install {pkgs}":
        "Programme fehlen; installieren mit: sudo apt-get install {pkgs}",
    "no Prometheus configured": "kein Prometheus konfiguriert",
    "no Slack bot token configured": "kein Slack-Bot-Token konfiguriert",
    "no Slack route matches this alert": "keine Slack-Route passt zu diesem Alarm",
    "no data": "keine Daten",
    "no data yet": "noch keine Daten",
    "no successful poll recently": "in letzter Zeit keine erfolgreiche Abfrage",
    "no thread for this alert in {channel}": "kein Thread für diesen Alarm in {channel}",
    "none": "keine",
    "note for the channel (optional)": "Notiz für den Kanal (optional)",
    "now": "jetzt",
    "only this tenant": "nur dieser Mandant",
    "operator: {op}": "Operator: {op}",
    "panels need [tenants.prometheus]": "Panels brauchen [tenants.prometheus]",
    "pending": "geplant",
    "polled {age} ago": "abgefragt vor {age}",
    "polling is off": "Abfragen ausgeschaltet",
    "print the deduplicated, tenant-scoped alert list": "die deduplizierte Alarmliste je Mandant ausgeben",
    "put credentials in basic_auth or bearer_token_env/_file, not in the URL":
        "Zugangsdaten in basic_auth oder bearer_token_env/_file angeben, nicht in der URL",
    "queued for {target}": "eingereiht für {target}",
    "read-only kiosk mode: cannot {verb}": "Kioskmodus (nur lesen): {verb} nicht möglich",
    "read-only wall display": "Wandanzeige, nur lesen",
    "required key is missing": "Pflichtschlüssel fehlt",
    "resolved": "behoben",
    "role {role}, Slack language {lang}": "Rolle {role}, Slack-Sprache {lang}",
    "route {route} has no webhook any more": "Route {route} hat keinen Webhook mehr",
    "routes[{i}]: channel {channel} needs a bot token (token_env or token_file)":
        "routes[{i}]: Kanal {channel} braucht ein Bot-Token (token_env oder token_file)",
    "routes[{i}]: needs channel (with token_env/token_file) or webhook_url_env":
        "routes[{i}]: braucht channel (mit token_env/token_file) oder webhook_url_env",
    "run the dashboard on a real local Prometheus + Alertmanager stack":
        "das Dashboard mit einem echten lokalen Prometheus- und Alertmanager-Stack starten",
    "scope: {m}": "Bereich: {m}",
    "set either a bearer token or basic_auth, not both": "entweder ein Bearer-Token oder basic_auth angeben, nicht beides",
    "set only one of {what}_env and {what}_file": "nur eines von {what}_env und {what}_file angeben",
    "silence": "stummschalten",
    "silence {id} expired": "Stummschaltung {id} aufgehoben",
    "silence {id} is outside tenant {tenant}'s scope":
        "Stummschaltung {id} liegt außerhalb des Bereichs von Mandant {tenant}",
    "silence {id} saved until {end}": "Stummschaltung {id} gespeichert bis {end}",
    "silence {id} updated (new id {new})": "Stummschaltung {id} aktualisiert (neue ID {new})",
    "silenced": "stummgeschaltet",
    "silenced by {who}": "stumm ({who})",
    "slack.routes[{i}].tenants: no tenant {ids}": "slack.routes[{i}].tenants: kein Mandant {ids}",
    "start: {reason}": "Beginn: {reason}",
    "template error: {reason}": "Vorlagenfehler: {reason}",
    "template: {reason}": "Vorlage: {reason}",
    "tenant id {id!r} is used twice": "Mandanten-ID {id!r} kommt doppelt vor",
    "tenant {tenant}": "Mandant {tenant}",
    "tenant {tenant} has no Alertmanager": "Mandant {tenant} hat keinen Alertmanager",
    "the same URL is listed twice": "dieselbe URL ist doppelt angegeben",
    "timed out": "Zeitüberschreitung",
    "unexpected response": "unerwartete Antwort",
    "unexpected response (not Prometheus API JSON)": "unerwartete Antwort (kein JSON der Prometheus-API)",
    "unexpected response (result is not a list)": "unerwartete Antwort (Ergebnis ist keine Liste)",
    "unexpected response (values are not numbers)": "unerwartete Antwort (Werte sind keine Zahlen)",
    "unexpected response ({reason})": "unerwartete Antwort ({reason})",
    "unexpected response ({where}: {msg})": "unerwartete Antwort ({where}: {msg})",
    "unknown key (check the spelling; the README's Config section lists every key)":
        "unbekannter Schlüssel (Schreibweise prüfen; der Abschnitt Config der README listet alle Schlüssel)",
    "unprocessed": "unbearbeitet",
    "unreachable ({reason})": "nicht erreichbar ({reason})",
    "validate the config; print tenants and backends": "die Konfiguration prüfen; Mandanten und Backends ausgeben",
    "waiting for first poll": "warte auf erste Abfrage",
    "warn must not be above crit": "warn darf nicht über crit liegen",
    "why, and the ticket": "warum, und das Ticket",
    "{alert} acknowledged for {d}": "{alert} für {d} bestätigt",
    "{cmd} exited with code {code}:\n{tail}": "{cmd} wurde mit Code {code} beendet:\n{tail}",
    "{field}: cannot read {path}: {reason}": "{field}: {path} kann nicht gelesen werden: {reason}",
    "{field}: environment variable {name} is not set": "{field}: Umgebungsvariable {name} ist nicht gesetzt",
    "{field}: no such file {path}": "{field}: Datei {path} existiert nicht",
    "{id} by {who} until {end}: {comment}": "{id} von {who} bis {end}: {comment}",
    ("{n} Slack message has not been sent yet; it will be sent at the next start. Quit?",
     "{n} Slack messages have not been sent yet; they will be sent at the next start. Quit?"):
        ("{n} Slack-Nachricht ist noch nicht gesendet; sie wird beim nächsten Start gesendet. Beenden?",
         "{n} Slack-Nachrichten sind noch nicht gesendet; sie werden beim nächsten Start gesendet. Beenden?"),
    "{ok}/{n} tenants healthy": "{ok}/{n} Mandanten gesund",
    ("{path}: OK, {n} tenant", "{path}: OK, {n} tenants"): ("{path}: OK, {n} Mandant", "{path}: OK, {n} Mandanten"),
    "{path}: invalid TOML: {reason}": "{path}: ungültiges TOML: {reason}",
    "{path}: no such file (pass --config PATH or set ALERTTUI_CONFIG)":
        "{path}: Datei existiert nicht (--config PFAD angeben oder ALERTTUI_CONFIG setzen)",
    "{path}: not UTF-8 text (byte {pos})": "{path}: kein UTF-8-Text (Byte {pos})",
    "{role} role for tenant {tenant} cannot change {who}'s silence":
        "Rolle {role} darf für Mandant {tenant} die Stummschaltung von {who} nicht ändern",
    "{role} role for tenant {tenant} cannot silence for longer than {max}":
        "Rolle {role} darf für Mandant {tenant} nicht länger als {max} stummschalten",
    "{role} role for tenant {tenant} cannot {verb}": "Rolle {role} darf für Mandant {tenant} nicht {verb}",
    "{start} → {end}": "{start} → {end}",
    "{start} → {end} ({d})": "{start} → {end} ({d})",
    "{url} did not become ready within {n} s": "{url} war nach {n} s nicht bereit",
    "✔ ack {who} {age}": "✔ best. {who} {age}",
}

# -- command line (argparse's own words, subcommands, tables) ----------------------------------

FR.update({
    "usage: ": "utilisation : ",
    "positional arguments": "arguments positionnels",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "not allowed with argument %s": "non autorisé avec l'argument %s",
    "ignored explicit argument %r": "argument explicite ignoré %r",
    "the following arguments are required: %s": "les arguments suivants sont obligatoires : %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "expected one argument": "un argument attendu",
    "expected at most one argument": "au plus un argument attendu",
    "expected at least one argument": "au moins un argument attendu",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "unexpected option string: %s": "option inattendue : %s",
    "invalid %(type)s value: %(value)r": "valeur %(type)s invalide : %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (au choix : %(choices)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "commands": "commandes",
    "actions": "actions",
    "show the version and exit": "afficher la version et quitter",
    "ACTION": "ACTION",
    "DURATION": "DURÉE",
    "TIME": "HEURE",
    "TEXT": "TEXTE",
    "FINGERPRINT": "EMPREINTE",
    "WHEN": "QUAND",
    "ID": "ID",
    "STARTS": "DÉBUT",
    "ENDS": "FIN",
    "CREATED BY": "CRÉÉ PAR",
    "MATCHERS": "CRITÈRES",
    "COMMENT": "COMMENTAIRE",
    "OPERATOR": "OPÉRATEUR",
    "TARGET": "CIBLE",
    "RESULT": "RÉSULTAT",
    "SILENCE ID": "ID DU SILENCE",
    "ERROR": "ERREUR",
    "CHANNEL": "CANAL",
    "KIND": "TYPE",
    "STATUS": "STATUT",
    "AGE": "ÂGE",
    "ATTEMPTS": "TENTATIVES",
    "NEXT TRY": "PROCHAIN ESSAI",
    "LAST ERROR": "DERNIÈRE ERREUR",
    "Validate the config (Slack templates included); print tenants and backends.":
        "Valider la configuration (modèles Slack compris) ; afficher les locataires et les backends.",
    "Print the deduplicated, tenant-scoped alert list.": "Afficher la liste dédoublonnée des alertes, par locataire.",
    "Run the dashboard on a real local Prometheus + Alertmanager stack.":
        "Lancer le tableau de bord sur une vraie pile locale Prometheus + Alertmanager.",
    "the tenant to act on (required when the config has several)":
        "le locataire concerné (obligatoire si la configuration en a plusieurs)",
    "read-only: refuse (exit 3), as the wall display does": "lecture seule : refuser (code 3), comme l'affichage mural",
    "output format (default: table)": "format de sortie (par défaut : table)",
    "--tenant is required: the config has {n} tenants ({known})":
        "--tenant est obligatoire : la configuration a {n} locataires ({known})",
    "tenant {tenant}: {error}": "locataire {tenant} : {error}",
    "no alert with fingerprint {fp} in tenant {tenant} (resolved, or another tenant's?)":
        "aucune alerte d'empreinte {fp} chez le locataire {tenant} (résolue, ou d'un autre locataire ?)",
    "add, list or expire silences": "créer, lister ou faire expirer des silences",
    "Add, list or expire silences of one tenant. The tenant's scope matchers are always added to a new silence.":
        "Créer, lister ou faire expirer les silences d'un locataire. Les critères du périmètre du locataire "
        "sont toujours ajoutés à un nouveau silence.",
    "create a silence (a future start makes a maintenance window)":
        "créer un silence (un début futur crée une fenêtre de maintenance)",
    "Create a silence. A future --start makes a maintenance window (pending until then). Prints the new silence id "
    "and how many current alerts it matches.":
        "Créer un silence. Un --start futur crée une fenêtre de maintenance (à venir jusque-là). Affiche l'id du "
        "nouveau silence et le nombre d'alertes en cours qu'il couvre.",
    "a matcher like 'alertname=\"DiskFull\"' or 'instance=~\"db-.*\"' (repeatable, ANDed)":
        "un critère comme 'alertname=\"DiskFull\"' ou 'instance=~\"db-.*\"' (répétable, combinés par ET)",
    "how long from the start, like 2h or 30m (default: 1h)": "durée depuis le début, comme 2h ou 30m (par défaut : 1h)",
    "when it ends: a duration from now, 18:30 or 2026-11-25 09:00":
        "fin : une durée à partir de maintenant, 18:30 ou 2026-11-25 09:00",
    "when it starts (default: now): a duration from now, 18:30 or 2026-11-25 09:00":
        "début (par défaut : maintenant) : une durée à partir de maintenant, 18:30 ou 2026-11-25 09:00",
    "why, and a ticket if there is one (required)": "pourquoi, et un ticket s'il y en a un (obligatoire)",
    "list a tenant's silences": "lister les silences d'un locataire",
    "List silences (of every tenant unless --tenant is given).":
        "Lister les silences (de tous les locataires, sauf avec --tenant).",
    "only silences in this state (default: active and pending)":
        "seulement les silences dans cet état (par défaut : actifs et à venir)",
    "expire silences by id": "faire expirer des silences par id",
    "Expire silences by id. A responder may expire its own silences, an admin anyone's.":
        "Faire expirer des silences par id. Un responder peut faire expirer ses propres silences, "
        "un admin ceux de tout le monde.",
    "silence id, or a unique prefix of 8 or more characters (see: alerttui silence list)":
        "id du silence, ou un préfixe unique d'au moins 8 caractères (voir : alerttui silence list)",
    "silence id {id!r}: expected a silence id like 9d4275a9-4806-4784-8497-663e8d495c84, or a unique prefix "
    "of at least 8 of its characters (see: alerttui silence list)":
        "id de silence {id!r} : attendu un id de silence comme 9d4275a9-4806-4784-8497-663e8d495c84, ou un "
        "préfixe unique d'au moins 8 de ses caractères (voir : alerttui silence list)",
    "Slack asked to wait {n} s (rate limit): waiting, then sending":
        "Slack demande d'attendre {n} s (limite de débit) : j'attends, puis j'envoie",
    "silence id {id}: {n} silences of tenant {tenant} start with it ({ids}); give more characters":
        "id de silence {id} : {n} silences du locataire {tenant} commencent ainsi ({ids}) ; donnez plus de "
        "caractères",
    "acknowledge an alert (a short silence on its exact labels)":
        "acquitter une alerte (un court silence sur ses labels exacts)",
    "Acknowledge an alert: a short silence on its exact labels with the comment 'ACK! <operator> via alerttui'. "
    "With --extend: extend your acks instead (one alert's, or every alert's that still fires).":
        "Acquitter une alerte : un court silence sur ses labels exacts avec le commentaire "
        "'ACK! <operator> via alerttui'. Avec --extend : prolonger plutôt vos acquittements (celui d'une "
        "alerte, ou ceux de toutes les alertes encore actives).",
    "the alert's fingerprint, or a unique prefix (see: alerttui alerts --format json)":
        "l'empreinte de l'alerte, ou un préfixe unique (voir : alerttui alerts --format json)",
    "how long (default: [ack] duration of the config)": "durée (par défaut : [ack] duration de la configuration)",
    "extend your ack of this alert (or, without a fingerprint, of every alert that still fires) by [ack] duration, "
    "never beyond [ack] max":
        "prolonger votre acquittement de cette alerte (ou, sans empreinte, de toutes les alertes encore actives) "
        "de [ack] duration, jamais au-delà de [ack] max",
    "print the audit log": "afficher le journal d'audit",
    "Print the audit log: every attempted action, ok, refused or failed.":
        "Afficher le journal d'audit : chaque action tentée, réussie, refusée ou échouée.",
    "only records since then: a duration back from now (1h, 2d) or a date and time":
        "seulement les entrées depuis : une durée dans le passé (1h, 2d) ou une date et une heure",
    "--start: {reason}": "--start : {reason}",
    "{option}: {reason}": "{option} : {reason}",
    "--matcher {text!r}: {reason}": "--matcher {text!r} : {reason}",
    "--matcher: at least one is required (the tenant's scope alone would silence every alert of the tenant)":
        "--matcher : au moins un est obligatoire (le périmètre du locataire seul mettrait en silence "
        "toutes ses alertes)",
    ("pending maintenance window from {start} until {end}; it matches {n} current alert",
     "pending maintenance window from {start} until {end}; it matches {n} current alerts"):
        ("fenêtre de maintenance à venir du {start} au {end} ; elle couvre {n} alerte en cours",
         "fenêtre de maintenance à venir du {start} au {end} ; elle couvre {n} alertes en cours"),
    ("active until {end}; it matches {n} current alert", "active until {end}; it matches {n} current alerts"):
        ("actif jusqu'au {end} ; il couvre {n} alerte en cours", "actif jusqu'au {end} ; il couvre {n} alertes en cours"),
    "matchers: {m}": "critères : {m}",
    "no Alertmanager": "aucun Alertmanager",
    "in {d}": "dans {d}",
    "silence {id}: {error}": "silence {id} : {error}",
    "no silence {id} in tenant {tenant}": "aucun silence {id} chez le locataire {tenant}",
    "silence {id} has already expired": "le silence {id} a déjà expiré",
    "--duration: not with --extend (an ack is extended by [ack] duration)":
        "--duration : pas avec --extend (un acquittement est prolongé de [ack] duration)",
    "--duration: {reason}": "--duration : {reason}",
    "--duration: must be more than 0s": "--duration : doit dépasser 0s",
    "FINGERPRINT: which alert? (see: alerttui alerts --format json)":
        "EMPREINTE : quelle alerte ? (voir : alerttui alerts --format json)",
    "{alert} has no active ack of yours to extend": "{alert} n'a pas d'acquittement actif de votre part à prolonger",
    "ack extension is off: set [ack] extend = true in the config":
        "la prolongation des acquittements est désactivée : mettre [ack] extend = true dans la configuration",
    "no ack of yours ends soon on an alert that still fires":
        "aucun de vos acquittements sur une alerte encore active ne se termine bientôt",
    "--since: expected a duration like 1h or 2d, or a date like 2026-11-25 09:00, got {text!r}":
        "--since : attendu : une durée comme 1h ou 2d, ou une date comme 2026-11-25 09:00, reçu {text!r}",
    "ok": "ok",
    "refused": "refus",
    "failed": "échec",
    "queued": "en file d'attente",
    "sent": "envoyé",
    "ack": "acquitter",
    "extend ack": "prolonger l'acquittement",
    "expire": "faire expirer",
    "edit": "modifier",
    "Slack thread: acknowledged": "fil Slack : acquittée",
    "Slack thread: silenced": "fil Slack : en silence",
    "Slack thread: firing": "fil Slack : active",
    "Slack thread: resolved": "fil Slack : résolue",
    "(no audit records in {path})": "(aucune entrée d'audit dans {path})",
    "(no audit records match)": "(aucune entrée d'audit ne correspond)",
    "forward an alert to Slack (through the durable outbox)":
        "transférer une alerte vers Slack (via la file d'envoi persistante)",
    "Forward an alert to its Slack route: stored in the outbox first, then sent. If Slack is down it stays pending "
    "(exit 1) and is sent later.":
        "Transférer une alerte vers sa route Slack : d'abord enregistrée dans la file d'envoi, puis envoyée. "
        "Si Slack est indisponible, elle reste en attente (code 1) et part plus tard.",
    "a note shown with the alert": "une note affichée avec l'alerte",
    "forward even if it went to the same channel within [slack] dedup_window":
        "transférer même si elle est déjà partie vers le même canal dans la fenêtre [slack] dedup_window",
    "list Slack messages not sent yet (pending or failed)":
        "lister les messages Slack pas encore envoyés (en attente ou en échec)",
    "List Slack messages not sent yet: pending (retried) or failed (Slack refused them), with age and last error.":
        "Lister les messages Slack pas encore envoyés : en attente (réessayés) ou en échec (refusés par Slack), "
        "avec leur âge et la dernière erreur.",
    "try to send every pending message now": "essayer d'envoyer maintenant tous les messages en attente",
    "put failed messages back in the queue and try to send them now":
        "remettre les messages en échec dans la file et essayer de les envoyer maintenant",
    "read-only: refuse --send and --retry (exit 3)": "lecture seule : refuser --send et --retry (code 3)",
    "{alert} already went to {target} {age}; pass --again to send it again":
        "{alert} est déjà partie vers {target} {age} ; passer --again pour la renvoyer",
    "{alert} sent to {target}": "{alert} envoyée vers {target}",
    "Slack refused {alert} for {target}: {error}; kept as failed (alerttui outbox --retry)":
        "Slack a refusé {alert} pour {target} : {error} ; gardée en échec (alerttui outbox --retry)",
    "Slack did not take {alert} for {target} ({error}); kept pending in the outbox: the next 'alerttui forward', "
    "'alerttui outbox --send' or the dashboard sends it":
        "Slack n'a pas pris {alert} pour {target} ({error}) ; gardée en attente dans la file d'envoi : le prochain "
        "'alerttui forward', 'alerttui outbox --send' ou le tableau de bord l'enverra",
    "not sent yet": "pas encore envoyé",
    "message": "message",
    "thread reply": "réponse dans le fil",
    "status update": "mise à jour de statut",
    "screenshot": "capture d'écran",
    "webhook": "webhook",
    "the outbox is empty: every Slack message has been sent": "la file d'envoi est vide : tous les messages Slack sont partis",
    ("{n} message not sent yet", "{n} messages not sent yet"):
        ("{n} message pas encore envoyé", "{n} messages pas encore envoyés"),
    "({p} pending, {f} failed)": "({p} en attente, {f} en échec)",
    "{path}: slack.routes[{i}] ({route}): template {template}: {reason}":
        "{path} : slack.routes[{i}] ({route}) : modèle {template} : {reason}",
})

DE.update({
    "usage: ": "Aufruf: ",
    "positional arguments": "Positionsargumente",
    "options": "Optionen",
    "show this help message and exit": "diese Hilfe anzeigen und beenden",
    "argument %(argument_name)s: %(message)s": "Argument %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "unbekannte Argumente: %s",
    "not allowed with argument %s": "nicht erlaubt zusammen mit Argument %s",
    "ignored explicit argument %r": "explizites Argument %r ignoriert",
    "the following arguments are required: %s": "folgende Argumente sind nötig: %s",
    "one of the arguments %s is required": "eines der Argumente %s ist nötig",
    "expected one argument": "ein Argument erwartet",
    "expected at most one argument": "höchstens ein Argument erwartet",
    "expected at least one argument": "mindestens ein Argument erwartet",
    "ambiguous option: %(option)s could match %(matches)s": "mehrdeutige Option: %(option)s passt zu %(matches)s",
    "unexpected option string: %s": "unerwartete Option: %s",
    "invalid %(type)s value: %(value)r": "ungültiger %(type)s-Wert: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "ungültige Auswahl: %(value)r (möglich: %(choices)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Fehler: %(message)s\n",
    "commands": "Befehle",
    "actions": "Aktionen",
    "show the version and exit": "die Version anzeigen und beenden",
    "ACTION": "AKTION",
    "DURATION": "DAUER",
    "TIME": "ZEIT",
    "TEXT": "TEXT",
    "FINGERPRINT": "FINGERABDRUCK",
    "WHEN": "WANN",
    "ID": "ID",
    "STARTS": "BEGINN",
    "ENDS": "ENDE",
    "CREATED BY": "ERSTELLT VON",
    "MATCHERS": "MATCHER",
    "COMMENT": "KOMMENTAR",
    "OPERATOR": "OPERATOR",
    "TARGET": "ZIEL",
    "RESULT": "ERGEBNIS",
    "SILENCE ID": "STUMMSCHALTUNGS-ID",
    "ERROR": "FEHLER",
    "CHANNEL": "KANAL",
    "KIND": "ART",
    "STATUS": "STATUS",
    "AGE": "ALTER",
    "ATTEMPTS": "VERSUCHE",
    "NEXT TRY": "NÄCHSTER VERSUCH",
    "LAST ERROR": "LETZTER FEHLER",
    "Validate the config (Slack templates included); print tenants and backends.":
        "Die Konfiguration prüfen (samt Slack-Vorlagen); Mandanten und Backends ausgeben.",
    "Print the deduplicated, tenant-scoped alert list.": "Die deduplizierte Alarmliste je Mandant ausgeben.",
    "Run the dashboard on a real local Prometheus + Alertmanager stack.":
        "Das Dashboard mit einem echten lokalen Prometheus- und Alertmanager-Stack starten.",
    "the tenant to act on (required when the config has several)":
        "der betroffene Mandant (nötig, wenn die Konfiguration mehrere hat)",
    "read-only: refuse (exit 3), as the wall display does": "nur lesen: ablehnen (Exit-Code 3), wie die Wandanzeige",
    "output format (default: table)": "Ausgabeformat (Standard: table)",
    "--tenant is required: the config has {n} tenants ({known})":
        "--tenant ist nötig: die Konfiguration hat {n} Mandanten ({known})",
    "tenant {tenant}: {error}": "Mandant {tenant}: {error}",
    "no alert with fingerprint {fp} in tenant {tenant} (resolved, or another tenant's?)":
        "kein Alarm mit Fingerabdruck {fp} bei Mandant {tenant} (behoben oder von einem anderen Mandanten?)",
    "add, list or expire silences": "Stummschaltungen anlegen, auflisten oder aufheben",
    "Add, list or expire silences of one tenant. The tenant's scope matchers are always added to a new silence.":
        "Stummschaltungen eines Mandanten anlegen, auflisten oder aufheben. Die Matcher des Mandantenbereichs "
        "kommen immer zu einer neuen Stummschaltung hinzu.",
    "create a silence (a future start makes a maintenance window)":
        "eine Stummschaltung anlegen (ein späterer Beginn ergibt ein Wartungsfenster)",
    "Create a silence. A future --start makes a maintenance window (pending until then). Prints the new silence id "
    "and how many current alerts it matches.":
        "Eine Stummschaltung anlegen. Ein späteres --start ergibt ein Wartungsfenster (bis dahin geplant). Gibt die "
        "ID der neuen Stummschaltung aus und wie viele aktuelle Alarme sie betrifft.",
    "a matcher like 'alertname=\"DiskFull\"' or 'instance=~\"db-.*\"' (repeatable, ANDed)":
        "ein Matcher wie 'alertname=\"DiskFull\"' oder 'instance=~\"db-.*\"' (wiederholbar, UND-verknüpft)",
    "how long from the start, like 2h or 30m (default: 1h)": "Dauer ab Beginn, wie 2h oder 30m (Standard: 1h)",
    "when it ends: a duration from now, 18:30 or 2026-11-25 09:00":
        "Ende: eine Dauer ab jetzt, 18:30 oder 2026-11-25 09:00",
    "when it starts (default: now): a duration from now, 18:30 or 2026-11-25 09:00":
        "Beginn (Standard: jetzt): eine Dauer ab jetzt, 18:30 oder 2026-11-25 09:00",
    "why, and a ticket if there is one (required)": "warum, und ein Ticket, falls vorhanden (Pflicht)",
    "list a tenant's silences": "die Stummschaltungen eines Mandanten auflisten",
    "List silences (of every tenant unless --tenant is given).":
        "Stummschaltungen auflisten (aller Mandanten, außer mit --tenant).",
    "only silences in this state (default: active and pending)":
        "nur Stummschaltungen in diesem Status (Standard: aktiv und geplant)",
    "expire silences by id": "Stummschaltungen per ID aufheben",
    "Expire silences by id. A responder may expire its own silences, an admin anyone's.":
        "Stummschaltungen per ID aufheben. Ein responder darf eigene Stummschaltungen aufheben, "
        "ein admin die aller.",
    "silence id, or a unique prefix of 8 or more characters (see: alerttui silence list)":
        "ID der Stummschaltung, oder ein eindeutiger Anfang von mindestens 8 Zeichen (siehe: alerttui silence list)",
    "silence id {id!r}: expected a silence id like 9d4275a9-4806-4784-8497-663e8d495c84, or a unique prefix "
    "of at least 8 of its characters (see: alerttui silence list)":
        "Stummschaltungs-ID {id!r}: erwartet wird eine ID wie 9d4275a9-4806-4784-8497-663e8d495c84 oder ein "
        "eindeutiger Anfang von mindestens 8 ihrer Zeichen (siehe: alerttui silence list)",
    "Slack asked to wait {n} s (rate limit): waiting, then sending":
        "Slack bittet, {n} s zu warten (Ratenlimit): warte, dann wird gesendet",
    "silence id {id}: {n} silences of tenant {tenant} start with it ({ids}); give more characters":
        "Stummschaltungs-ID {id}: {n} Stummschaltungen des Mandanten {tenant} beginnen so ({ids}); "
        "bitte mehr Zeichen angeben",
    "acknowledge an alert (a short silence on its exact labels)":
        "einen Alarm bestätigen (eine kurze Stummschaltung auf genau seine Labels)",
    "Acknowledge an alert: a short silence on its exact labels with the comment 'ACK! <operator> via alerttui'. "
    "With --extend: extend your acks instead (one alert's, or every alert's that still fires).":
        "Einen Alarm bestätigen: eine kurze Stummschaltung auf genau seine Labels mit dem Kommentar "
        "'ACK! <operator> via alerttui'. Mit --extend: stattdessen die eigenen Bestätigungen verlängern (die eines "
        "Alarms oder die aller noch aktiven Alarme).",
    "the alert's fingerprint, or a unique prefix (see: alerttui alerts --format json)":
        "der Fingerabdruck des Alarms oder ein eindeutiger Präfix (siehe: alerttui alerts --format json)",
    "how long (default: [ack] duration of the config)": "Dauer (Standard: [ack] duration der Konfiguration)",
    "extend your ack of this alert (or, without a fingerprint, of every alert that still fires) by [ack] duration, "
    "never beyond [ack] max":
        "die eigene Bestätigung dieses Alarms (oder, ohne Fingerabdruck, aller noch aktiven Alarme) um "
        "[ack] duration verlängern, nie über [ack] max hinaus",
    "print the audit log": "das Audit-Log ausgeben",
    "Print the audit log: every attempted action, ok, refused or failed.":
        "Das Audit-Log ausgeben: jede versuchte Aktion, ob erfolgreich, abgelehnt oder fehlgeschlagen.",
    "only records since then: a duration back from now (1h, 2d) or a date and time":
        "nur Einträge seit: eine Dauer zurück ab jetzt (1h, 2d) oder ein Datum mit Uhrzeit",
    "--start: {reason}": "--start: {reason}",
    "{option}: {reason}": "{option}: {reason}",
    "--matcher {text!r}: {reason}": "--matcher {text!r}: {reason}",
    "--matcher: at least one is required (the tenant's scope alone would silence every alert of the tenant)":
        "--matcher: mindestens einer ist nötig (der Mandantenbereich allein würde jeden Alarm des Mandanten "
        "stummschalten)",
    ("pending maintenance window from {start} until {end}; it matches {n} current alert",
     "pending maintenance window from {start} until {end}; it matches {n} current alerts"):
        ("geplantes Wartungsfenster von {start} bis {end}; es betrifft {n} aktuellen Alarm",
         "geplantes Wartungsfenster von {start} bis {end}; es betrifft {n} aktuelle Alarme"),
    ("active until {end}; it matches {n} current alert", "active until {end}; it matches {n} current alerts"):
        ("aktiv bis {end}; sie betrifft {n} aktuellen Alarm", "aktiv bis {end}; sie betrifft {n} aktuelle Alarme"),
    "matchers: {m}": "Matcher: {m}",
    "no Alertmanager": "kein Alertmanager",
    "in {d}": "in {d}",
    "silence {id}: {error}": "Stummschaltung {id}: {error}",
    "no silence {id} in tenant {tenant}": "keine Stummschaltung {id} bei Mandant {tenant}",
    "silence {id} has already expired": "Stummschaltung {id} ist bereits beendet",
    "--duration: not with --extend (an ack is extended by [ack] duration)":
        "--duration: nicht mit --extend (eine Bestätigung wird um [ack] duration verlängert)",
    "--duration: {reason}": "--duration: {reason}",
    "--duration: must be more than 0s": "--duration: muss größer als 0s sein",
    "FINGERPRINT: which alert? (see: alerttui alerts --format json)":
        "FINGERABDRUCK: welcher Alarm? (siehe: alerttui alerts --format json)",
    "{alert} has no active ack of yours to extend": "{alert} hat keine aktive eigene Bestätigung zum Verlängern",
    "ack extension is off: set [ack] extend = true in the config":
        "Verlängern von Bestätigungen ist aus: [ack] extend = true in der Konfiguration setzen",
    "no ack of yours ends soon on an alert that still fires":
        "keine eigene Bestätigung eines noch aktiven Alarms läuft bald ab",
    "--since: expected a duration like 1h or 2d, or a date like 2026-11-25 09:00, got {text!r}":
        "--since: erwartet: eine Dauer wie 1h oder 2d oder ein Datum wie 2026-11-25 09:00, erhalten: {text!r}",
    "ok": "ok",
    "refused": "abgelehnt",
    "failed": "fehlgeschlagen",
    "queued": "eingereiht",
    "sent": "gesendet",
    "ack": "bestätigen",
    "extend ack": "Bestätigung verlängern",
    "expire": "aufheben",
    "edit": "ändern",
    "Slack thread: acknowledged": "Slack-Thread: bestätigt",
    "Slack thread: silenced": "Slack-Thread: stummgeschaltet",
    "Slack thread: firing": "Slack-Thread: aktiv",
    "Slack thread: resolved": "Slack-Thread: behoben",
    "(no audit records in {path})": "(keine Audit-Einträge in {path})",
    "(no audit records match)": "(keine passenden Audit-Einträge)",
    "forward an alert to Slack (through the durable outbox)":
        "einen Alarm an Slack weiterleiten (über den dauerhaften Postausgang)",
    "Forward an alert to its Slack route: stored in the outbox first, then sent. If Slack is down it stays pending "
    "(exit 1) and is sent later.":
        "Einen Alarm an seine Slack-Route weiterleiten: erst im Postausgang gespeichert, dann gesendet. Ist Slack "
        "nicht erreichbar, bleibt er ausstehend (Exit-Code 1) und wird später gesendet.",
    "a note shown with the alert": "eine Notiz, die mit dem Alarm erscheint",
    "forward even if it went to the same channel within [slack] dedup_window":
        "auch weiterleiten, wenn er innerhalb von [slack] dedup_window schon in denselben Kanal ging",
    "list Slack messages not sent yet (pending or failed)":
        "noch nicht gesendete Slack-Nachrichten auflisten (ausstehend oder fehlgeschlagen)",
    "List Slack messages not sent yet: pending (retried) or failed (Slack refused them), with age and last error.":
        "Noch nicht gesendete Slack-Nachrichten auflisten: ausstehend (werden wiederholt) oder fehlgeschlagen "
        "(von Slack abgelehnt), mit Alter und letztem Fehler.",
    "try to send every pending message now": "alle ausstehenden Nachrichten jetzt zu senden versuchen",
    "put failed messages back in the queue and try to send them now":
        "fehlgeschlagene Nachrichten wieder einreihen und jetzt zu senden versuchen",
    "read-only: refuse --send and --retry (exit 3)": "nur lesen: --send und --retry ablehnen (Exit-Code 3)",
    "{alert} already went to {target} {age}; pass --again to send it again":
        "{alert} ging bereits {age} an {target}; mit --again erneut senden",
    "{alert} sent to {target}": "{alert} an {target} gesendet",
    "Slack refused {alert} for {target}: {error}; kept as failed (alerttui outbox --retry)":
        "Slack hat {alert} für {target} abgelehnt: {error}; als fehlgeschlagen behalten (alerttui outbox --retry)",
    "Slack did not take {alert} for {target} ({error}); kept pending in the outbox: the next 'alerttui forward', "
    "'alerttui outbox --send' or the dashboard sends it":
        "Slack hat {alert} für {target} nicht angenommen ({error}); bleibt ausstehend im Postausgang: das nächste "
        "'alerttui forward', 'alerttui outbox --send' oder das Dashboard sendet ihn",
    "not sent yet": "noch nicht gesendet",
    "message": "Nachricht",
    "thread reply": "Antwort im Thread",
    "status update": "Statusänderung",
    "screenshot": "Screenshot",
    "webhook": "Webhook",
    "the outbox is empty: every Slack message has been sent":
        "der Postausgang ist leer: alle Slack-Nachrichten sind gesendet",
    ("{n} message not sent yet", "{n} messages not sent yet"):
        ("{n} Nachricht noch nicht gesendet", "{n} Nachrichten noch nicht gesendet"),
    "({p} pending, {f} failed)": "({p} ausstehend, {f} fehlgeschlagen)",
    "{path}: slack.routes[{i}] ({route}): template {template}: {reason}":
        "{path}: slack.routes[{i}] ({route}): Vorlage {template}: {reason}",
})

# -- later additions (validation) ----------------------------------------------------------------

FR.update({
    "duration {text!r} is too long": "durée {text!r} trop longue",
    "alerttui: {error}": "alerttui : {error}",
    "your ack of {alert} already runs until {end}, more than {d} from now":
        "votre acquittement de {alert} court déjà jusqu'au {end}, plus de {d} à partir de maintenant",
    "matchers: {label} is tenant {tenant}'s scope label, always {scope}":
        "critères : {label} est le label de périmètre du locataire {tenant}, toujours {scope}",
})

DE.update({
    "duration {text!r} is too long": "Dauer {text!r} ist zu lang",
    "alerttui: {error}": "alerttui: {error}",
    "your ack of {alert} already runs until {end}, more than {d} from now":
        "die eigene Bestätigung von {alert} läuft bereits bis {end}, mehr als {d} ab jetzt",
    "matchers: {label} is tenant {tenant}'s scope label, always {scope}":
        "Matcher: {label} ist das Bereichslabel von Mandant {tenant}, immer {scope}",
})

# Entries with a context (pgettext) are keyed "context\x04msgid", as gettext stores them.
FR["slack\x04Tenant"] = "Locataire"
DE["slack\x04Tenant"] = "Mandant"

TRANSLATIONS: dict[str, dict[str | tuple[str, str], Entry]] = {"fr": FR, "de": DE}

FRENCH_SPACE = re.compile(r" ([:?!;])(?=\s|$)")


def french_typography(text: str) -> str:
    """A no-break space (U+00A0) before ``: ? ! ;`` when they end a word group (not in ``18:30``)."""
    return FRENCH_SPACE.sub("\u00a0\\1", text)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text)) + sorted(PERCENT.findall(text))


def _forms(lang: str, value: Entry) -> tuple[str, ...]:
    forms = (value,) if isinstance(value, str) else tuple(value)
    return tuple(french_typography(f) for f in forms) if lang == "fr" else forms


def problems_in(lang: str, table: dict[str | tuple[str, str], Entry]) -> list[str]:
    """Placeholder and plural-shape mistakes in a table (checked before anything is written)."""
    out = []
    for msgid, value in table.items():
        ids = (msgid,) if isinstance(msgid, str) else msgid
        forms = (value,) if isinstance(value, str) else value
        if isinstance(msgid, tuple) != isinstance(value, tuple) or (isinstance(msgid, tuple) and len(forms) != 2):
            out.append(f"{lang}: plural shape differs for {msgid!r}")
        for form in forms:
            if placeholders(form) != placeholders(ids[-1]):
                out.append(f"{lang}: placeholders differ in {msgid!r}: {form!r}")
    return out


def fill(lang: str, table: dict[str | tuple[str, str], Entry]) -> tuple[list[str], list[str], bool]:
    """Write ``table`` into the language's .po. Returns (untranslated msgids, unused keys, changed)."""
    path = LOC / lang / "LC_MESSAGES" / "alerttui.po"
    before = path.read_bytes()
    catalog = read_po(BytesIO(before), locale=lang)
    missing: list[str] = []
    seen: set[str | tuple[str, str]] = set()
    for msg in catalog:
        if not msg.id:
            continue
        key = tuple(msg.id) if isinstance(msg.id, (list, tuple)) else msg.id
        if msg.context and isinstance(key, str):
            key = f"{msg.context}\x04{key}"
        if key in table:
            seen.add(key)
            forms = _forms(lang, table[key])
            msg.string = forms if isinstance(key, tuple) else forms[0]
            msg.flags.discard("fuzzy")
        elif not (all(msg.string) if isinstance(msg.string, (list, tuple)) else msg.string):
            missing.append(repr(key))
    catalog.last_translator = "alerttui developers"
    catalog.language_team = {"fr": "French", "de": "German"}.get(lang, lang)
    out = BytesIO()
    write_po(out, catalog, width=76, ignore_obsolete=True)
    after = out.getvalue()
    if after != before:
        path.write_bytes(after)
    unused = [repr(k) for k in table if k not in seen]
    return missing, unused, after != before


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    errors = [p for lang, table in TRANSLATIONS.items() for p in problems_in(lang, table)]
    for e in errors:
        print(f"translations: {e}", file=sys.stderr)
    if errors:
        return 1
    failed = False
    for lang, table in TRANSLATIONS.items():
        missing, unused, changed = fill(lang, table)
        for m in missing:
            print(f"translations: {lang}: no translation for {m}", file=sys.stderr)
        for u in unused:
            print(f"translations: {lang}: not in the catalogue any more (remove it): {u}", file=sys.stderr)
        print(f"translations: {lang}: {len(table) - len(unused)} translated, {len(missing)} missing"
              + (", .po updated" if changed else ", .po unchanged"))
        failed = failed or bool(missing)
    return 1 if strict and failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
