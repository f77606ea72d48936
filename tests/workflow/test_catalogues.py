"""The English gettext catalogue is complete (no untranslated, no fuzzy entry), its placeholders
match the French source, and the structured labels come out in English.

`make check-messages` also checks that the catalogues are up to date with the code."""

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

from fiches.choices import Lever, Nature, Procedure, ReservedArticle, SupplierRole
from fiches.editorial.wording import WAGTAIL_STRINGS

LOCALE = Path(settings.BASE_DIR) / "locale"
ENGLISH_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def parse_po(path):
    """The entries of a .po file as dicts: ``flags`` (a set), ``msgid``, ``msgid_plural`` and
    ``msgstr`` (a list: one string, or one per plural form). Obsolete entries (``#~``) and the
    header are left out. Enough of the format for the catalogues makemessages writes."""
    entries = []
    for block in path.read_text("utf-8").split("\n\n"):
        entry = {"flags": set(), "msgstr": {}}
        field = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if isinstance(field, int):
                    entry["msgstr"][field] += value
                else:
                    entry[field] += value
            else:
                keyword, _, value = line.partition(" ")
                value = ast.literal_eval(value)
                if keyword.startswith("msgstr"):
                    field = int(keyword[7:-1]) if "[" in keyword else 0
                    entry["msgstr"][field] = value
                else:
                    field = keyword
                    entry[field] = value
        if "msgid" in entry and entry["msgid"]:
            entry["msgstr"] = [entry["msgstr"][index] for index in sorted(entry["msgstr"])]
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def english_entries():
    return parse_po(ENGLISH_PO)


def test_the_catalogue_is_parsed(english_entries):
    assert len(english_entries) > 500
    plurals = [entry for entry in english_entries if "msgid_plural" in entry]
    assert plurals
    assert all(len(entry["msgstr"]) == 2 for entry in plurals)


def test_every_english_entry_is_translated(english_entries):
    untranslated = [entry["msgid"] for entry in english_entries if not all(entry["msgstr"])]
    assert untranslated == []


def test_no_english_entry_is_fuzzy(english_entries):
    fuzzy = [entry["msgid"] for entry in english_entries if "fuzzy" in entry["flags"]]
    assert fuzzy == []


def test_the_header_is_not_fuzzy():
    header = ENGLISH_PO.read_text("utf-8").split("\n\n", 1)[0]
    assert not re.search(r"^#,.*\bfuzzy\b", header, re.MULTILINE)


def test_python_format_placeholders_are_kept(english_entries):
    wrong = []
    for entry in english_entries:
        if "python-format" not in entry["flags"]:
            continue
        sources = [entry["msgid"], entry.get("msgid_plural", entry["msgid"])]
        for index, msgstr in enumerate(entry["msgstr"]):
            source = sources[min(index, 1)]
            expected = set(PLACEHOLDER.findall(source))
            found = set(PLACEHOLDER.findall(msgstr))
            # A singular may leave out the count its French singular leaves out too.
            if found != expected and not (index == 0 and found <= expected):
                wrong.append((entry["msgid"], msgstr))
    assert wrong == []


def test_html_tags_are_kept(english_entries):
    def tags(text):
        return sorted(re.findall(r"</?\w+", text))

    wrong = [
        (entry["msgid"], msgstr)
        for entry in english_entries
        for msgstr in entry["msgstr"]
        if tags(entry["msgid"]) != tags(msgstr)
    ]
    assert wrong == []


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext (msgfmt) is not installed")
def test_msgfmt_accepts_the_catalogue_and_counts_no_gap():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "--output-file=/dev/null", str(ENGLISH_PO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr


def test_the_french_catalogue_leaves_the_source_alone_but_gives_plurals_their_rule():
    entries = parse_po(LOCALE / "fr" / "LC_MESSAGES" / "django.po")
    singles = [entry for entry in entries if "msgid_plural" not in entry]
    plurals = [entry for entry in entries if "msgid_plural" in entry]
    assert singles and plurals
    # Except Wagtail's strings that the project translates itself (fiches.editorial.wording).
    assert all(
        not any(entry["msgstr"]) for entry in singles if entry["msgid"] not in WAGTAIL_STRINGS
    )
    assert all(
        entry["msgstr"] == [WAGTAIL_STRINGS[entry["msgid"]]]
        for entry in singles
        if entry["msgid"] in WAGTAIL_STRINGS
    )
    # .ci/french_plurals.py copies the source text so that French plural rule applies.
    assert all(entry["msgstr"] == [entry["msgid"], entry["msgid_plural"]] for entry in plurals)


def test_french_says_zero_in_the_singular():
    with translation.override("fr"):
        assert ngettext("%(count)s fiche", "%(count)s fiches", 0) == "%(count)s fiche"
        assert ngettext("%(count)s fiche", "%(count)s fiches", 2) == "%(count)s fiches"


class TestEnglishLabels:
    def test_structured_labels(self):
        with translation.override("en"):
            assert str(Procedure.OPEN.label) == "Open call for tenders"
            assert str(Nature.WORKS.label) == "Works"
            assert str(Lever.RESERVED.label) == "Reserved contract"
            assert str(Lever.SOCIAL_CLAUSE.label) == "Social inclusion clause"
            assert str(SupplierRole.HOLDER.label) == "Contract holder"
            assert str(ReservedArticle.ESS.label) == "L2113-15 — reserved for SSE enterprises"

    def test_conventions(self):
        with translation.override("en"):
            assert gettext("fiche REX") == "REX case study"
            assert gettext("Structure de l'ESS") == "SSE organisation"
            assert gettext("Opérateur ou accompagnateur") == "Support organisation"
            assert gettext("Acheteur public") == "Public buyer"
            assert gettext("CRESS") == "CRESS"

    def test_plurals(self):
        with translation.override("en"):
            assert ngettext("%(count)s lot", "%(count)s lots", 1) % {"count": 1} == "1 lot"
            assert ngettext("%(count)s mois", "%(count)s mois", 3) % {"count": 3} == "3 months"
            # Also used without plural, as a field name.
            assert gettext("région") == "region"

    def test_french_stays_the_source(self):
        with translation.override("fr"):
            assert str(Procedure.OPEN.label) == "Appel d'offres ouvert"
            assert gettext("fiche REX") == "fiche REX"
