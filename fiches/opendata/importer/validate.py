"""Spreadsheet import of fiches with their actors: row validation (the columns are in
``fiches.opendata.columns``).

Every row is checked with the rules of the edit form (``fiches.rules``, ``CPVCode.normalize``, the
SIRET validator and the model fields' own validation), and each problem is reported with its line,
its column and a French message. Nothing is written unless the whole file is valid, and then
everything is written in one transaction. Imported fiches are drafts: an import never publishes.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from fiches import rules
from fiches.choices import ESUSStatus, InclusionStatus, SupplierRole
from fiches.models import Department, ESSStructure, FicheIndexPage, FichePage, Region, Theme
from fiches.opendata.cells import parse_boolean, split_list
from fiches.opendata.columns import FIELD_COLUMNS, LIST_SEPARATOR, REQUIRED_COLUMNS
from fiches.opendata.importer.actors import ACTOR_KINDS, ActorParsing
from fiches.opendata.importer.checks import ModelChecks
from fiches.opendata.importer.parse import ReferenceParsing, choice_lookup, plain_text_to_html
from fiches.opendata.importer.plan import (
    BOOLEAN_FIELDS,
    CHOICE_DEFAULTS,
    CHOICE_FIELDS,
    NUMBER_FIELDS,
    REQUIRED_CHOICES,
    RICH_TEXT_FIELDS,
    TEXT_FIELDS,
    RowPlan,
)
from fiches.opendata.importer.report import ImportReport, RowError
from fiches.opendata.importer.write import Writing
from fiches.opendata.spreadsheets import Table, as_text, normalize_header


class FicheImporter(ReferenceParsing, ActorParsing, ModelChecks, Writing):
    """Validates a table of fiches and, when asked and when it is valid, writes it.

    ``index`` is the catalogue that receives new fiches; its locale is the import's locale.
    """

    def __init__(self, *, index, user=None):
        self.index = index
        self.locale = index.locale
        self.user = user
        self._regions = {}
        for region in Region.objects.all():
            self._regions[region.code] = region
            self._regions[normalize_header(region.name)] = region
        self._departments = {d.code: d for d in Department.objects.select_related("region")}
        self._themes = {}
        for theme in Theme.objects.filter(locale=self.locale):
            self._themes[theme.slug] = theme
            self._themes[normalize_header(theme.name)] = theme
        self._cpvs = {}
        self._actors = {}
        self._choices = {name: choice_lookup(choices) for name, choices in CHOICE_FIELDS.items()}
        for kind in ACTOR_KINDS:
            self._choices[kind.type_field] = choice_lookup(kind.types)
            self._choices[f"{kind.prefix}_role"] = choice_lookup(kind.roles)
        self._choices["inclusion_status"] = choice_lookup(InclusionStatus)
        self._choices["esus"] = choice_lookup(ESUSStatus)

    # Entry point

    def run(self, table: Table, *, commit=False, progress=None):
        """Validates every row of ``table``; writes everything in one transaction when
        ``commit`` is true and no row has an error. Returns an ``ImportReport``.

        ``progress(phase, done, total)``, when given, is called as rows are checked
        (``"validate"``) and written (``"write"``)."""
        with translation.override("fr"):
            report = ImportReport(dry_run=not commit, rows=len(table.rows))
            missing = [name for name in REQUIRED_COLUMNS if name not in table.columns]
            if missing:
                report.errors.append(
                    RowError(
                        1,
                        "",
                        _(
                            "Colonnes obligatoires absentes : %(columns)s. Ajoutez-les à la ligne "
                            "d'en-tête (téléchargez le modèle pour voir la liste des colonnes)."
                        )
                        % {"columns": ", ".join(missing)},
                    )
                )
                return report
            if not table.rows:
                report.errors.append(RowError(0, "", _("Le fichier ne contient aucune fiche.")))
                return report
            plans = self._validate(table, report, progress)
            if report.errors:
                return report
            report.to_create = [plan.reference for plan in plans if plan.existing is None]
            report.to_update = [plan.reference for plan in plans if plan.existing is not None]
            if commit:
                self._write(plans, report, progress)
            return report

    # Validation

    def _validate(self, table, report, progress=None):
        read = [(line, *self._without_formulas(line, row)) for line, row in table.rows]
        references = [as_text(row.get("reference_externe")) for _line, row, _errors in read]
        existing = {
            page.external_ref: page
            for page in FichePage.objects.filter(
                locale=self.locale, external_ref__in=[ref for ref in references if ref]
            )
        }
        seen = {}
        plans = []
        for number, (line, row, errors) in enumerate(read, 1):
            if progress is not None:
                progress("validate", number, len(read))
            plan = self._validate_row(line, row, errors)
            if plan is not None:
                if plan.reference in seen:
                    errors.append(
                        RowError(
                            line,
                            "reference_externe",
                            _(
                                "La référence « %(ref)s » est déjà utilisée ligne %(other)s : "
                                "chaque fiche a sa propre référence."
                            )
                            % {"ref": plan.reference, "other": seen[plan.reference]},
                        )
                    )
                seen.setdefault(plan.reference, line)
                plan.existing = existing.get(plan.reference)
                plans.append(plan)
            report.errors.extend(errors)
        return plans

    def _validate_row(self, line, row, errors):
        def error(column, message):
            errors.append(RowError(line, column, str(message)))

        values = {}
        reference = as_text(row.get("reference_externe"))
        if not reference:
            error("reference_externe", _("Indiquez une référence externe unique pour la fiche."))
        values["external_ref"] = reference
        for name in TEXT_FIELDS:
            values[name] = as_text(row.get(FIELD_COLUMNS[name]))
        for name in ("title", "chapo"):
            if not values[name]:
                error(FIELD_COLUMNS[name], _("Cette colonne est obligatoire : remplissez-la."))
        for name in RICH_TEXT_FIELDS:
            values[name] = plain_text_to_html(as_text(row.get(FIELD_COLUMNS[name])))
        for name in BOOLEAN_FIELDS:
            try:
                values[name] = parse_boolean(row.get(FIELD_COLUMNS[name]))
            except ValueError as exc:
                error(FIELD_COLUMNS[name], exc)
        for name in CHOICE_FIELDS:
            column = FIELD_COLUMNS[name]
            raw = as_text(row.get(column))
            if not raw:
                values[name] = CHOICE_DEFAULTS.get(name, "")
                if name in REQUIRED_CHOICES:
                    error(column, _("Cette colonne est obligatoire : remplissez-la."))
                continue
            found = self._choices[name].get(normalize_header(raw))
            if found is None:
                error(column, self._choice_message(raw, CHOICE_FIELDS[name]))
            values[name] = found or ""
        for name, parser in NUMBER_FIELDS:
            try:
                values[name] = parser(row.get(FIELD_COLUMNS[name]))
            except ValueError as exc:
                error(FIELD_COLUMNS[name], exc)
                values[name] = None
        values["main_cpv"] = None
        raw_cpv = as_text(row.get("cpv_principal"))
        if raw_cpv:
            values["main_cpv"] = self._cpv(raw_cpv, "cpv_principal", error)
        additional = []
        for code in split_list(row.get("cpv_complementaires"), LIST_SEPARATOR):
            if code:
                found = self._cpv(code, "cpv_complementaires", error)
                if found is not None and found not in additional and found != values["main_cpv"]:
                    additional.append(found)
        values["region"] = self._region(as_text(row.get("region")), error)
        departments = self._departments_of(row.get("departements"), error)
        themes = self._themes_of(row.get("thematiques"), error)
        criteria = self._criteria(row.get("criteres"), error)
        reserved_articles = self._reserved_articles(row.get("article_reserve"), error)
        unnamed_members = self._unnamed_members(row.get("groupement_membres_non_nommes"), error)
        milestones = self._milestones(row.get("historique"), error)
        actors = []
        for kind in ACTOR_KINDS:
            actors.extend(self._actor_specs(kind, row, error))
        body = [
            ("paragraph", paragraph)
            for paragraph in [plain_text_to_html(as_text(row.get("description")))]
            if paragraph
        ]
        self._check_model(values, criteria, error)
        self._check_rows(reserved_articles, unnamed_members, error)
        rule_errors = {}
        rule_errors.update(
            rules.check_amounts(
                kind=values.get("amount_kind"),
                period=values.get("amount_period") or "",
                years=values.get("amount_years"),
                amount=values.get("amount"),
                amount_min=values.get("amount_min"),
                amount_max=values.get("amount_max"),
            )
        )
        rule_errors.update(
            rules.check_reserved(
                reserved=values.get("reserved"),
                articles=[article for article, _lots in reserved_articles],
            )
        )
        rule_errors.update(
            rules.check_groupement(
                groupement=values.get("groupement") or "",
                lead_unknown=bool(values.get("groupement_lead_unknown")),
                roles=[
                    spec.role or SupplierRole.HOLDER
                    for spec in actors
                    if spec.kind.model is ESSStructure
                ],
                unnamed_counts=[count for _kind, count, _note in unnamed_members],
            )
        )
        rule_errors.update(
            rules.check_lots(
                lots_count=values.get("lots_count"), lot_concerned=values.get("lot_concerned")
            )
        )
        rule_errors.update(
            rules.check_departments(region=values.get("region"), departments=departments)
        )
        rule_errors.update(rules.check_criteria_weights([weight for _name, weight in criteria]))
        rule_errors.update(
            rules.check_criteria_status(
                status=values.get("award_criteria_status"), criteria_count=len(criteria)
            )
        )
        rule_errors.update(
            rules.check_execution_period(
                start=values.get("execution_start"), end=values.get("execution_end")
            )
        )
        already = {existing.column for existing in errors}
        for name, message in rule_errors.items():
            # A value that could not be read already has its message; the rule would only
            # repeat it in other words.
            if FIELD_COLUMNS.get(name, "") not in already:
                error(FIELD_COLUMNS.get(name, ""), message)
        if not reference:
            return None
        return RowPlan(
            line=line,
            reference=reference,
            values=values,
            themes=themes,
            departments=departments,
            additional_cpvs=additional,
            criteria=criteria,
            milestones=milestones,
            actors=actors,
            body=body,
            reserved_articles=reserved_articles,
            unnamed_members=unnamed_members,
        )


def default_catalogue():
    """The catalogue of the default locale, where imports go unless told otherwise."""
    from wagtail.models import Locale

    return (
        FicheIndexPage.objects.filter(locale=Locale.get_default()).order_by("path").first()
        or FicheIndexPage.objects.order_by("path").first()
    )
