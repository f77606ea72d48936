"""Open-data exports of the published catalogue: CSV, XLSX and JSON with a stable layout, DECP v2
(données essentielles de la commande publique) and OCDS 1.1 release packages.

Exporters only shape what ``fiches.selectors.export_fiches`` loaded; they never query, and they
never output a contact that is not marked public. The layouts are documented in
``docs/open-data.md``: change them only by adding fields.
"""

import calendar
import html
import re
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import strip_tags

from fiches import importers, spreadsheets
from fiches.choices import (
    ExecutionMode,
    Nature,
    Procedure,
    ReservedArticle,
    SupplierRole,
    Technique,
)

JSON_FORMAT_VERSION = "1.0"
LEADING_COLUMNS = ["id", "url", "langue", "date_publication"]
CONTACT_COLUMNS = ["contact_nom", "contact_fonction", "contact_email", "contact_telephone"]
EXPORT_COLUMNS = [*LEADING_COLUMNS, *importers.COLUMN_NAMES, *CONTACT_COLUMNS]
SEPARATOR = " | "

OCDS_EXTENSIONS = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_submissionTerms_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_awardCriteria_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_otherRequirements_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_sustainability_extension/master/extension.json",
]  # fmt: skip
OCDS_CATEGORIES = {Nature.WORKS: "works", Nature.SUPPLIES: "goods", Nature.SERVICES: "services"}
# The adapted procedure (MAPA) is advertised to every interested supplier; negotiated procedures
# and competitive dialogue invite selected candidates; the French name stays in the details.
OCDS_METHODS = {
    Procedure.ADAPTED: "open",
    Procedure.OPEN: "open",
    Procedure.RESTRICTED: "selective",
    Procedure.NEGOTIATED: "selective",
    Procedure.DIALOGUE: "selective",
    Procedure.NO_PUBLICITY: "limited",
}
# The otherRequirements codelist follows the EU directive: art. 20 (sheltered workshops and the
# integration of disabled or disadvantaged persons: L2113-12, L2113-13 and, for detained persons,
# L2113-13-1) and art. 77 (organisations with a public-service mission: L2113-15).
RESERVED_PARTICIPATION = {
    ReservedArticle.DISABILITY: "shelteredWorkshop",
    ReservedArticle.INSERTION: "shelteredWorkshop",
    ReservedArticle.PRISONS: "shelteredWorkshop",
    ReservedArticle.ESS: "publicServiceMissionOrganization",
}
DECP_PROCEDURES = {
    Procedure.ADAPTED: "Procédure adaptée",
    Procedure.OPEN: "Appel d'offres ouvert",
    Procedure.RESTRICTED: "Appel d'offres restreint",
    Procedure.NEGOTIATED: "Procédure avec négociation",
    Procedure.DIALOGUE: "Dialogue compétitif",
    Procedure.NO_PUBLICITY: "Marché passé sans publicité ni mise en concurrence préalable",
}
DECP_TECHNIQUES = {Technique.FRAMEWORK: "Accord-cadre", Technique.NONE: "Sans objet"}
DECP_EXECUTION = {
    ExecutionMode.PURCHASE_ORDERS: ["Bons de commande"],
    ExecutionMode.SUBSEQUENT: ["Marchés subséquents"],
    ExecutionMode.TRANCHES: ["Tranches"],
    ExecutionMode.MIXED: ["Bons de commande", "Marchés subséquents"],
    ExecutionMode.NONE: ["Sans objet"],
}
# Values the DECP format requires but a fiche does not record: the most neutral value the
# schema allows, documented in docs/open-data.md (the DECP id links to the official record).
DECP_DEFAULTS = {
    "nature": "Marché",
    "marcheInnovant": False,
    "ccag": "Pas de CCAG",
    "offresRecues": 1,
    "attributionAvance": False,
    "typesPrix": {"typePrix": ["Définitif ferme"]},
    "formePrix": "Forfaitaire",
}
DECP_ID_MAX_LENGTH = 16


def licence():
    """The licence of the open data, from the ``OPEN_DATA_LICENCE*`` settings."""
    return {
        "name": getattr(settings, "OPEN_DATA_LICENCE", "Licence Ouverte 2.0"),
        "url": getattr(
            settings,
            "OPEN_DATA_LICENCE_URL",
            "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        ),
    }


def _text(rich_text):
    """Plain text from rich text: paragraphs separated by a blank line, entities decoded."""
    text = re.sub(r"</(p|h[1-6]|li)>", "\n\n", rich_text or "")
    text = re.sub(r"<br\s*/?>", "\n", text)
    return html.unescape(strip_tags(text)).strip().replace("\n\n\n", "\n\n")


def _body_text(fiche):
    # The raw JSON, not the blocks: converting the body would load its images and documents, one
    # query per fiche, for text only.
    parts = []
    for block in fiche.body.raw_data:
        if block["type"] == "paragraph":
            parts.append(_text(block["value"]))
        elif block["type"] == "heading":
            parts.append(block["value"]["text"])
    return "\n\n".join(part for part in parts if part)


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _url(fiche, request):
    return fiche.get_full_url(request=request) or ""


def _contact(fiche):
    if not fiche.contact_is_public:
        return None
    return {
        "nom": fiche.contact_name,
        "fonction": fiche.contact_role,
        "email": fiche.contact_email,
        "telephone": fiche.contact_phone,
    }


# CSV and XLSX: one row per fiche, the import layout plus a few read-only columns.


def fiche_row(fiche, *, request=None):
    """The flat row of one fiche, with the columns of ``EXPORT_COLUMNS``."""
    buyers = list(fiche.buyer_links.all())
    suppliers = list(fiche.supplier_links.all())
    operators = list(fiche.operator_links.all())
    contact = _contact(fiche) or {}

    def joined(values):
        return SEPARATOR.join(str(value or "") for value in values)

    return {
        "id": fiche.pk,
        "url": _url(fiche, request),
        "langue": fiche.locale.language_code,
        "date_publication": fiche.first_published_at.date() if fiche.first_published_at else None,
        "reference_externe": fiche.external_ref,
        "titre": fiche.title,
        "chapo": fiche.chapo,
        "nature": fiche.nature,
        "procedure": fiche.procedure,
        "technique": fiche.technique,
        "modalite_execution": fiche.execution_mode,
        "marche_reserve": fiche.reserved,
        "article_reserve": fiche.reserved_article,
        "clause_sociale": fiche.social_clause,
        "critere_social": fiche.social_criterion,
        "clause_environnementale": fiche.environmental_clause,
        "critere_environnemental": fiche.environmental_criterion,
        "heures_insertion": fiche.insertion_hours,
        "cpv_principal": fiche.main_cpv.code if fiche.main_cpv_id else "",
        "cpv_complementaires": joined(link.cpv.code for link in fiche.additional_cpvs.all()),
        "nombre_lots": fiche.lots_count,
        "lot_concerne": fiche.lot_concerned,
        "duree_mois": fiche.duration_months,
        "precision_duree": fiche.duration_note,
        "type_montant": fiche.amount_kind,
        "montant": fiche.amount,
        "montant_min": fiche.amount_min,
        "montant_max": fiche.amount_max,
        "date_notification": fiche.notification_date,
        "region": fiche.region_id or "",
        "departements": joined(d.code for d in fiche.departments.all()),
        "commune": fiche.commune,
        "identifiant_decp": fiche.decp_id,
        "thematiques": joined(theme.slug for theme in fiche.themes.all()),
        "criteres": joined(
            f"{c.name}: {c.weight.normalize():f}" if c.weight is not None else c.name
            for c in fiche.award_criteria.all()
        ),
        "description": _body_text(fiche),
        "plus_value_acheteur": _text(fiche.added_value_buyer),
        "plus_value_ess": _text(fiche.added_value_ess),
        "plus_value_territoire": _text(fiche.added_value_territory),
        "facteurs_reussite": _text(fiche.success_factors),
        "difficultes": _text(fiche.difficulties),
        "conseils": _text(fiche.advice),
        "acheteur_nom": joined(link.actor.name for link in buyers),
        "acheteur_siret": joined(link.actor.siret for link in buyers),
        "acheteur_type": joined(link.actor.buyer_type for link in buyers),
        "acheteur_role": joined(link.role for link in buyers),
        "acheteur_commune": joined(link.actor.commune for link in buyers),
        "titulaire_nom": joined(link.actor.name for link in suppliers),
        "titulaire_siret": joined(link.actor.siret for link in suppliers),
        "titulaire_famille": joined(link.actor.family for link in suppliers),
        "titulaire_statut": joined(link.actor.inclusion_status for link in suppliers),
        "titulaire_role": joined(link.role for link in suppliers),
        "titulaire_commune": joined(link.actor.commune for link in suppliers),
        "operateur_nom": joined(link.actor.name for link in operators),
        "operateur_siret": joined(link.actor.siret for link in operators),
        "operateur_type": joined(link.actor.operator_type for link in operators),
        "operateur_role": joined(link.role for link in operators),
        "operateur_commune": joined(link.actor.commune for link in operators),
        "contact_nom": contact.get("nom", ""),
        "contact_fonction": contact.get("fonction", ""),
        "contact_email": contact.get("email", ""),
        "contact_telephone": contact.get("telephone", ""),
    }


def catalogue_csv(fiches, *, request=None):
    """The catalogue as UTF-8 CSV bytes (comma-separated, one row per fiche)."""
    return spreadsheets.write_csv(EXPORT_COLUMNS, (fiche_row(f, request=request) for f in fiches))


def catalogue_xlsx(fiches, *, request=None):
    """The catalogue as an XLSX workbook (same columns as the CSV)."""
    return spreadsheets.write_xlsx(
        EXPORT_COLUMNS, (fiche_row(f, request=request) for f in fiches), title="fiches"
    )


def template_csv():
    """The import template: the columns and one example row."""
    return spreadsheets.write_csv(importers.COLUMN_NAMES, importers.template_rows())


def template_xlsx():
    """The import template as XLSX, each header commented with what the column takes."""
    with translation.override("fr"):
        comments = {column.name: str(column.help) for column in importers.COLUMNS}
        return spreadsheets.write_xlsx(
            importers.COLUMN_NAMES, importers.template_rows(), title="fiches", comments=comments
        )


# JSON: one object per fiche, nested, with codes and their French labels.


def _coded(value, choices):
    if not value:
        return None
    return {"code": value, "libelle": str(choices(value).label)}


def _actor(link, extra):
    actor = link.actor
    return {
        "nom": actor.name,
        "siret": actor.siret or None,
        "commune": actor.commune or None,
        "role": link.role,
        "presentation": link.presentation or None,
        **extra(actor),
    }


def fiche_json(fiche, *, request=None):
    """The JSON object of one fiche (layout ``JSON_FORMAT_VERSION``, see docs/open-data.md)."""
    with translation.override(fiche.locale.language_code):
        return {
            "id": fiche.pk,
            "url": _url(fiche, request),
            "langue": fiche.locale.language_code,
            "reference_externe": fiche.external_ref or None,
            "titre": fiche.title,
            "chapo": fiche.chapo,
            "date_publication": fiche.first_published_at.isoformat()
            if fiche.first_published_at
            else None,
            "date_mise_a_jour": fiche.last_published_at.isoformat()
            if fiche.last_published_at
            else None,
            "nature": _coded(fiche.nature, Nature),
            "procedure": _coded(fiche.procedure, Procedure),
            "technique": _coded(fiche.technique, Technique),
            "modalite_execution": _coded(fiche.execution_mode, ExecutionMode),
            "leviers": [
                {"code": code, "libelle": str(label), "article": article or None}
                for code, label, article in fiche.levers
            ],
            "heures_insertion": fiche.insertion_hours,
            "cpv_principal": {"code": fiche.main_cpv.code, "libelle": fiche.main_cpv.label}
            if fiche.main_cpv_id
            else None,
            "cpv_complementaires": [
                {"code": link.cpv.code, "libelle": link.cpv.label}
                for link in fiche.additional_cpvs.all()
            ],
            "nombre_lots": fiche.lots_count,
            "lot_concerne": fiche.lot_concerned or None,
            "duree_mois": fiche.duration_months,
            "precision_duree": fiche.duration_note or None,
            "montant": {
                "type": fiche.amount_kind,
                "montant": _number(fiche.amount),
                "minimum": _number(fiche.amount_min),
                "maximum": _number(fiche.amount_max),
                "devise": "EUR",
            }
            if fiche.amount_kind
            else None,
            "date_notification": fiche.notification_date.isoformat()
            if fiche.notification_date
            else None,
            "lieu_execution": {
                "region": {"code": fiche.region.code, "nom": fiche.region.name}
                if fiche.region_id
                else None,
                "departements": [{"code": d.code, "nom": d.name} for d in fiche.departments.all()],
                "commune": fiche.commune or None,
            },
            "identifiant_decp": fiche.decp_id or None,
            "thematiques": [{"slug": t.slug, "nom": t.name} for t in fiche.themes.all()],
            "criteres": [
                {"nom": c.name, "ponderation": _number(c.weight)}
                for c in fiche.award_criteria.all()
            ],
            "acheteurs": [
                _actor(link, lambda a: {"type": a.buyer_type}) for link in fiche.buyer_links.all()
            ],
            "titulaires": [
                _actor(
                    link,
                    lambda a: {
                        "famille": a.family,
                        "statut": a.inclusion_status or None,
                        "esus": a.esus,
                    },
                )
                for link in fiche.supplier_links.all()
            ],
            "operateurs": [
                _actor(link, lambda a: {"type": a.operator_type})
                for link in fiche.operator_links.all()
            ],
            "indicateurs": [
                {
                    "indicateur": i.indicator,
                    "valeur": _number(i.value),
                    "unite": i.unit or None,
                    "periode": i.period or None,
                    "source": i.source or None,
                }
                for i in fiche.impact_indicators.all()
            ],
            "plus_value": {
                "acheteur": _text(fiche.added_value_buyer) or None,
                "structure_ess": _text(fiche.added_value_ess) or None,
                "territoire": _text(fiche.added_value_territory) or None,
            },
            "enseignements": {
                "facteurs_reussite": _text(fiche.success_factors) or None,
                "difficultes": _text(fiche.difficulties) or None,
                "conseils": _text(fiche.advice) or None,
            },
            "description": _body_text(fiche) or None,
            "contact": _contact(fiche),
        }


def catalogue_json(fiches, *, request=None, filters=None):
    """The catalogue as a JSON document: metadata, then ``fiches``."""
    items = [fiche_json(fiche, request=request) for fiche in fiches]
    return {
        "format": "fiches-rex",
        "version": JSON_FORMAT_VERSION,
        "date_generation": timezone.now().isoformat(),
        "licence": licence(),
        "filtres": filters or {},
        "nombre": len(items),
        "fiches": items,
    }


# DECP v2.0.3


def decp_missing(fiche):
    """Why this fiche cannot be a DECP record (empty when it can), in French."""
    reasons = []
    if not _decp_buyer(fiche):
        reasons.append("aucun acheteur avec un SIRET")
    if not _decp_holders(fiche):
        reasons.append("aucun titulaire avec un SIRET")
    if not fiche.main_cpv_id:
        reasons.append("pas de code CPV principal")
    if not fiche.notification_date:
        reasons.append("pas de date de notification")
    if not fiche.duration_months:
        reasons.append("pas de durée en mois")
    if _decp_amount(fiche) is None:
        reasons.append("pas de montant d'au moins 1 €")
    if _decp_place(fiche) is None:
        reasons.append("pas de région ni de département d'exécution")
    return reasons


def _decp_buyer(fiche):
    return next((link.actor.siret for link in fiche.buyer_links.all() if link.actor.siret), "")


def _decp_holders(fiche):
    return [
        link.actor.siret
        for link in fiche.supplier_links.all()
        if link.actor.siret and link.role != SupplierRole.SUBCONTRACTOR
    ]


def _decp_amount(fiche):
    amount = fiche.amount_max if fiche.amount_kind == "min_max" else fiche.amount
    return _number(amount) if amount is not None and amount >= 1 else None


def _decp_place(fiche):
    departments = list(fiche.departments.all())
    if len(departments) == 1:
        return {"code": departments[0].code, "typeCode": "Code département"}
    if fiche.region_id:
        return {"code": fiche.region_id, "typeCode": "Code région"}
    if departments:
        return {"code": departments[0].code, "typeCode": "Code département"}
    return None


def _decp_id(fiche):
    if fiche.decp_id and len(fiche.decp_id) <= DECP_ID_MAX_LENGTH:
        return fiche.decp_id
    return f"REX{fiche.pk:013d}"


def decp_marche(fiche):
    """The DECP v2 ``marche`` of one fiche, or ``None`` when ``decp_missing`` has reasons."""
    if decp_missing(fiche):
        return None
    roles = {link.role for link in fiche.supplier_links.all()}
    if SupplierRole.SEVERAL_MEMBER in roles:
        grouping = "Solidaire"
    elif SupplierRole.JOINT_MEMBER in roles or SupplierRole.LEAD in roles:
        grouping = "Conjoint"
    else:
        grouping = "Pas de groupement"
    social = [
        label
        for flag, label in (
            (fiche.social_clause, "Clause sociale"),
            (fiche.social_criterion, "Critère social"),
            (fiche.reserved, "Marché réservé"),
        )
        if flag
    ] or ["Pas de considération sociale"]
    environmental = [
        label
        for flag, label in (
            (fiche.environmental_clause, "Clause environnementale"),
            (fiche.environmental_criterion, "Critère environnemental"),
        )
        if flag
    ] or ["Pas de considération environnementale"]
    published = fiche.first_published_at or timezone.now()
    return {
        "id": _decp_id(fiche),
        "acheteur": {"id": _decp_buyer(fiche)},
        "nature": DECP_DEFAULTS["nature"],
        "objet": fiche.title[:1000],
        "codeCPV": fiche.main_cpv.digits,
        "techniques": {"technique": [DECP_TECHNIQUES.get(fiche.technique, "Sans objet")]},
        "modalitesExecution": {
            "modaliteExecution": DECP_EXECUTION.get(fiche.execution_mode, ["Sans objet"])
        },
        "marcheInnovant": DECP_DEFAULTS["marcheInnovant"],
        "ccag": DECP_DEFAULTS["ccag"],
        "offresRecues": DECP_DEFAULTS["offresRecues"],
        "attributionAvance": DECP_DEFAULTS["attributionAvance"],
        "typeGroupementOperateurs": grouping,
        "procedure": DECP_PROCEDURES[fiche.procedure],
        "lieuExecution": _decp_place(fiche),
        "dureeMois": fiche.duration_months,
        "dateNotification": fiche.notification_date.isoformat(),
        "datePublicationDonnees": published.date().isoformat(),
        "montant": _decp_amount(fiche),
        "typesPrix": DECP_DEFAULTS["typesPrix"],
        "formePrix": DECP_DEFAULTS["formePrix"],
        "sousTraitanceDeclaree": SupplierRole.SUBCONTRACTOR in roles,
        "titulaires": [
            {"titulaire": {"typeIdentifiant": "SIRET", "id": siret}}
            for siret in dict.fromkeys(_decp_holders(fiche))
        ],
        "considerationsSociales": {"considerationSociale": social},
        "considerationsEnvironnementales": {"considerationEnvironnementale": environmental},
    }


def decp_document(fiches):
    """``({"marches": {"marche": [...]}}, omitted)``: the DECP records of the fiches that have
    the required data, and ``(fiche, reasons)`` for the others."""
    records, omitted = [], []
    for fiche in fiches:
        record = decp_marche(fiche)
        if record is None:
            omitted.append((fiche, decp_missing(fiche)))
        else:
            records.append(record)
    return {"marches": {"marche": records}}, omitted


# OCDS 1.1 with the lots, awardCriteria, otherRequirements and sustainability extensions


def ocid(fiche):
    prefix = getattr(settings, "OCDS_OCID_PREFIX", "ocds-fichesrex")
    return f"{prefix}-{fiche.pk}"


def _party_id(actor, kind):
    return f"FR-SIRET-{actor.siret}" if actor.siret else f"fiches-rex-{kind}-{actor.pk}"


def _party(actor, kind, roles):
    party = {"id": _party_id(actor, kind), "name": actor.name, "roles": roles}
    if actor.siret:
        party["identifier"] = {"scheme": "FR-SIRET", "id": actor.siret, "legalName": actor.name}
    address = {"countryName": "France"}
    if actor.commune:
        address["locality"] = actor.commune
    party["address"] = address
    return party


def _datetime(day):
    return f"{day.isoformat()}T00:00:00Z"


def _add_months(day, months):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _criterion_type(name):
    word = name.lower()
    if "prix" in word or "price" in word:
        return "price"
    if "coût" in word or "cout" in word or "cost" in word:
        return "cost"
    return "quality"


def _sustainability(fiche):
    goals = {}
    social = "social.disadvantagedEmploymentOpportunities"
    for flag, goal, strategy, label in (
        (fiche.reserved, social, "reservedParticipation", "Marché réservé"),
        (fiche.social_clause, social, "contractPerformanceConditions", "Clause sociale"),
        (fiche.social_criterion, social, "awardCriteria", "Critère social d'attribution"),
        (
            fiche.environmental_clause,
            "environmental",
            "contractPerformanceConditions",
            "Clause environnementale",
        ),
        (
            fiche.environmental_criterion,
            "environmental",
            "awardCriteria",
            "Critère environnemental",
        ),
    ):
        if flag:
            entry = goals.setdefault(goal, {"goal": goal, "strategies": [], "labels": []})
            entry["strategies"].append(strategy)
            entry["labels"].append(label)
    return [{"description": " ; ".join(entry.pop("labels")), **entry} for entry in goals.values()]


def ocds_release(fiche, *, request=None):
    """The OCDS release of one fiche (tag ``award``): parties, tender, lot, award."""
    release_ocid = ocid(fiche)
    parties, seen = [], {}

    def add_party(actor, kind, role):
        party_id = _party_id(actor, kind)
        if party_id in seen:
            if role not in seen[party_id]["roles"]:
                seen[party_id]["roles"].append(role)
        else:
            seen[party_id] = _party(actor, kind, [role])
            parties.append(seen[party_id])
        return {"id": party_id, "name": actor.name}

    buyers = [add_party(link.actor, "acheteur", "buyer") for link in fiche.buyer_links.all()]
    suppliers = []
    for link in fiche.supplier_links.all():
        role = "interestedParty" if link.role == SupplierRole.SUBCONTRACTOR else "supplier"
        reference = add_party(link.actor, "titulaire", role)
        if role == "supplier":
            suppliers.append(reference)
    with translation.override("fr"):
        method_details = str(Procedure(fiche.procedure).label)
    item = {"id": "1", "description": fiche.title, "relatedLot": "1"}
    if fiche.main_cpv_id:
        item["classification"] = {
            "scheme": "CPV",
            "id": fiche.main_cpv.digits,
            "description": fiche.main_cpv.label_fr,
        }
        item["description"] = fiche.main_cpv.label_fr
    additional = [
        {"scheme": "CPV", "id": link.cpv.digits, "description": link.cpv.label_fr}
        for link in fiche.additional_cpvs.all()
    ]
    if additional:
        item["additionalClassifications"] = additional
    lot = {"id": "1", "title": fiche.lot_concerned or fiche.title, "status": "complete"}
    criteria = []
    for criterion in fiche.award_criteria.all():
        entry = {"name": criterion.name, "type": _criterion_type(criterion.name)}
        if criterion.weight is not None:
            entry["numbers"] = [{"number": _number(criterion.weight), "weight": "percentageExact"}]
        criteria.append(entry)
    if criteria:
        lot["awardCriteria"] = {"criteria": criteria}
    tender = {
        "id": f"{release_ocid}-tender",
        "title": fiche.title,
        "description": fiche.chapo,
        "status": "complete",
        "mainProcurementCategory": OCDS_CATEGORIES[fiche.nature],
        "procurementMethod": OCDS_METHODS[fiche.procedure],
        "procurementMethodDetails": method_details,
        "items": [item],
        "lots": [lot],
    }
    if fiche.amount_kind == "min_max":
        if fiche.amount_max is not None:
            tender["value"] = {"amount": _number(fiche.amount_max), "currency": "EUR"}
        if fiche.amount_min is not None:
            tender["minValue"] = {"amount": _number(fiche.amount_min), "currency": "EUR"}
    if fiche.reserved and fiche.reserved_article in RESERVED_PARTICIPATION:
        tender["otherRequirements"] = {
            "reservedParticipation": [RESERVED_PARTICIPATION[fiche.reserved_article]]
        }
    sustainability = _sustainability(fiche)
    tender["hasSustainability"] = bool(sustainability)
    if sustainability:
        tender["sustainability"] = sustainability
    award = {
        "id": f"{release_ocid}-award-1",
        "title": fiche.title,
        "status": "active",
        "relatedLots": ["1"],
        "items": [item],
    }
    if suppliers:
        award["suppliers"] = suppliers
    if fiche.amount is not None and fiche.amount_kind != "min_max":
        award["value"] = {"amount": _number(fiche.amount), "currency": "EUR"}
    if fiche.notification_date:
        award["date"] = _datetime(fiche.notification_date)
    if fiche.duration_months:
        period = {"durationInDays": 0}
        if fiche.notification_date:
            end = _add_months(fiche.notification_date, fiche.duration_months)
            period = {
                "startDate": _datetime(fiche.notification_date),
                "endDate": _datetime(end - timedelta(days=1)),
                "durationInDays": (end - fiche.notification_date).days,
            }
        else:
            period["durationInDays"] = round(fiche.duration_months * 365.25 / 12)
        award["contractPeriod"] = period
    published = fiche.last_published_at or fiche.first_published_at or timezone.now()
    release = {
        "ocid": release_ocid,
        "id": f"{release_ocid}-{published:%Y%m%dT%H%M%S}",
        "date": published.isoformat(),
        "tag": ["award"],
        "initiationType": "tender",
        "language": fiche.locale.language_code,
        "parties": parties,
        "tender": tender,
        "awards": [award],
    }
    if buyers:
        release["buyer"] = buyers[0]
    return release


def ocds_package(fiches, *, uri, request=None):
    """An OCDS 1.1 release package with one release per fiche and its extensions declared."""
    return {
        "uri": uri,
        "version": "1.1",
        "publishedDate": timezone.now().isoformat(),
        "publisher": {"name": getattr(settings, "OPEN_DATA_PUBLISHER", "Fiches REX")},
        "license": licence()["url"],
        "extensions": OCDS_EXTENSIONS,
        "releases": [ocds_release(fiche, request=request) for fiche in fiches],
    }
