"""The fiche's columns, in the order of the layout: the read-only ones before, the ones the
import reads (and the export writes), the read-only ones after. The layout only grows at the
end of its importable part: a new column goes after the last one."""

from django.utils.translation import gettext_lazy as _

from fiches.choices import (
    AmountKind,
    AmountPeriod,
    CriteriaStatus,
    ExecutionMode,
    Groupement,
    Nature,
    Procedure,
    Technique,
)
from fiches.opendata import values
from fiches.opendata.columns.actors import actor_columns, esus_column
from fiches.opendata.columns.base import ITEM_SEPARATOR, Column, joined


def _field(name, field, parser, help, example="", **kwargs):
    return Column(name, help, field, parser, example=example, **kwargs)


def _date(name):
    def export(row):
        value = getattr(row.fiche, name)
        return value.date() if value else None

    return export


def _rich_text(field):
    return lambda row: values.plain_text(getattr(row.fiche, field))


def reserved_articles_text(rows):
    """« L2113-12 (lot 1) ; L2113-13 »: each article, with its lots in brackets when given."""
    return f" {ITEM_SEPARATOR} ".join(
        f"{row.article} ({row.lots})" if row.lots else row.article for row in rows
    )


def unnamed_members_text(rows):
    """« 3 esat du Rhône ; 6 siae »: each count, kind code and note."""
    return f" {ITEM_SEPARATOR} ".join(
        " ".join(part for part in (str(row.count), row.kind, row.note) if part) for row in rows
    )


def _milestones(row):
    return joined(
        f"{m.kind}: {m.date}" + (f" ({m.note})" if m.note else "")
        for m in row.fiche.milestones.all()
    )


def _criteria(row):
    return joined(
        f"{c.name}: {c.weight.normalize():f}" if c.weight is not None else c.name
        for c in row.fiche.award_criteria.all()
    )


def _indicator_text(indicator):
    value = values.figure_text(
        kind=indicator.kind,
        value=indicator.value,
        value_min=indicator.value_min,
        value_max=indicator.value_max,
        unit=indicator.unit,
    )
    text = f"{indicator.indicator}: {value}"
    details = ", ".join(part for part in (indicator.period, indicator.source) if part)
    return f"{text} ({details})" if details else text


# fmt: off
#: Read-only columns before the importable ones.
LEADING_COLUMNS = [
    Column("id", _("Identifiant de la fiche sur le site."), "id", export=lambda r: r.fiche.pk),
    Column("url", _("Adresse de la fiche."), "url_path",
           export=lambda r: values.full_url(r.fiche, r.request)),
    Column("langue", _("Langue de la fiche (fr, en)."), "locale",
           export=lambda r: r.fiche.locale.language_code),
    Column("date_publication", _("Date de première publication."), "first_published_at",
           export=_date("first_published_at")),
]

#: The columns the import reads (and the export writes), in the order of the template file.
IMPORT_COLUMNS = [
    _field("reference_externe", "external_ref", "text", _(
        "Identifiant unique de la fiche dans votre tableur (ex. CRESS-BRE-2023-04). "
        "Réimporter la même référence met la fiche à jour."
    ), "CRESS-BRE-2023-001", required=True),
    _field("titre", "title", "text", _("Titre de la fiche (255 caractères au plus)."),
           "Entretien des espaces verts réservé à un chantier d'insertion", required=True),
    _field("chapo", "chapo", "text", _("Chapô : deux ou trois phrases (400 caractères au plus)."),
           "Une commune confie l'entretien de ses parcs à un chantier d'insertion.",
           required=True),
    _field("nature", "nature", "choice", _("travaux, fournitures ou services."), "services",
           required=True, choices=Nature),
    _field("procedure", "procedure", "choice", _(
        "procedure_adaptee (MAPA), appel_offres_ouvert, appel_offres_restreint, "
        "procedure_negociee, dialogue_competitif ou sans_publicite (code ou libellé) ; "
        "vide ou « non renseigné » si les sources ne la donnent pas."
    ), "procedure_adaptee", choices=Procedure),
    _field("technique", "technique", "choice",
           _("accord_cadre ou sans_objet ; vide ou « non renseigné » si inconnue."),
           "sans_objet", choices=Technique),
    _field("modalite_execution", "execution_mode", "choice",
           _("bons_de_commande, marches_subsequents, tranches, mixte ou sans_objet ; vide ou "
             "« non renseigné » si inconnue."),
           "sans_objet", choices=ExecutionMode),
    _field("marche_reserve", "reserved", "boolean", _("oui ou non."), "oui"),
    _field("article_reserve", "reserved_articles", "reserved_articles", _(
        "L2113-12, L2113-13, L2113-13-1 ou L2113-15 ; plusieurs séparés par « ; », chacun "
        "suivi s'il y a lieu de ses lots entre parenthèses : « L2113-12 (lot 1) ; L2113-13 »."
    ), "L2113-13", export=lambda r: reserved_articles_text(r.fiche.reserved_articles.all())),
    _field("clause_sociale", "social_clause", "boolean",
           _("oui ou non (clause d'insertion, art. L2112-2)."), "non"),
    _field("critere_social", "social_criterion", "boolean",
           _("oui ou non (critère d'attribution, art. R2152-7)."), "oui"),
    _field("clause_environnementale", "environmental_clause", "boolean", _("oui ou non."), "non"),
    _field("critere_environnemental", "environmental_criterion", "boolean", _("oui ou non."),
           "non"),
    _field("heures_insertion", "insertion_hours", "integer",
           _("Nombre entier d'heures, par exemple 3 500."), "3 500"),
    _field("cpv_principal", "main_cpv", "cpv",
           _("Code CPV, avec ou sans chiffre de contrôle (77310000 ou 77310000-6)."),
           "77310000-6", export=lambda r: r.fiche.main_cpv.code if r.fiche.main_cpv_id else ""),
    _field("cpv_complementaires", "additional_cpvs.cpv", "cpv_list",
           _("Autres codes CPV séparés par « | »."),
           export=lambda r: joined(link.cpv.code for link in r.fiche.additional_cpvs.all())),
    _field("nombre_lots", "lots_count", "integer", _("Nombre de lots du marché.")),
    _field("lot_concerne", "lot_concerned", "text", _("Le lot dont parle la fiche.")),
    _field("duree_mois", "duration_months", "integer",
           _("Durée totale en mois, reconductions comprises."), "36"),
    _field("precision_duree", "duration_note", "text",
           _("Par exemple « 1 an reconductible 3 fois »."), "1 an reconductible 2 fois"),
    _field("type_montant", "amount_kind", "choice",
           _("exact, estime, min_max ou non_renseigne (les sources ne le donnent pas)."),
           "exact", choices=AmountKind, empty_is_unknown=False),
    _field("montant", "amount", "decimal", _(
        "Montant HT en euros, écrit à la française : 1 600 000,00 ou 1 600 000 € HT "
        "(1,6 M€ et 200 k€ acceptés)."
    ), "120 000,00 €"),
    _field("montant_min", "amount_min", "decimal", _("Minimum HT d'un accord-cadre.")),
    _field("montant_max", "amount_max", "decimal", _("Maximum HT d'un accord-cadre.")),
    _field("date_notification", "notification_date", "date",
           _("Date au jour, au mois ou à l'année : 15/03/2023, 03/2023, mars 2023 ou 2023 "
             "(exportée en ISO : 2023-03-15, 2023-03, 2023) ; vide si inconnue."),
           "15/03/2023"),
    _field("region", "region", "region", _("Code INSEE (53) ou nom (Bretagne) de la région."),
           "53", export=lambda r: r.fiche.region_id or ""),
    _field("departements", "departments", "departments",
           _("Codes des départements séparés par « | » (35 | 56)."), "35",
           export=lambda r: joined(d.code for d in r.fiche.departments.all())),
    _field("commune", "commune", "text", _("Commune d'exécution."), "Rennes"),
    _field("identifiant_decp", "decp_id", "text", _("Identifiant du marché dans les DECP.")),
    _field("thematiques", "themes", "themes",
           _("Thématiques existantes (nom ou identifiant) « | »."),
           export=lambda r: joined(theme.slug for theme in r.fiche.themes.all())),
    _field("criteres", "award_criteria", "criteria",
           _("Critères et pondérations en % : « Valeur technique: 60 | Prix: 40 »."),
           "Valeur technique: 60 | Prix: 40", export=_criteria),
    _field("description", "body", "body",
           _("Description du marché (paragraphes séparés par une ligne vide)."),
           "L'acheteur souhaitait ouvrir ce marché aux structures de l'ESS.",
           export=lambda r: values.body_text(r.fiche)),
    *(
        _field(name, field, "rich_text", help, export=_rich_text(field))
        for name, field, help in (
            ("plus_value_acheteur", "added_value_buyer", _("Plus-value pour l'acheteur.")),
            ("plus_value_ess", "added_value_ess", _("Plus-value pour la structure de l'ESS.")),
            ("plus_value_territoire", "added_value_territory",
             _("Plus-value pour le territoire.")),
            ("facteurs_reussite", "success_factors", _("Facteurs de réussite.")),
            ("difficultes", "difficulties", _("Difficultés rencontrées.")),
            ("conseils", "advice", _("Conseils pour reproduire.")),
        )
    ),
    *actor_columns("acheteur", "buyer_links", "buyer_type", "type", (
        _("Nom de l'acheteur public (plusieurs : « | »)."),
        _("SIRET de l'acheteur (14 chiffres)."),
        _("commune, departement, region, epci, etat, hopital…"),
        _("acheteur (par défaut), coordonnateur ou membre_groupement."),
        _("Commune de l'acheteur."),
    )),
    *actor_columns("titulaire", "supplier_links", "family", "famille", (
        _("Nom de la structure de l'ESS (plusieurs : « | »)."),
        _("SIRET de la structure (14 chiffres)."),
        _("association, cooperative, mutuelle, fondation ou entreprise_ess."),
        _("titulaire (par défaut), mandataire, cotraitant_conjoint, cotraitant_solidaire "
          "ou sous_traitant."),
        _("Commune de la structure."),
    )),
    *actor_columns("operateur", "operator_links", "operator_type", "type", (
        _("Nom de l'opérateur ou accompagnateur (« | »)."),
        _("SIRET de l'opérateur."),
        _("facilitateur, cress, reseau_iae_handicap, dreets_ddets, reseau_achats… ; vide ou "
          "« non renseigné » si les sources ne le donnent pas."),
        _("facilitation (par défaut), accompagnement_acheteur…"),
        _("Commune de l'opérateur."),
    )),
    _field("periode_montant", "amount_period", "choice",
           _("total (tout le marché) ou par_an, obligatoire avec un montant."), "total",
           choices=AmountPeriod),
    _field("annees_montant", "amount_years", "integer",
           _("Pour un montant par an : sur combien d'années (facultatif).")),
    *(
        _field(f"{column}_lots", f"{field}_lots", "text",
               _("Lots concernés par ce levier, s'il ne porte pas sur tout le marché."))
        for column, field in (
            ("clause_sociale", "social_clause"),
            ("critere_social", "social_criterion"),
            ("clause_environnementale", "environmental_clause"),
            ("critere_environnemental", "environmental_criterion"),
        )
    ),
    _field("groupement", "groupement", "choice", _(
        "aucun, conjoint, solidaire ou non_renseigne (groupement de forme inconnue) ; vide : "
        "non indiqué. Les structures nommées du groupement sont les titulaires de rôle "
        "mandataire, cotraitant_conjoint ou cotraitant_solidaire."
    ), choices=Groupement, empty_is_unknown=False),
    _field("groupement_mandataire_inconnu", "groupement_lead_unknown", "boolean",
           _("oui si les sources ne disent pas qui est le mandataire du groupement.")),
    _field("groupement_membres_non_nommes", "unnamed_members", "unnamed_members", _(
        "Membres du groupement non nommés, par type, séparés par « ; » : nombre, type (esat, "
        "siae, ea, aci, association… : voir la documentation) et précision facultative, "
        "par exemple « 3 esat du Rhône ; 6 siae »."
    ), export=lambda r: unnamed_members_text(r.fiche.unnamed_members.all())),
    _field("debut_execution", "execution_start", "date",
           _("Début d'exécution, au jour, au mois ou à l'année (comme date_notification)."),
           "09/2023"),
    _field("fin_execution", "execution_end", "date",
           _("Fin d'exécution, au jour, au mois ou à l'année."), "2026"),
    _field("historique", "milestones", "milestones",
           _("Étapes datées « étape: date (précision) », séparées par « | » : "
             "premiere_attribution, renouvellement ou reconduction ; "
             "« premiere_attribution: 2011 | renouvellement: 2015 (pour six ans) »."),
           "premiere_attribution: 2011 | renouvellement: 2015", export=_milestones),
    _field("criteres_statut", "award_criteria_status", "choice",
           _("Sans critère listé dans « criteres » : sans_objet, ou non_renseigne si les "
             "sources ne les donnent pas ; vide si les critères sont listés."),
           choices=CriteriaStatus, empty_is_unknown=False),
    esus_column(),
]

#: Read-only columns after the importable ones (the layout only grows at its end).
TRAILING_COLUMNS = [
    *(
        Column(f"contact_{name}", help, field,
               export=lambda r, name=name: r.contact.get(name, ""))
        for name, help, field in (
            ("nom", _("Contact, s'il est public."), "contact_name"),
            ("fonction", _("Fonction du contact."), "contact_role"),
            ("email", _("E-mail du contact."), "contact_email"),
            ("telephone", _("Téléphone du contact."), "contact_phone"),
        )
    ),
    Column("date_mise_a_jour", _("Date de la dernière publication."), "last_published_at",
           export=_date("last_published_at")),
    Column("auteur", _("La CRESS ou le réseau qui a rédigé la fiche."), "author",
           export=lambda r: r.fiche.public_author.name if r.fiche.public_author else ""),
    Column("image_url", _("Adresse de l'image principale."), "hero_image",
           export=lambda r: r.image.get("url", "")),
    Column("image_texte_alternatif", _("Texte alternatif de l'image principale."),
           "hero_image_alt", export=lambda r: r.image.get("texte_alternatif") or ""),
    Column("image_credit", _("Crédit de l'image principale."), "hero_image.credit",
           export=lambda r: r.image.get("credit") or ""),
    Column("temoignages",
           _("Témoignages de la description : « citation » — qui, fonction (« | »)."),
           "body.testimony",
           export=lambda r: joined(values.testimony_text(t) for t in values.testimonies(r.fiche))),
    Column("chiffres_cles", _("Chiffres clés de la description : valeur unité libellé (« | »)."),
           "body.key_figures",
           export=lambda r: joined(values.key_figure_text(f) for f in values.key_figures(r.fiche))),
    Column("indicateurs",
           _("Indicateurs d'impact : indicateur: valeur unité (période, source) (« | »)."),
           "impact_indicators",
           export=lambda r: joined(_indicator_text(i) for i in r.fiche.impact_indicators.all())),
]
# fmt: on
