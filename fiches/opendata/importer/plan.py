"""What a row of the import becomes: the model fields each column's parser writes
(``Column.parser``), and the plan of a valid row that ``write`` carries out."""

from dataclasses import dataclass

from fiches.choices import NOT_STATED
from fiches.opendata.cells import parse_date, parse_decimal, parse_integer
from fiches.opendata.columns import COLUMNS

# What each scalar column's parser writes in its model field (``Column.parser``).
TEXT_FIELDS = [c.field for c in COLUMNS if c.parser == "text" and c.field != "external_ref"]
RICH_TEXT_FIELDS = [c.field for c in COLUMNS if c.parser == "rich_text"]
BOOLEAN_FIELDS = [c.field for c in COLUMNS if c.parser == "boolean"]
CHOICE_FIELDS = {c.field: c.choices for c in COLUMNS if c.parser == "choice"}
# An empty cell of these columns is « Non renseigné » (what the exports write for it:
# ``Column.empty_is_unknown``); an empty cell of the others is their empty value. The import
# never fills in a default the spreadsheet did not give.
CHOICE_DEFAULTS = {
    c.field: NOT_STATED
    for c in COLUMNS
    if c.parser == "choice" and c.empty_is_unknown and NOT_STATED in c.choices.values
}
NUMBER_PARSERS = {"integer": parse_integer, "decimal": parse_decimal, "date": parse_date}
NUMBER_FIELDS = [(c.field, NUMBER_PARSERS[c.parser]) for c in COLUMNS if c.parser in NUMBER_PARSERS]
REQUIRED_CHOICES = [c.field for c in COLUMNS if c.parser == "choice" and c.required]


@dataclass
class RowPlan:
    line: int
    reference: str
    values: dict
    themes: list
    departments: list
    additional_cpvs: list
    criteria: list
    milestones: list
    actors: list
    body: list
    reserved_articles: list
    unnamed_members: list
    existing: object = None
