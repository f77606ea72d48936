"""DECP v2.0.3 export (données essentielles de la commande publique): one ``marche`` per fiche
that has the data the format requires; the others are left out with their reasons."""

from django.utils import timezone

from fiches import dates
from fiches.choices import (
    NOT_STATED,
    AmountKind,
    AmountPeriod,
    ExecutionMode,
    Groupement,
    Procedure,
    SupplierRole,
    Technique,
)
from fiches.opendata import values

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
#: The lever flags of a fiche (``fiches.models.fiche_levers``) and their DECP considerations,
#: read both ways: by this export and by the DECP import (``fiches.opendata.decp_import``).
DECP_SOCIAL = (
    ("social_clause", "Clause sociale"),
    ("social_criterion", "Critère social"),
    ("reserved", "Marché réservé"),
)
DECP_NO_SOCIAL = "Pas de considération sociale"
DECP_ENVIRONMENTAL = (
    ("environmental_clause", "Clause environnementale"),
    ("environmental_criterion", "Critère environnemental"),
)
DECP_NO_ENVIRONMENTAL = "Pas de considération environnementale"
#: ``typeGroupementOperateurs`` of each form of groupement; a groupement whose form is unknown
#: has no DECP value (the fiche is then left out, with its reason).
DECP_GROUPEMENTS = {
    Groupement.NONE: "Pas de groupement",
    Groupement.JOINT: "Conjoint",
    Groupement.SEVERAL: "Solidaire",
}


def decp_missing(fiche):
    """Why this fiche cannot be a DECP record (empty when it can), in French."""
    reasons = []
    if not _decp_buyer(fiche):
        reasons.append("aucun acheteur avec un SIRET")
    if not _decp_holders(fiche):
        reasons.append("aucun titulaire avec un SIRET")
    if not fiche.main_cpv_id:
        reasons.append("pas de code CPV principal")
    if fiche.procedure == NOT_STATED:
        reasons.append("procédure non renseignée")
    if fiche.technique == NOT_STATED:
        reasons.append("technique d'achat non renseignée")
    if fiche.execution_mode == NOT_STATED:
        reasons.append("modalité d'exécution non renseignée")
    if not fiche.notification_date:
        reasons.append("pas de date de notification")
    elif dates.precision(fiche.notification_date) != dates.DAY:
        reasons.append("date de notification connue au mois ou à l'année seulement")
    if not fiche.duration_months:
        reasons.append("pas de durée en mois")
    if fiche.amount_kind == AmountKind.UNKNOWN:
        reasons.append("montant non renseigné")
    elif fiche.amount_kind and fiche.amount_period == AmountPeriod.PER_YEAR:
        reasons.append("montant annuel : DECP attend le montant total du marché")
    elif _decp_amount(fiche) is None:
        reasons.append("pas de montant d'au moins 1 €")
    if _decp_place(fiche) is None:
        reasons.append("pas de région ni de département d'exécution")
    if fiche.groupement == Groupement.UNKNOWN_FORM:
        reasons.append("forme du groupement (conjoint ou solidaire) non renseignée")
    return reasons


def _decp_grouping(fiche, roles):
    """The fiche's form of groupement; without one, what the suppliers' roles say."""
    if fiche.groupement:
        return DECP_GROUPEMENTS[fiche.groupement]
    if SupplierRole.SEVERAL_MEMBER in roles:
        return "Solidaire"
    if SupplierRole.JOINT_MEMBER in roles or SupplierRole.LEAD in roles:
        return "Conjoint"
    return "Pas de groupement"


def _decp_buyer(fiche):
    return next((link.actor.siret for link in fiche.buyer_links.all() if link.actor.siret), "")


def _decp_holders(fiche):
    return [
        link.actor.siret
        for link in fiche.supplier_links.all()
        if link.actor.siret and link.role != SupplierRole.SUBCONTRACTOR
    ]


def _decp_amount(fiche):
    """DECP's « montant forfaitaire ou estimé maximum HT » of the whole contract, as entered:
    an exact or estimated total, or the maximum of a framework's total. A yearly amount is
    never multiplied into a total, and an unknown amount is no amount."""
    if fiche.amount_period != AmountPeriod.TOTAL:
        return None
    if fiche.amount_kind in (AmountKind.EXACT, AmountKind.ESTIMATED):
        amount = fiche.amount
    elif fiche.amount_kind == AmountKind.RANGE:
        amount = fiche.amount_max
    else:
        return None
    return values.number(amount) if amount is not None and amount >= 1 else None


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
    grouping = _decp_grouping(fiche, roles)
    social = [label for flag, label in DECP_SOCIAL if getattr(fiche, flag)] or [DECP_NO_SOCIAL]
    environmental = [label for flag, label in DECP_ENVIRONMENTAL if getattr(fiche, flag)] or [
        DECP_NO_ENVIRONMENTAL
    ]
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
        "dateNotification": fiche.notification_date,
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
