"""Text helpers shared by the models, the search and the listings."""

import re
import unicodedata


def fold_accents(text):
    """``"coopérative"`` → ``"cooperative"``: the search matches with or without accents."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# ---------- French typography ----------

NBSP = "\u00a0"
NON_BREAKING_HYPHEN = "\u2011"
FRENCH_MONTHS = (
    "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
)
UNITS = r"€|%|k€|M€|h|heures?|t|tonnes?|kg|km|m²|m³|mois|ans?|jours?|personnes|repas|ETP"
_RULES = [
    # A space (or none) before « : ; ! ? % » becomes a no-break space; « : » only after a
    # space, so that times and URLs (« 10:30 », « https: ») are left alone.
    (re.compile(r"[ \u00a0\u202f]+([;!?%])"), NBSP + r"\1"),
    (re.compile(r"(?<=\w)([;!?])(?=\s|$)"), NBSP + r"\1"),
    (re.compile(r" +:(?=\s|$)"), NBSP + ":"),
    # Inside « guillemets ».
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NBSP),
    (re.compile(r"[ \u00a0\u202f]*»"), NBSP + "»"),
    # An article of a code (« L2113-13 », « R2152-7 ») is never cut at its hyphen.
    (re.compile(r"\b([LRD]\d{3,4}(?:-\d+)*)-(\d+)\b"), r"\1" + NON_BREAKING_HYPHEN + r"\2"),
    # Thousands groups and a number followed by its unit stay on one line.
    (re.compile(r"(\d) (?=\d{3}\b)"), r"\1" + NBSP),
    (re.compile(rf"(\d) (?=(?:{UNITS})(?!\w))"), r"\1" + NBSP),
    # « 1 décembre » → « 1er décembre ».
    (re.compile(rf"(?<![\d,.])\b1 (?=(?:{FRENCH_MONTHS})\b)"), "1er" + NBSP),
]


def french_typography(text):
    """French typography of a plain text: no-break spaces before « : ; ! ? % » and inside
    « », no break inside an article number (« L2113-13 ») or between a number and its unit,
    « 1er » for the first day of a month. Used by the public pages (the template filter
    ``french_typography``, through ``french_typography_html``) and the PDF."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    # The article rule repeated: « L2113-13-1 » has two hyphens.
    return _RULES[5][0].sub(_RULES[5][1], text)


_TAGS = re.compile(
    r"(<!--.*?-->|<(script|style|pre|code|textarea)\b.*?</\2\s*>|<[^>]*>)", re.S | re.I
)


def french_typography_html(html):
    """``french_typography`` applied to the text of an HTML fragment only: tags, attributes
    (URLs included), scripts and styles are left untouched. Texts between tags that hold
    nothing a rule changes (most of them: white space, plain words) are skipped."""
    parts = []
    position = 0
    for match in _TAGS.finditer(html):
        parts.append(_typeset(html[position : match.start()]))
        parts.append(match.group(0))
        position = match.end()
    parts.append(_typeset(html[position:]))
    return "".join(parts)


# What every rule above starts from: a sign, a guillemet or a digit.
_TRIGGERS = re.compile(r"[;:!?%«»\d]")


def _typeset(text):
    return french_typography(text) if _TRIGGERS.search(text) else text
