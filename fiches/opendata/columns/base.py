"""What every column is made of: the ``Column`` itself, the separators of list cells, how a
« Non renseigné » choice is written, and ``FicheRow``, what the export columns of one fiche
read."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from fiches.choices import NOT_STATED
from fiches.opendata import values

LIST_SEPARATOR = "|"
SEPARATOR = f" {LIST_SEPARATOR} "
#: Between the items of a cell that lists parts of one fact (the articles of a reserved
#: contract, the unnamed members of a groupement); « | » separates actors.
ITEM_SEPARATOR = ";"

#: Parsers of the importer, by name (``fiches.opendata.importer.validate``): a scalar read into
#: the model field, or a relation that needs a look-up.
SCALAR_PARSERS = ("text", "rich_text", "boolean", "choice", "integer", "decimal", "date")


def known(value, unknown=""):
    """A cell's value, with « Non renseigné » written as ``unknown``: empty (the exports leave
    unknowns out) where the import reads an empty cell back as « non renseigné »."""
    return unknown if value == NOT_STATED else value


def unknown_cell(empty_is_unknown):
    """What a CSV/XLSX cell says for « Non renseigné » (``Column.empty_is_unknown``)."""
    return "" if empty_is_unknown else NOT_STATED


def joined(items, unknown=""):
    return SEPARATOR.join(str(known(item, unknown) or "") for item in items)


@dataclass(frozen=True)
class Column:
    """One spreadsheet column.

    ``empty_is_unknown``: the import reads an empty cell of this column as « Non renseigné »
    (or the column holds no choice); the export then leaves « Non renseigné » empty. When an
    empty cell means something else (no inclusion status, no groupement stated, criteria
    listed, no amount given), the export writes « Non renseigné » as its code
    ``non_renseigne``, which the import reads back: an export imported again keeps it."""

    name: str
    help: str
    field: str = ""
    parser: str = ""  # "" : written by the export only, ignored by the import
    required: bool = False
    choices: type | None = None
    example: str = ""
    export: Callable | None = None  # (FicheRow) -> cell value; None: the field itself
    empty_is_unknown: bool = True

    @property
    def imported(self):
        return bool(self.parser)

    @property
    def unknown(self):
        """What the CSV/XLSX cell says for « Non renseigné »."""
        return unknown_cell(self.empty_is_unknown)

    def value(self, row):
        if self.export is not None:
            return known(self.export(row), self.unknown)
        return known(getattr(row.fiche, self.field), self.unknown)


class FicheRow:
    """What the export columns of one fiche read, with the stakeholder lists built once."""

    def __init__(self, fiche, request=None):
        self.fiche = fiche
        self.request = request

    @cached_property
    def buyers(self):
        return list(self.fiche.buyer_links.all())

    @cached_property
    def suppliers(self):
        return list(self.fiche.supplier_links.all())

    @cached_property
    def operators(self):
        return list(self.fiche.operator_links.all())

    @cached_property
    def contact(self):
        return values.contact(self.fiche) or {}

    @cached_property
    def image(self):
        return values.hero_image(self.fiche, self.request) or {}

    def links(self, prefix):
        return {"acheteur": self.buyers, "titulaire": self.suppliers, "operateur": self.operators}[
            prefix
        ]
