"""Fails (exit 1) when the committed gettext catalogues are not what `make messages` produces.

Usage (from `make check-messages`): python .ci/check_messages.py [makemessages options…]

1. Every catalogue in LANGUAGES is up to date with the code: makemessages is run with the given
   options and the result compared with the committed .po, ignoring POT-Creation-Date (rewritten
   on every run). The committed files are restored afterwards: the check never edits the tree.
2. The English catalogue has no untranslated and no fuzzy entry, and passes `msgfmt --check`
   (placeholders of python-format strings, header, plural forms).
3. Every compiled .mo holds exactly what compiling its .po gives (compared as catalogues, so the
   gettext version that wrote the .mo does not matter).
"""

import difflib
import gettext
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["en", "fr"]
TRANSLATED = ["en"]  # French is the source: only its plurals are filled (french_plurals.py).
POT_DATE = re.compile(r'^"POT-Creation-Date: .*\\n"$', re.MULTILINE)


def po_path(language):
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def run(*command):
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def stale_catalogues(makemessages_options):
    committed = {}
    for language in LANGUAGES:
        path = po_path(language)
        if not path.exists():
            return [f"{path.relative_to(ROOT)} is missing: run `make messages`."]
        committed[language] = path.read_bytes()
    languages = [option for language in LANGUAGES for option in ("-l", language)]
    try:
        result = run(sys.executable, "manage.py", "makemessages", *languages, *makemessages_options)
        if result.returncode:
            return [f"makemessages failed:\n{result.stdout}{result.stderr}"]
        regenerated = {language: po_path(language).read_text("utf-8") for language in LANGUAGES}
    finally:
        for language, content in committed.items():
            po_path(language).write_bytes(content)

    problems = []
    for language in LANGUAGES:
        old = POT_DATE.sub("", committed[language].decode("utf-8"))
        new = POT_DATE.sub("", regenerated[language])
        if old != new:
            name = str(po_path(language).relative_to(ROOT))
            diff = difflib.unified_diff(
                old.splitlines(), new.splitlines(), name, f"{name} (regenerated)", lineterm=""
            )
            problems.append(
                f"{name} is out of date with the code: run `make messages`, translate, commit.\n"
                + "\n".join(list(diff)[:60])
            )
    return problems


def incomplete_translations():
    problems = []
    for language in TRANSLATED:
        name = str(po_path(language).relative_to(ROOT))
        for option, what in (("--untranslated", "untranslated"), ("--only-fuzzy", "fuzzy")):
            result = run("msgattrib", option, "--no-obsolete", "--no-wrap", name)
            if result.returncode:
                problems.append(f"msgattrib failed on {name}:\n{result.stderr}")
                continue
            # msgattrib repeats the header (msgid ""): it is not an entry.
            msgids = [m for m in re.findall(r'^msgid "(.*)"$', result.stdout, re.MULTILINE) if m]
            if msgids:
                listing = "\n".join(f"  {msgid}" for msgid in msgids[:40])
                problems.append(f"{name}: {len(msgids)} {what} entries:\n{listing}")
        # msgattrib leaves out a fuzzy header, which msgfmt would then not compile.
        header = po_path(language).read_text("utf-8").split("\n\n", 1)[0]
        if re.search(r"^#,.*\bfuzzy\b", header, re.MULTILINE):
            problems.append(f"{name}: the header is fuzzy.")
        result = run("msgfmt", "--check", "--output-file=/dev/null", name)
        if result.returncode:
            problems.append(f"msgfmt --check fails on {name}:\n{result.stderr}")
    # The source catalogue has no fuzzy entry either: makemessages' guesses would show the
    # French of another message (a fuzzy msgstr is compiled when `compilemessages -f` is used).
    for language in sorted(set(LANGUAGES) - set(TRANSLATED)):
        name = str(po_path(language).relative_to(ROOT))
        result = run("msgattrib", "--only-fuzzy", "--no-obsolete", "--no-wrap", name)
        msgids = [m for m in re.findall(r'^msgid "(.*)"$', result.stdout, re.MULTILINE) if m]
        if msgids:
            problems.append(f"{name}: {len(msgids)} fuzzy entries: " + ", ".join(msgids[:10]))
    return problems


def stale_compiled_catalogues():
    problems = []
    with tempfile.TemporaryDirectory() as directory:
        for language in LANGUAGES:
            po = po_path(language)
            mo = po.with_suffix(".mo")
            name = str(mo.relative_to(ROOT))
            if not mo.exists():
                problems.append(f"{name} is missing: run `make messages`.")
                continue
            fresh = Path(directory) / f"{language}.mo"
            # The options of Django's compilemessages.
            result = run("msgfmt", "--check-format", "-o", str(fresh), str(po))
            if result.returncode:
                problems.append(f"msgfmt fails on {po.relative_to(ROOT)}:\n{result.stderr}")
                continue
            with mo.open("rb") as committed, fresh.open("rb") as compiled:
                if gettext.GNUTranslations(committed)._catalog != (
                    gettext.GNUTranslations(compiled)._catalog
                ):
                    problems.append(f"{name} is stale: run `make messages` and commit it.")
    return problems


def main():
    problems = (
        stale_catalogues(sys.argv[1:]) + incomplete_translations() + stale_compiled_catalogues()
    )
    for problem in problems:
        sys.stderr.write(f"✗ {problem}\n")
    if problems:
        return 1
    sys.stdout.write("Catalogues up to date, English complete, compiled catalogues current.\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
