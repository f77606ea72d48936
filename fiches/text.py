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
# Each rule with what every text it changes holds (a sign, a guillemet, a digit followed by a
# hyphen or a space): a quick search that spares the rule's substitution on most texts.
_RULES = [
    # A space (or none) before « : ; ! ? % » becomes a no-break space; « : » only after a
    # space, so that times and URLs (« 10:30 », « https: ») are left alone.
    (r"[;!?%]", r"[ \u00a0\u202f]+([;!?%])", NBSP + r"\1"),
    (r"[;!?]", r"(?<=\w)([;!?])(?=\s|$)", NBSP + r"\1"),
    (r":", r" +:(?=\s|$)", NBSP + ":"),
    # Inside « guillemets ».
    (r"«", r"«[ \u00a0\u202f]*", "«" + NBSP),
    (r"»", r"[ \u00a0\u202f]*»", NBSP + "»"),
    # An article of a code (« L2113-13 », « R2152-7 ») is never cut at its hyphen.
    (r"\d-\d", r"\b([LRD]\d{3,4}(?:-\d+)*)-(\d+)\b", r"\1" + NON_BREAKING_HYPHEN + r"\2"),
    # Thousands groups and a number followed by its unit stay on one line.
    (r"\d ", r"(\d) (?=\d{3}\b)", r"\1" + NBSP),
    (r"\d ", rf"(\d) (?=(?:{UNITS})(?!\w))", r"\1" + NBSP),
    # « 1 décembre » → « 1er décembre ».
    (r"1 ", rf"(?<![\d,.])\b1 (?=(?:{FRENCH_MONTHS})\b)", "1er" + NBSP),
]
_RULES = [
    (re.compile(needs), re.compile(pattern), replacement) for needs, pattern, replacement in _RULES
]


def french_typography(text):
    """French typography of a plain text: no-break spaces before « : ; ! ? % » and inside
    « », no break inside an article number (« L2113-13 ») or between a number and its unit,
    « 1er » for the first day of a month. Used by the public pages (the template filter
    ``french_typography``, through ``french_typography_html``), the fiche cards
    (``fiches.rendering.fiche_card``) and the PDF."""
    for needs, pattern, replacement in _RULES:
        if needs.search(text):
            text = pattern.sub(replacement, text)
    # The article rule repeated: « L2113-13-1 » has two hyphens.
    needs, pattern, replacement = _RULES[5]
    return pattern.sub(replacement, text) if needs.search(text) else text


# Tags, comments, scripts… and character references: the « ; » of « &quot; » or « &amp; » (a
# text's quote or ampersand, escaped) is not a semicolon to typeset (« &quot ; » broke it).
_TAGS = re.compile(
    r"(<!--.*?-->|<(script|style|pre|code|textarea)\b.*?</\2\s*>|<[^>]*>|&#?\w+;)", re.S | re.I
)


def french_typography_html(html):
    """``french_typography`` applied to the text of an HTML fragment only: tags, attributes
    (URLs included), scripts, styles and character references are left untouched. Texts
    between tags that hold nothing a rule changes (most of them: white space, plain words) are
    skipped."""
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
