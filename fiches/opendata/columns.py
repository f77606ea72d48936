"""The ONE list of spreadsheet columns of the fiche import and export.

Each ``Column`` says what the importer does with it (``parser``, ``required``), what the CSV/XLSX
export writes in it (``export``), which field of the fiche it holds (``field``, a model field or a
``relation.field`` path, for the docs and ``fiches.models.outputs``), what the help text and the
template file say (``help``, ``example``) and where the same value is in the JSON export
(``json``). The import template, the admin import page, the « Données ouvertes » page and the
column table of docs/open-data.md are all built from ``COLUMNS``.

To add a column: add one ``Column`` here (at the end of its group, the layout only grows) and,
when it is importable, handle its ``parser`` in ``fiches.opendata.importer``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from fiches.choices import AmountKind, ExecutionMode, Nature, Procedure, ReservedArticle, Technique
from fiches.opendata import values

LIST_SEPARATOR = "|"
SEPARATOR = f" {LIST_SEPARATOR} "

#: Parsers of the importer, by name (``fiches.opendata.importer.validate``): a scalar read into
#: the model field, or a relation that needs a look-up.
SCALAR_PARSERS = ("text", "rich_text", "boolean", "choice", "integer", "decimal", "date")


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


def joined(items):
    return SEPARATOR.join(str(item or "") for item in items)


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    field: str = ""
    parser: str = ""  # "" : written by the export only, ignored by the import
    required: bool = False
    choices: type | None = None
    example: str = ""
    json: str = ""  # where the same value is in the JSON export (a dotted path)
    export: Callable | None = None  # (FicheRow) -> cell value; None: the field itself

    @property
    def imported(self):
        return bool(self.parser)

    def value(self, row):
        if self.export is not None:
            return self.export(row)
        return getattr(row.fiche, self.field)


def _field(name, help, field, parser, example="", json="", **kwargs):
    return Column(name, help, field, parser, example=example, json=json or name, **kwargs)


def _actor_columns(prefix, relation, type_field, type_column, helps):
    """The six columns of one stakeholder kind; several actors are separated by « | »."""

    def of(attribute, on_link=False):
        def export(row):
            links = row.links(prefix)
            return joined(getattr(link if on_link else link.actor, attribute) for link in links)

        return export

    who, siret_help, type_help, role_help, commune_help = helps
    columns = [
        Column(f"{prefix}_nom", who, f"{relation}.actor.name", "actor", export=of("name")),
        Column(
            f"{prefix}_siret",
            siret_help,
            f"{relation}.actor.siret",
            "actor",
            export=of("siret"),
        ),
        Column(
            f"{prefix}_{type_column}",
            type_help,
            f"{relation}.actor.{type_field}",
            "actor",
            export=of(type_field),
        ),
    ]
    if prefix == "titulaire":
        columns.append(
            Column(
                "titulaire_statut",
                _("aci, ei, etti, ai, eiti, geiq, ea, eatt ou esat."),
                f"{relation}.actor.inclusion_status",
                "actor",
                export=of("inclusion_status"),
            )
        )
    columns += [
        Column(f"{prefix}_role", role_help, f"{relation}.role", "actor", export=of("role", True)),
        Column(
            f"{prefix}_commune",
            commune_help,
            f"{relation}.actor.commune",
            "actor",
            export=of("commune"),
        ),
    ]
    return columns


def _first_published(row):
    published = row.fiche.first_published_at
    return published.date() if published else None


def _last_published(row):
    published = row.fiche.last_published_at
    return published.date() if published else None


#: Read-only columns before the importable ones.
LEADING_COLUMNS = [
    Column("id", _("Identifiant de la fiche sur le site."), "id", export=lambda r: r.fiche.pk),
    Column(
        "url",
        _("Adresse de la fiche."),
        "url_path",
        export=lambda r: values.full_url(r.fiche, r.request),
    ),
    Column(
        "langue",
        _("Langue de la fiche (fr, en)."),
        "locale",
        export=lambda r: r.fiche.locale.language_code,
    ),
    Column(
        "date_publication",
        _("Date de première publication."),
        "first_published_at",
        export=_first_published,
    ),
]

#: The columns the import reads (and the export writes), in the order of the template file.
IMPORT_COLUMNS = [
    _field(
        "reference_externe",
        _(
            "Identifiant unique de la fiche dans votre tableur (ex. CRESS-BRE-2023-04). "
            "Réimporter la même référence met la fiche à jour."
        ),
        "external_ref",
        "text",
        "CRESS-BRE-2023-001",
        required=True,
    ),
    _field(
        "titre",
        _("Titre de la fiche (255 caractères au plus)."),
        "title",
        "text",
        "Entretien des espaces verts réservé à un chantier d'insertion",
        required=True,
    ),
    _field(
        "chapo",
        _("Chapô : deux ou trois phrases (400 caractères au plus)."),
        "chapo",
        "text",
        "Une commune confie l'entretien de ses parcs à un chantier d'insertion.",
        required=True,
    ),
    _field(
        "nature",
        _("travaux, fournitures ou services."),
        "nature",
        "choice",
        "services",
        "nature.code",
        required=True,
        choices=Nature,
    ),
    _field(
        "procedure",
        _(
            "procedure_adaptee (MAPA), appel_offres_ouvert, appel_offres_restreint, "
            "procedure_negociee, dialogue_competitif ou sans_publicite (code ou libellé)."
        ),
        "procedure",
        "choice",
        "procedure_adaptee",
        "procedure.code",
        required=True,
        choices=Procedure,
    ),
    _field(
        "technique",
        _("accord_cadre ou sans_objet (par défaut)."),
        "technique",
        "choice",
        "sans_objet",
        "technique.code",
        choices=Technique,
    ),
    _field(
        "modalite_execution",
        _("bons_de_commande, marches_subsequents, tranches, mixte ou sans_objet."),
        "execution_mode",
        "choice",
        "sans_objet",
        "modalite_execution.code",
        choices=ExecutionMode,
    ),
    _field("marche_reserve", _("oui ou non."), "reserved", "boolean", "oui", "leviers"),
    _field(
        "article_reserve",
        _("L2113-12, L2113-13, L2113-13-1 ou L2113-15."),
        "reserved_article",
        "choice",
        "L2113-13",
        "leviers.article",
        choices=ReservedArticle,
    ),
    _field(
        "clause_sociale",
        _("oui ou non (clause d'insertion, art. L2112-2)."),
        "social_clause",
        "boolean",
        "non",
        "leviers",
    ),
    _field(
        "critere_social",
        _("oui ou non (critère d'attribution, art. R2152-7)."),
        "social_criterion",
        "boolean",
        "oui",
        "leviers",
    ),
    _field(
        "clause_environnementale",
        _("oui ou non."),
        "environmental_clause",
        "boolean",
        "non",
        "leviers",
    ),
    _field(
        "critere_environnemental",
        _("oui ou non."),
        "environmental_criterion",
        "boolean",
        "non",
        "leviers",
    ),
    _field(
        "heures_insertion",
        _("Nombre entier d'heures, par exemple 3 500."),
        "insertion_hours",
        "integer",
        "3 500",
    ),
    Column(
        "cpv_principal",
        _("Code CPV, avec ou sans chiffre de contrôle (77310000 ou 77310000-6)."),
        "main_cpv",
        "cpv",
        example="77310000-6",
        json="cpv_principal.code",
        export=lambda r: r.fiche.main_cpv.code if r.fiche.main_cpv_id else "",
    ),
    Column(
        "cpv_complementaires",
        _("Autres codes CPV séparés par « | »."),
        "additional_cpvs.cpv",
        "cpv_list",
        json="cpv_complementaires.code",
        export=lambda r: joined(link.cpv.code for link in r.fiche.additional_cpvs.all()),
    ),
    _field("nombre_lots", _("Nombre de lots du marché."), "lots_count", "integer"),
    _field("lot_concerne", _("Le lot dont parle la fiche."), "lot_concerned", "text"),
    _field(
        "duree_mois",
        _("Durée totale en mois, reconductions comprises."),
        "duration_months",
        "integer",
        "36",
    ),
    _field(
        "precision_duree",
        _("Par exemple « 1 an reconductible 3 fois »."),
        "duration_note",
        "text",
        "1 an reconductible 2 fois",
    ),
    _field(
        "type_montant",
        _("exact, estime ou min_max."),
        "amount_kind",
        "choice",
        "exact",
        "montant.type",
        choices=AmountKind,
    ),
    _field(
        "montant",
        _("Montant HT en euros, par exemple 12 500,50 €."),
        "amount",
        "decimal",
        "120 000,00 €",
        "montant.montant",
    ),
    _field(
        "montant_min",
        _("Minimum HT d'un accord-cadre."),
        "amount_min",
        "decimal",
        json="montant.minimum",
    ),
    _field(
        "montant_max",
        _("Maximum HT d'un accord-cadre."),
        "amount_max",
        "decimal",
        json="montant.maximum",
    ),
    _field(
        "date_notification",
        _("Date jj/mm/aaaa, par exemple 15/03/2023."),
        "notification_date",
        "date",
        "15/03/2023",
    ),
    Column(
        "region",
        _("Code INSEE (53) ou nom (Bretagne) de la région."),
        "region",
        "region",
        example="53",
        json="lieu_execution.region.code",
        export=lambda r: r.fiche.region_id or "",
    ),
    Column(
        "departements",
        _("Codes des départements séparés par « | » (35 | 56)."),
        "departments",
        "departments",
        example="35",
        json="lieu_execution.departements.code",
        export=lambda r: joined(d.code for d in r.fiche.departments.all()),
    ),
    _field(
        "commune",
        _("Commune d'exécution."),
        "commune",
        "text",
        "Rennes",
        "lieu_execution.commune",
    ),
    _field("identifiant_decp", _("Identifiant du marché dans les DECP."), "decp_id", "text"),
    Column(
        "thematiques",
        _("Thématiques existantes (nom ou identifiant) « | »."),
        "themes",
        "themes",
        json="thematiques.slug",
        export=lambda r: joined(theme.slug for theme in r.fiche.themes.all()),
    ),
    Column(
        "criteres",
        _("Critères et pondérations en % : « Valeur technique: 60 | Prix: 40 »."),
        "award_criteria",
        "criteria",
        example="Valeur technique: 60 | Prix: 40",
        json="criteres",
        export=lambda r: joined(
            f"{c.name}: {c.weight.normalize():f}" if c.weight is not None else c.name
            for c in r.fiche.award_criteria.all()
        ),
    ),
    Column(
        "description",
        _("Description du marché (paragraphes séparés par une ligne vide)."),
        "body",
        "body",
        example="L'acheteur souhaitait ouvrir ce marché aux structures de l'ESS.",
        json="description",
        export=lambda r: values.body_text(r.fiche),
    ),
    *(
        _field(
            name,
            help,
            field,
            "rich_text",
            json=json,
            export=lambda r, field=field: values.plain_text(getattr(r.fiche, field)),
        )
        for name, help, field, json in (
            ("plus_value_acheteur", _("Plus-value pour l'acheteur."), "added_value_buyer",
             "plus_value.acheteur"),
            ("plus_value_ess", _("Plus-value pour la structure de l'ESS."), "added_value_ess",
             "plus_value.structure_ess"),
            ("plus_value_territoire", _("Plus-value pour le territoire."),
             "added_value_territory", "plus_value.territoire"),
            ("facteurs_reussite", _("Facteurs de réussite."), "success_factors",
             "enseignements.facteurs_reussite"),
            ("difficultes", _("Difficultés rencontrées."), "difficulties",
             "enseignements.difficultes"),
            ("conseils", _("Conseils pour reproduire."), "advice", "enseignements.conseils"),
        )  # fmt: skip
    ),
    *_actor_columns(
        "acheteur",
        "buyer_links",
        "buyer_type",
        "type",
        (
            _("Nom de l'acheteur public (plusieurs : « | »)."),
            _("SIRET de l'acheteur (14 chiffres)."),
            _("commune, departement, region, epci, etat, hopital…"),
            _("acheteur (par défaut), coordonnateur ou membre_groupement."),
            _("Commune de l'acheteur."),
        ),
    ),
    *_actor_columns(
        "titulaire",
        "supplier_links",
        "family",
        "famille",
        (
            _("Nom de la structure de l'ESS (plusieurs : « | »)."),
            _("SIRET de la structure (14 chiffres)."),
            _("association, cooperative, mutuelle, fondation ou entreprise_ess."),
            _(
                "titulaire (par défaut), mandataire, cotraitant_conjoint, cotraitant_solidaire "
                "ou sous_traitant."
            ),
            _("Commune de la structure."),
        ),
    ),
    *_actor_columns(
        "operateur",
        "operator_links",
        "operator_type",
        "type",
        (
            _("Nom de l'opérateur ou accompagnateur (« | »)."),
            _("SIRET de l'opérateur."),
            _("facilitateur, cress, reseau_iae_handicap, dreets_ddets, reseau_achats…"),
            _("facilitation (par défaut), accompagnement_acheteur…"),
            _("Commune de l'opérateur."),
        ),
    ),
]

#: Read-only columns after the importable ones (the layout only grows at its end).
TRAILING_COLUMNS = [
    *(
        Column(
            f"contact_{name}",
            help,
            field,
            json=f"contact.{name}",
            export=lambda r, name=name: r.contact.get(name, ""),
        )
        for name, help, field in (
            ("nom", _("Contact, s'il est public."), "contact_name"),
            ("fonction", _("Fonction du contact."), "contact_role"),
            ("email", _("E-mail du contact."), "contact_email"),
            ("telephone", _("Téléphone du contact."), "contact_phone"),
        )
    ),
    Column(
        "date_mise_a_jour",
        _("Date de la dernière publication."),
        "last_published_at",
        export=_last_published,
    ),
    Column(
        "auteur",
        _("La CRESS ou le réseau qui a rédigé la fiche."),
        "author",
        json="auteur.nom",
        export=lambda r: r.fiche.author.name if r.fiche.author_id else "",
    ),
    Column(
        "image_url",
        _("Adresse de l'image principale."),
        "hero_image",
        json="image.url",
        export=lambda r: r.image.get("url", ""),
    ),
    Column(
        "image_texte_alternatif",
        _("Texte alternatif de l'image principale."),
        "hero_image_alt",
        json="image.texte_alternatif",
        export=lambda r: r.image.get("texte_alternatif") or "",
    ),
    Column(
        "image_credit",
        _("Crédit de l'image principale."),
        "hero_image.credit",
        json="image.credit",
        export=lambda r: r.image.get("credit") or "",
    ),
    Column(
        "temoignages",
        _("Témoignages de la description : « citation » — qui, fonction (« | »)."),
        "body.testimony",
        json="temoignages",
        export=lambda r: joined(values.testimony_text(t) for t in values.testimonies(r.fiche)),
    ),
    Column(
        "chiffres_cles",
        _("Chiffres clés de la description : valeur unité libellé (« | »)."),
        "body.key_figures",
        json="chiffres_cles",
        export=lambda r: joined(values.key_figure_text(f) for f in values.key_figures(r.fiche)),
    ),
    Column(
        "indicateurs",
        _("Indicateurs d'impact : indicateur: valeur unité (période, source) (« | »)."),
        "impact_indicators",
        json="indicateurs",
        export=lambda r: joined(_indicator_text(i) for i in r.fiche.impact_indicators.all()),
    ),
]


def _indicator_text(indicator):
    value = f"{values.number(indicator.value)}"
    text = f"{indicator.indicator}: {' '.join(p for p in (value, indicator.unit) if p)}"
    details = ", ".join(part for part in (indicator.period, indicator.source) if part)
    return f"{text} ({details})" if details else text


COLUMNS = IMPORT_COLUMNS
COLUMN_NAMES = [column.name for column in IMPORT_COLUMNS]
REQUIRED_COLUMNS = [column.name for column in IMPORT_COLUMNS if column.required]
EXPORT_COLUMNS = [*LEADING_COLUMNS, *IMPORT_COLUMNS, *TRAILING_COLUMNS]
EXPORT_COLUMN_NAMES = [column.name for column in EXPORT_COLUMNS]
BY_NAME = {column.name: column for column in EXPORT_COLUMNS}
#: Model field → import column, to put each rule's message on the column to fix.
FIELD_COLUMNS = {
    column.field: column.name
    for column in IMPORT_COLUMNS
    if column.parser and "." not in column.field
}


def template_rows():
    """The example row of the downloadable template file (from each column's ``example``)."""
    row = {column.name: column.example for column in IMPORT_COLUMNS if column.example}
    row.update(
        {
            "acheteur_nom": "Ville de Rennes",
            "acheteur_type": "commune",
            "acheteur_commune": "Rennes",
            "titulaire_nom": "Jardins solidaires | Atelier vert",
            "titulaire_famille": "association | cooperative",
            "titulaire_statut": "aci | ",
            "titulaire_role": "mandataire | cotraitant_conjoint",
            "titulaire_commune": "Rennes | Vitré",
        }
    )
    return [row]
