"""Settings of the site's own features (open data, proposals, alerts), read by base.py: each
value that differs comes from the environment; docs/deployment.md lists them."""

import os

# Open data (fiches.opendata): the licence shown on the « Données ouvertes »
# page and in every export, the OCDS ocid prefix (register a real one with the Open Contracting
# Partnership before publishing OCDS widely) and the largest spreadsheet an import accepts.
OPEN_DATA_LICENCE = os.environ.get("OPEN_DATA_LICENCE", "Licence Ouverte 2.0")
OPEN_DATA_LICENCE_URL = os.environ.get(
    "OPEN_DATA_LICENCE_URL", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
)
OPEN_DATA_PUBLISHER = os.environ.get("OPEN_DATA_PUBLISHER", "Fiches REX — réseau ESS France")
OCDS_OCID_PREFIX = os.environ.get("OCDS_OCID_PREFIX", "ocds-fichesrex")
FICHES_IMPORT_MAX_BYTES = int(os.environ.get("FICHES_IMPORT_MAX_MB", "20")) * 1024 * 1024
# Most fiches (non-blank rows) in one imported file (fiches.opendata.spreadsheets).
FICHES_IMPORT_MAX_ROWS = int(os.environ.get("FICHES_IMPORT_MAX_ROWS", "5000"))

# « Proposer un retour d'expérience » (fiches.proposals, docs/proposals.md): the proposer's
# contact is kept this many days after the proposal, then deleted (manage.py purge_proposals);
# at most PROPOSAL_RATE_LIMIT submissions per address in the window; the form must take at
# least PROPOSAL_MIN_SECONDS to fill in (faster is a robot) and expires after
# PROPOSAL_MAX_HOURS; each file sent is at most PROPOSAL_MAX_UPLOAD_MB, PROPOSAL_MAX_FILES of
# each kind (images, documents).
PROPOSAL_CONTACT_RETENTION_DAYS = int(os.environ.get("PROPOSAL_CONTACT_RETENTION_DAYS", "365"))
PROPOSAL_RATE_LIMIT = int(os.environ.get("PROPOSAL_RATE_LIMIT", "5"))
PROPOSAL_RATE_WINDOW_SECONDS = 60 * int(os.environ.get("PROPOSAL_RATE_WINDOW_MINUTES", "60"))
PROPOSAL_MIN_SECONDS = int(os.environ.get("PROPOSAL_MIN_SECONDS", "5"))
PROPOSAL_MAX_HOURS = int(os.environ.get("PROPOSAL_MAX_HOURS", "24"))
PROPOSAL_MAX_UPLOAD_BYTES = int(os.environ.get("PROPOSAL_MAX_UPLOAD_MB", "5")) * 1024 * 1024
PROPOSAL_MAX_FILES = int(os.environ.get("PROPOSAL_MAX_FILES", "3"))
# Alerts (fiches.alerts, docs/alerts.md): e-mail digests of a catalogue search, double opt-in.
# A confirmation link is valid ALERTS_CONFIRM_DAYS days, after which `send_alerts` deletes the
# unconfirmed address. At most ALERTS_SUBSCRIBE_PER_ADDRESS subscription requests per visitor
# address (429 past it) and ALERTS_SUBSCRIBE_PER_EMAIL confirmation e-mails per e-mail address
# (silently none past it: the answer never says whether an address is known) in the window.
# Links in the messages start with ALERTS_BASE_URL (the default site's root URL if empty).
ALERTS_CONFIRM_DAYS = int(os.environ.get("ALERTS_CONFIRM_DAYS", "7"))
ALERTS_SUBSCRIBE_PER_ADDRESS = int(os.environ.get("ALERTS_SUBSCRIBE_PER_ADDRESS", "10"))
ALERTS_SUBSCRIBE_PER_EMAIL = int(os.environ.get("ALERTS_SUBSCRIBE_PER_EMAIL", "3"))
ALERTS_SUBSCRIBE_WINDOW_SECONDS = 60 * int(os.environ.get("ALERTS_SUBSCRIBE_WINDOW_MINUTES", "60"))
ALERTS_BASE_URL = os.environ.get("ALERTS_BASE_URL", "").rstrip("/")
