"""The checks of a row beyond its parsing: no cell that a spreadsheet program would run as a
formula, and the model fields' and rows' own validation, as the edit form does."""

from django.core.exceptions import ValidationError

from fiches.models import AwardCriterion, FichePage, FicheReservedArticle, GroupementMember
from fiches.opendata import formulas
from fiches.opendata.columns import FIELD_COLUMNS
from fiches.opendata.importer.plan import CHOICE_FIELDS
from fiches.opendata.importer.report import RowError


class ModelChecks:
    """The checks of the importer (a mixin of ``FicheImporter``)."""

    def _without_formulas(self, line, row):
        """The row with the escaped texts of the exports unescaped, and an error for each cell
        that a spreadsheet program would run as a formula (``fiches.opendata.formulas``)."""
        read, errors = {}, []
        for column, value in row.items():
            if isinstance(value, str):
                value, is_formula = formulas.read_cell(value)
                if is_formula:
                    errors.append(RowError(line, column, formulas.formula_message(value)))
            read[column] = value
        return read, errors

    def _check_model(self, values, criteria, error):
        """The model fields' own validation (lengths, bounds, choices), as the edit form does."""
        page = FichePage(**{k: v for k, v in values.items() if k not in ("main_cpv", "region")})
        for name, value in values.items():
            if name in ("main_cpv", "region") or name in CHOICE_FIELDS:
                continue
            if value in (None, ""):
                continue
            model_field = FichePage._meta.get_field(name)
            try:
                model_field.clean(value, page)
            except ValidationError as exc:
                error(FIELD_COLUMNS[name], " ".join(exc.messages))
        for name, weight in criteria:
            for field_name, value in (("name", name), ("weight", weight)):
                if value is None:
                    continue
                try:
                    AwardCriterion._meta.get_field(field_name).clean(value, None)
                except ValidationError as exc:
                    error("criteres", f"{name} : {' '.join(exc.messages)}")

    def _check_rows(self, reserved_articles, unnamed_members, error):
        """The row models' own validation (lengths, bounds), as the edit form's rows do."""
        for model, column, rows in (
            (
                FicheReservedArticle,
                "article_reserve",
                [{"lots": lots} for _a, lots in reserved_articles],
            ),
            (
                GroupementMember,
                "groupement_membres_non_nommes",
                [{"count": count, "note": note} for _kind, count, note in unnamed_members],
            ),
        ):
            for row in rows:
                for name, value in row.items():
                    if value in (None, ""):
                        continue
                    try:
                        model._meta.get_field(name).clean(value, None)
                    except ValidationError as exc:
                        error(column, " ".join(exc.messages))
