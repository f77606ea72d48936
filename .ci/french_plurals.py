"""Copies the French source text of every plural entry into its msgstr (locale/fr).

French is the source language, so its msgstr stay empty — except for plurals: with an empty
msgstr, gettext falls back to the English rule and writes « 0 fiches ». Filled in, the catalogue's
own rule (``plural=(n > 1)``) applies: « 0 fiche », « 1 fiche », « 2 fiches ». Run by
`make messages` after makemessages; msgmerge keeps the copies on later runs.
"""

import re
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
EMPTY_PLURAL = re.compile(r'msgstr\[0\] ""\nmsgstr\[1\] ""\s*$')


def quoted(lines, key):
    """The msgid (or msgid_plural) of an entry as its quoted lines, continuation lines included."""
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key} "))
    values = [lines[start][len(key) + 1 :]]
    for line in lines[start + 1 :]:
        if not line.startswith('"'):
            break
        values.append(line)
    return values


def fill(entry):
    if "msgid_plural" not in entry or not EMPTY_PLURAL.search(entry):
        return entry
    lines = entry.split("\n")
    singular, plural = quoted(lines, "msgid"), quoted(lines, "msgid_plural")
    first = next(i for i, line in enumerate(lines) if line.startswith("msgstr[0]"))
    return "\n".join(
        [*lines[:first], f"msgstr[0] {singular[0]}", *singular[1:]]
        + [f"msgstr[1] {plural[0]}", *plural[1:]]
    )


def main():
    entries = PO.read_text("utf-8").split("\n\n")
    PO.write_text("\n\n".join(fill(entry) for entry in entries), "utf-8")


if __name__ == "__main__":
    main()
