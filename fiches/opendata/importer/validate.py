"""Spreadsheet import of fiches with their actors: the column layout, row validation and the write.

Every row is checked with the rules of the edit form (``fiches.rules``, ``CPVCode.normalize``, the
SIRET validator and the model fields' own validation), and each problem is reported with its line,
its column and a French message. Nothing is written unless the whole file is valid, and then
everything is written in one transaction. Imported fiches are drafts: an import never publishes.
"""

from dataclasses import dataclass, field
from html import escape

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fiches import rules
from fiches.choices import (
    AmountKind,
    BuyerRole,
    BuyerType,
    ESSFamily,
    ExecutionMode,
    InclusionStatus,
    Nature,
    OperatorRole,
    OperatorType,
    Procedure,
    ReservedArticle,
    SupplierRole,
    Technique,
)
from fiches.models import (
    AwardCriterion,
    Buyer,
    CPVCode,
    Department,
    ESSStructure,
    FicheAdditionalCPV,
    FicheBuyer,
    FicheIndexPage,
    FicheOperator,
    FichePage,
    FicheSupplier,
    Operator,
    Region,
    Theme,
)
from fiches.models.pages import number_rows
from fiches.spreadsheets import (
    Table,
    as_text,
    normalize_header,
    parse_boolean,
    parse_date,
    parse_decimal,
    parse_integer,
    split_list,
)

LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    required: bool = False


COLUMNS = [
    Column(
        "reference_externe",
        gettext_lazy(
            "Identifiant unique de la fiche dans votre tableur (ex. CRESS-BRE-2023-04). "
            "Réimporter la même référence met la fiche à jour."
        ),
        required=True,
    ),
    Column("titre", gettext_lazy("Titre de la fiche (255 caractères au plus)."), required=True),
    Column("chapo", gettext_lazy("Chapô : deux ou trois phrases (400 caractères au plus)."), True),
    Column("nature", gettext_lazy("travaux, fournitures ou services."), required=True),
    Column(
        "procedure",
        gettext_lazy(
            "procedure_adaptee (MAPA), appel_offres_ouvert, appel_offres_restreint, "
            "procedure_negociee, dialogue_competitif ou sans_publicite (code ou libellé)."
        ),
        required=True,
    ),
    Column("technique", gettext_lazy("accord_cadre ou sans_objet (par défaut).")),
    Column(
        "modalite_execution",
        gettext_lazy("bons_de_commande, marches_subsequents, tranches, mixte ou sans_objet."),
    ),
    Column("marche_reserve", gettext_lazy("oui ou non.")),
    Column("article_reserve", gettext_lazy("L2113-12, L2113-13, L2113-13-1 ou L2113-15.")),
    Column("clause_sociale", gettext_lazy("oui ou non (clause d'insertion, art. L2112-2).")),
    Column("critere_social", gettext_lazy("oui ou non (critère d'attribution, art. R2152-7).")),
    Column("clause_environnementale", gettext_lazy("oui ou non.")),
    Column("critere_environnemental", gettext_lazy("oui ou non.")),
    Column("heures_insertion", gettext_lazy("Nombre entier d'heures, par exemple 3 500.")),
    Column(
        "cpv_principal",
        gettext_lazy("Code CPV, avec ou sans chiffre de contrôle (77310000 ou 77310000-6)."),
    ),
    Column("cpv_complementaires", gettext_lazy("Autres codes CPV séparés par « | ».")),
    Column("nombre_lots", gettext_lazy("Nombre de lots du marché.")),
    Column("lot_concerne", gettext_lazy("Le lot dont parle la fiche.")),
    Column("duree_mois", gettext_lazy("Durée totale en mois, reconductions comprises.")),
    Column(
        "precision_duree",
        gettext_lazy("Par exemple « 1 an reconductible 3 fois »."),
    ),
    Column("type_montant", gettext_lazy("exact, estime ou min_max.")),
    Column("montant", gettext_lazy("Montant HT en euros, par exemple 12 500,50 €.")),
    Column("montant_min", gettext_lazy("Minimum HT d'un accord-cadre.")),
    Column("montant_max", gettext_lazy("Maximum HT d'un accord-cadre.")),
    Column("date_notification", gettext_lazy("Date jj/mm/aaaa, par exemple 15/03/2023.")),
    Column("region", gettext_lazy("Code INSEE (53) ou nom (Bretagne) de la région.")),
    Column("departements", gettext_lazy("Codes des départements séparés par « | » (35 | 56).")),
    Column("commune", gettext_lazy("Commune d'exécution.")),
    Column("identifiant_decp", gettext_lazy("Identifiant du marché dans les DECP.")),
    Column(
        "thematiques",
        gettext_lazy("Thématiques existantes (nom ou identifiant) « | »."),
    ),
    Column(
        "criteres",
        gettext_lazy("Critères et pondérations en % : « Valeur technique: 60 | Prix: 40 »."),
    ),
    Column(
        "description",
        gettext_lazy("Description du marché (paragraphes séparés par une ligne vide)."),
    ),
    Column("plus_value_acheteur", gettext_lazy("Plus-value pour l'acheteur.")),
    Column("plus_value_ess", gettext_lazy("Plus-value pour la structure de l'ESS.")),
    Column("plus_value_territoire", gettext_lazy("Plus-value pour le territoire.")),
    Column("facteurs_reussite", gettext_lazy("Facteurs de réussite.")),
    Column("difficultes", gettext_lazy("Difficultés rencontrées.")),
    Column("conseils", gettext_lazy("Conseils pour reproduire.")),
    Column("acheteur_nom", gettext_lazy("Nom de l'acheteur public (plusieurs : « | »).")),
    Column("acheteur_siret", gettext_lazy("SIRET de l'acheteur (14 chiffres).")),
    Column("acheteur_type", gettext_lazy("commune, departement, region, epci, etat, hopital…")),
    Column(
        "acheteur_role", gettext_lazy("acheteur (par défaut), coordonnateur ou membre_groupement.")
    ),
    Column("acheteur_commune", gettext_lazy("Commune de l'acheteur.")),
    Column("titulaire_nom", gettext_lazy("Nom de la structure de l'ESS (plusieurs : « | »).")),
    Column("titulaire_siret", gettext_lazy("SIRET de la structure (14 chiffres).")),
    Column(
        "titulaire_famille",
        gettext_lazy("association, cooperative, mutuelle, fondation ou entreprise_ess."),
    ),
    Column("titulaire_statut", gettext_lazy("aci, ei, etti, ai, eiti, geiq, ea, eatt ou esat.")),
    Column(
        "titulaire_role",
        gettext_lazy(
            "titulaire (par défaut), mandataire, cotraitant_conjoint, cotraitant_solidaire "
            "ou sous_traitant."
        ),
    ),
    Column("titulaire_commune", gettext_lazy("Commune de la structure.")),
    Column("operateur_nom", gettext_lazy("Nom de l'opérateur ou accompagnateur (« | »).")),
    Column("operateur_siret", gettext_lazy("SIRET de l'opérateur.")),
    Column(
        "operateur_type",
        gettext_lazy("facilitateur, cress, reseau_iae_handicap, dreets_ddets, reseau_achats…"),
    ),
    Column("operateur_role", gettext_lazy("facilitation (par défaut), accompagnement_acheteur…")),
    Column("operateur_commune", gettext_lazy("Commune de l'opérateur.")),
]
COLUMN_NAMES = [column.name for column in COLUMNS]
REQUIRED_COLUMNS = [column.name for column in COLUMNS if column.required]

# Model field → spreadsheet column, to put each rule's message on the column to fix.
FIELD_COLUMNS = {
    "external_ref": "reference_externe",
    "title": "titre",
    "chapo": "chapo",
    "nature": "nature",
    "procedure": "procedure",
    "technique": "technique",
    "execution_mode": "modalite_execution",
    "reserved": "marche_reserve",
    "reserved_article": "article_reserve",
    "social_clause": "clause_sociale",
    "social_criterion": "critere_social",
    "environmental_clause": "clause_environnementale",
    "environmental_criterion": "critere_environnemental",
    "insertion_hours": "heures_insertion",
    "main_cpv": "cpv_principal",
    "lots_count": "nombre_lots",
    "lot_concerned": "lot_concerne",
    "duration_months": "duree_mois",
    "duration_note": "precision_duree",
    "amount_kind": "type_montant",
    "amount": "montant",
    "amount_min": "montant_min",
    "amount_max": "montant_max",
    "notification_date": "date_notification",
    "region": "region",
    "departments": "departements",
    "commune": "commune",
    "decp_id": "identifiant_decp",
    "award_criteria": "criteres",
    "added_value_buyer": "plus_value_acheteur",
    "added_value_ess": "plus_value_ess",
    "added_value_territory": "plus_value_territoire",
    "success_factors": "facteurs_reussite",
    "difficulties": "difficultes",
    "advice": "conseils",
}
TEXT_FIELDS = ["title", "chapo", "lot_concerned", "duration_note", "commune", "decp_id"]
RICH_TEXT_FIELDS = [
    "added_value_buyer",
    "added_value_ess",
    "added_value_territory",
    "success_factors",
    "difficulties",
    "advice",
]
BOOLEAN_FIELDS = [
    "reserved",
    "social_clause",
    "social_criterion",
    "environmental_clause",
    "environmental_criterion",
]
CHOICE_FIELDS = {
    "nature": Nature,
    "procedure": Procedure,
    "technique": Technique,
    "execution_mode": ExecutionMode,
    "reserved_article": ReservedArticle,
    "amount_kind": AmountKind,
}
CHOICE_DEFAULTS = {"technique": Technique.NONE, "execution_mode": ExecutionMode.NONE}


@dataclass(frozen=True)
class ActorKind:
    prefix: str
    model: type
    link_model: type
    relation: str
    type_field: str
    types: type
    roles: type
    label: str


ACTOR_KINDS = [
    ActorKind(
        "acheteur", Buyer, FicheBuyer, "buyer_links", "buyer_type", BuyerType, BuyerRole,
        gettext_lazy("L'acheteur"),
    ),
    ActorKind(
        "titulaire", ESSStructure, FicheSupplier, "supplier_links", "family", ESSFamily,
        SupplierRole, gettext_lazy("La structure de l'ESS"),
    ),
    ActorKind(
        "operateur", Operator, FicheOperator, "operator_links", "operator_type", OperatorType,
        OperatorRole, gettext_lazy("L'opérateur"),
    ),
]  # fmt: skip


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        if self.column:
            return _("Ligne %(line)s, colonne « %(column)s » : %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        if self.line:
            return _("Ligne %(line)s : %(message)s") % {"line": self.line, "message": self.message}
        return str(self.message)


@dataclass
class ImportReport:
    """What an import found (errors) or did (created and updated fiches)."""

    dry_run: bool = True
    rows: int = 0
    errors: list = field(default_factory=list)
    to_create: list = field(default_factory=list)
    to_update: list = field(default_factory=list)
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    actors_created: int = 0

    @property
    def ok(self):
        return not self.errors

    def summary(self):
        """One French sentence saying what happened or would happen."""
        if self.errors:
            return _(
                "%(errors)s erreur(s) sur %(rows)s ligne(s) : rien n'a été importé. "
                "Corrigez le fichier puis recommencez."
            ) % {"errors": len(self.errors), "rows": self.rows}
        values = {"created": len(self.to_create), "updated": len(self.to_update)}
        if self.dry_run:
            return (
                _(
                    "Fichier valide : %(created)s fiche(s) seraient créées et %(updated)s mise(s) "
                    "à jour, en brouillon. Rien n'a encore été écrit."
                )
                % values
            )
        return (
            _(
                "Import terminé : %(created)s fiche(s) créée(s) et %(updated)s mise(s) à jour, "
                "en brouillon (à relire puis publier)."
            )
            % values
        )


class ImportAborted(Exception):
    """Raised inside the transaction to roll everything back."""


@dataclass
class ActorSpec:
    kind: ActorKind
    name: str
    siret: str
    actor_type: str
    role: str
    commune: str
    status: str = ""
    existing: object = None

    @property
    def key(self):
        if self.siret:
            return (self.kind.prefix, "siret", self.siret)
        return (self.kind.prefix, "name", self.name, self.commune)


@dataclass
class RowPlan:
    line: int
    reference: str
    values: dict
    themes: list
    departments: list
    additional_cpvs: list
    criteria: list
    actors: list
    body: list
    existing: object = None


def _choice_lookup(choices):
    lookup = {}
    for value, label in choices.choices:
        label = str(label)
        candidates = [value, label, label.split(" (")[0], label.split(" — ")[0]]
        if "(" in label:
            candidates.append(label[label.index("(") + 1 : label.rindex(")")])
        for candidate in candidates:
            lookup.setdefault(normalize_header(candidate), value)
    return lookup


def _plain_text_to_html(text):
    paragraphs = [part.strip() for part in str(text).replace("\r\n", "\n").split("\n\n")]
    return "".join(
        f"<p>{escape(paragraph).replace(chr(10), '<br/>')}</p>"
        for paragraph in paragraphs
        if paragraph
    )


class FicheImporter:
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
        self._choices = {name: _choice_lookup(choices) for name, choices in CHOICE_FIELDS.items()}
        for kind in ACTOR_KINDS:
            self._choices[kind.type_field] = _choice_lookup(kind.types)
            self._choices[f"{kind.prefix}_role"] = _choice_lookup(kind.roles)
        self._choices["inclusion_status"] = _choice_lookup(InclusionStatus)

    # Entry point

    def run(self, table: Table, *, commit=False):
        """Validates every row of ``table``; writes everything in one transaction when
        ``commit`` is true and no row has an error. Returns an ``ImportReport``."""
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
            plans = self._validate(table, report)
            if report.errors:
                return report
            report.to_create = [plan.reference for plan in plans if plan.existing is None]
            report.to_update = [plan.reference for plan in plans if plan.existing is not None]
            if commit:
                self._write(plans, report)
            return report

    # Validation

    def _validate(self, table, report):
        references = [as_text(row.get("reference_externe")) for _line, row in table.rows]
        existing = {
            page.external_ref: page
            for page in FichePage.objects.filter(
                locale=self.locale, external_ref__in=[ref for ref in references if ref]
            )
        }
        seen = {}
        plans = []
        for line, row in table.rows:
            errors = []
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
            values[name] = _plain_text_to_html(as_text(row.get(FIELD_COLUMNS[name])))
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
                if name in ("nature", "procedure"):
                    error(column, _("Cette colonne est obligatoire : remplissez-la."))
                continue
            found = self._choices[name].get(normalize_header(raw))
            if found is None:
                error(column, self._choice_message(raw, CHOICE_FIELDS[name]))
            values[name] = found or ""
        for name, parser in (
            ("insertion_hours", parse_integer),
            ("lots_count", parse_integer),
            ("duration_months", parse_integer),
            ("amount", parse_decimal),
            ("amount_min", parse_decimal),
            ("amount_max", parse_decimal),
            ("notification_date", parse_date),
        ):
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
        actors = []
        for kind in ACTOR_KINDS:
            actors.extend(self._actor_specs(kind, row, error))
        body = [
            ("paragraph", paragraph)
            for paragraph in [_plain_text_to_html(as_text(row.get("description")))]
            if paragraph
        ]
        self._check_model(values, criteria, error)
        rule_errors = {}
        rule_errors.update(
            rules.check_amounts(
                kind=values.get("amount_kind"),
                amount=values.get("amount"),
                amount_min=values.get("amount_min"),
                amount_max=values.get("amount_max"),
            )
        )
        rule_errors.update(
            rules.check_reserved(
                reserved=values.get("reserved"), reserved_article=values.get("reserved_article")
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
            actors=actors,
            body=body,
        )

    def _choice_message(self, raw, choices):
        return _("« %(value)s » n'est pas une valeur possible. Valeurs acceptées : %(values)s.") % {
            "value": raw,
            "values": ", ".join(choices.values),
        }

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

    def _cpv(self, raw, column, error):
        key = raw.replace(" ", "")
        if key not in self._cpvs:
            try:
                self._cpvs[key] = CPVCode.normalize(raw)
            except ValidationError as exc:
                self._cpvs[key] = exc
        found = self._cpvs[key]
        if isinstance(found, ValidationError):
            error(column, " ".join(found.messages))
            return None
        return found

    def _region(self, raw, error):
        if not raw:
            return None
        region = self._regions.get(raw.zfill(2)) or self._regions.get(normalize_header(raw))
        if region is None:
            error(
                "region",
                _("La région « %(value)s » est inconnue : donnez son code INSEE ou son nom.")
                % {"value": raw},
            )
        return region

    def _departments_of(self, raw, error):
        found = []
        for code in split_list(as_text(raw), LIST_SEPARATOR):
            if not code:
                continue
            department = self._departments.get(code.upper().zfill(2))
            if department is None:
                error(
                    "departements",
                    _("Le département « %(value)s » est inconnu : donnez son code (35, 2A, 974…).")
                    % {"value": code},
                )
            elif department not in found:
                found.append(department)
        return found

    def _themes_of(self, raw, error):
        found = []
        for name in split_list(raw, LIST_SEPARATOR):
            if not name:
                continue
            theme = self._themes.get(name) or self._themes.get(normalize_header(name))
            if theme is None:
                error(
                    "thematiques",
                    _(
                        "La thématique « %(value)s » n'existe pas : créez-la d'abord dans "
                        "l'administration (Thématiques) ou corrigez son nom."
                    )
                    % {"value": name},
                )
            elif theme not in found:
                found.append(theme)
        return found

    def _criteria(self, raw, error):
        criteria = []
        for item in split_list(raw, LIST_SEPARATOR):
            if not item:
                continue
            name, weight = item, None
            if ":" in item:
                head, tail = item.rsplit(":", 1)
                try:
                    weight = parse_decimal(tail)
                except ValueError:
                    error(
                        "criteres",
                        _(
                            "La pondération de « %(value)s » n'est pas un nombre : écrivez "
                            "« Prix: 40 »."
                        )
                        % {"value": item},
                    )
                name = head.strip()
            if not name:
                error("criteres", _("Un critère n'a pas de nom : écrivez « Prix: 40 »."))
                continue
            criteria.append((name, weight))
        return criteria

    def _actor_specs(self, kind, row, error):
        prefix = kind.prefix
        names = split_list(row.get(f"{prefix}_nom"), LIST_SEPARATOR)
        columns = {
            suffix: split_list(as_text(row.get(f"{prefix}_{suffix}")), LIST_SEPARATOR)
            for suffix in ("siret", "type", "famille", "statut", "role", "commune")
        }
        for suffix, items in columns.items():
            if len(items) > len(names):
                error(
                    f"{prefix}_{suffix}",
                    _(
                        "%(count)s valeurs pour %(names)s nom(s) dans « %(prefix)s_nom » : "
                        "donnez-les dans le même ordre que les noms, séparées par « | »."
                    )
                    % {"count": len(items), "names": len(names), "prefix": prefix},
                )
        specs = []
        for position, name in enumerate(names):

            def item(suffix, position=position):
                items = columns[suffix]
                return items[position] if position < len(items) else ""

            if not name:
                error(f"{prefix}_nom", _("Un nom est vide entre deux « | » : complétez-le."))
                continue
            type_column = "famille" if kind.model is ESSStructure else "type"
            spec = ActorSpec(
                kind=kind,
                name=name,
                siret=item("siret").replace(" ", ""),
                actor_type=item(type_column),
                role=item("role"),
                commune=item("commune"),
            )
            self._check_actor(spec, item("statut"), type_column, error)
            specs.append(spec)
        return specs

    def _check_actor(self, spec, status, type_column, error):
        kind = spec.kind
        prefix = kind.prefix
        for field_name, value, column in (
            ("name", spec.name, f"{prefix}_nom"),
            ("siret", spec.siret, f"{prefix}_siret"),
            ("commune", spec.commune, f"{prefix}_commune"),
        ):
            if not value:
                continue
            try:
                kind.model._meta.get_field(field_name).clean(value, None)
            except ValidationError as exc:
                error(column, f"{spec.name} : {' '.join(exc.messages)}")
                if field_name == "siret":
                    spec.siret = ""
        if spec.role:
            role = self._choices[f"{prefix}_role"].get(normalize_header(spec.role))
            if role is None:
                error(f"{prefix}_role", self._choice_message(spec.role, kind.roles))
            spec.role = role or ""
        if spec.actor_type:
            actor_type = self._choices[kind.type_field].get(normalize_header(spec.actor_type))
            if actor_type is None:
                error(f"{prefix}_{type_column}", self._choice_message(spec.actor_type, kind.types))
            spec.actor_type = actor_type or ""
        spec.status = ""
        if status:
            if kind.model is not ESSStructure:
                error(f"{prefix}_statut", _("Seules les structures de l'ESS ont un statut."))
            else:
                spec.status = self._choices["inclusion_status"].get(normalize_header(status))
                if spec.status is None:
                    error(f"{prefix}_statut", self._choice_message(status, InclusionStatus))
        spec.existing = self._find_actor(spec)
        if spec.existing is None and not spec.actor_type:
            error(
                f"{prefix}_{type_column}",
                _(
                    "%(label)s « %(name)s » n'est pas dans l'annuaire (ni par SIRET ni par nom "
                    "et commune) : indiquez son %(what)s pour le créer."
                )
                % {
                    "label": kind.label,
                    "name": spec.name,
                    "what": _("famille") if type_column == "famille" else _("type"),
                },
            )

    def _find_actor(self, spec):
        """The existing actor with this SIRET, else with exactly this name and commune."""
        if spec.key not in self._actors:
            objects = spec.kind.model.objects.filter(locale=self.locale)
            if spec.siret:
                found = objects.filter(siret=spec.siret).order_by("pk").first()
                if found is None:
                    found = (
                        objects.filter(name=spec.name, commune=spec.commune, siret="")
                        .order_by("pk")
                        .first()
                    )
            else:
                found = objects.filter(name=spec.name, commune=spec.commune).order_by("pk").first()
            self._actors[spec.key] = found
        return self._actors[spec.key]

    # Writing

    def _write(self, plans, report):
        try:
            with transaction.atomic():
                created_actors = {}
                taken_slugs = set(
                    FichePage.objects.child_of(self.index).values_list("slug", flat=True)
                )
                for plan in plans:
                    try:
                        page = self._write_plan(plan, created_actors, taken_slugs)
                    except ValidationError as exc:
                        for name, messages in exc.message_dict.items():
                            report.errors.append(
                                RowError(plan.line, FIELD_COLUMNS.get(name, ""), " ".join(messages))
                            )
                        raise ImportAborted from exc
                    (report.updated if plan.existing else report.created).append(page)
                report.actors_created = len(created_actors)
        except ImportAborted:
            report.created, report.updated = [], []
            report.actors_created = 0

    def _actor_for(self, spec, created_actors):
        if spec.existing is not None:
            return spec.existing
        if spec.key in created_actors:
            return created_actors[spec.key]
        model = spec.kind.model
        base = slugify(spec.name)[:180] or spec.kind.prefix
        slug, number = base, 1
        while model.objects.filter(slug=slug, locale=self.locale).exists():
            number += 1
            slug = f"{base}-{number}"
        actor = model(
            name=spec.name,
            slug=slug,
            siret=spec.siret,
            commune=spec.commune,
            locale=self.locale,
            **{spec.kind.type_field: spec.actor_type},
        )
        if model is ESSStructure:
            actor.inclusion_status = spec.status or ""
        actor.save()
        created_actors[spec.key] = actor
        return actor

    def _write_plan(self, plan, created_actors, taken_slugs):
        if plan.existing is not None:
            page = plan.existing.get_latest_revision_as_object()
        else:
            page = FichePage(locale=self.locale, live=False, owner=self.user)
            base = slugify(plan.values["title"])[:70] or "fiche"
            slug, number = base, 1
            while slug in taken_slugs:
                number += 1
                slug = f"{base}-{number}"
            taken_slugs.add(slug)
            page.slug = slug
        for name, value in plan.values.items():
            setattr(page, name, value)
        page.themes = plan.themes
        page.departments = plan.departments
        page.additional_cpvs = number_rows(
            FicheAdditionalCPV(cpv=cpv) for cpv in plan.additional_cpvs
        )
        page.award_criteria = number_rows(
            AwardCriterion(name=name, weight=weight) for name, weight in plan.criteria
        )
        if plan.body or plan.existing is None:
            page.body = plan.body
        for kind in ACTOR_KINDS:
            links = []
            for spec in plan.actors:
                if spec.kind is not kind:
                    continue
                link = kind.link_model(actor=self._actor_for(spec, created_actors))
                if spec.role:
                    link.role = spec.role
                links.append(link)
            setattr(page, kind.relation, number_rows(links))
        if plan.existing is None:
            self.index.add_child(instance=page)
        elif not page.live:
            # A draft that was never published keeps its content on the page row too.
            page.save()
        else:
            page.full_clean()
        page.save_revision(user=self.user, clean=False)
        return page


def default_catalogue():
    """The catalogue of the default locale, where imports go unless told otherwise."""
    from wagtail.models import Locale

    return (
        FicheIndexPage.objects.filter(locale=Locale.get_default()).order_by("path").first()
        or FicheIndexPage.objects.order_by("path").first()
    )


def template_rows():
    """One example row for the downloadable template file."""
    return [
        {
            "reference_externe": "CRESS-BRE-2023-001",
            "titre": "Entretien des espaces verts réservé à un chantier d'insertion",
            "chapo": "Une commune confie l'entretien de ses parcs à un chantier d'insertion.",
            "nature": "services",
            "procedure": "procedure_adaptee",
            "technique": "sans_objet",
            "modalite_execution": "sans_objet",
            "marche_reserve": "oui",
            "article_reserve": "L2113-13",
            "clause_sociale": "non",
            "critere_social": "oui",
            "clause_environnementale": "non",
            "critere_environnemental": "non",
            "heures_insertion": "3 500",
            "cpv_principal": "77310000-6",
            "nombre_lots": "",
            "duree_mois": "36",
            "precision_duree": "1 an reconductible 2 fois",
            "type_montant": "exact",
            "montant": "120 000,00 €",
            "date_notification": "15/03/2023",
            "region": "53",
            "departements": "35",
            "commune": "Rennes",
            "criteres": "Valeur technique: 60 | Prix: 40",
            "description": "L'acheteur souhaitait ouvrir ce marché aux structures de l'ESS.",
            "acheteur_nom": "Ville de Rennes",
            "acheteur_siret": "",
            "acheteur_type": "commune",
            "acheteur_commune": "Rennes",
            "titulaire_nom": "Jardins solidaires | Atelier vert",
            "titulaire_siret": "",
            "titulaire_famille": "association | cooperative",
            "titulaire_statut": "aci | ",
            "titulaire_role": "mandataire | cotraitant_conjoint",
            "titulaire_commune": "Rennes | Vitré",
        }
    ]
