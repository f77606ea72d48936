"""OCDS 1.1 export: one release (tag ``award``) per fiche in a release package, with the lots,
submissionTerms, awardCriteria, otherRequirements and sustainability extensions."""

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone, translation

from fiches import dates, groupement
from fiches.choices import (
    GROUPEMENT_ROLES,
    NOT_STATED,
    AmountKind,
    AmountPeriod,
    BuyerType,
    Lever,
    OperatorRole,
    Procedure,
    SupplierRole,
)
from fiches.opendata import values
from fiches.opendata.ocds_codelists import (
    BUYER_LEGAL_TYPE_SCHEME,
    BUYER_LEGAL_TYPES,
    OCDS_CATEGORIES,
    OCDS_EXTENSIONS,
    OCDS_METHODS,
    RESERVED_PARTICIPATION,
    SUSTAINABILITY,
)


def _buyer_details(buyer_type):
    """The buyer's type on its party: the French one, and its EU legal type when it has one
    (``None`` in ``BUYER_LEGAL_TYPES``: a type the codelist cannot say, left out). A type
    « non renseigné » is absent, as every unknown of the release."""
    if not buyer_type or buyer_type == NOT_STATED:
        return {}
    with translation.override("fr"):
        details = {
            "typeAcheteur": {"code": buyer_type, "libelle": str(BuyerType(buyer_type).label)}
        }
    legal_type = BUYER_LEGAL_TYPES.get(buyer_type)
    if legal_type:
        details["classifications"] = [{"scheme": BUYER_LEGAL_TYPE_SCHEME, "id": legal_type}]
    return details


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


def _contract_period(fiche, notified):
    """The contract period from the day-precise execution dates, else from the notification
    date and the duration; ``None`` when neither says it."""
    start = dates.as_date(fiche.execution_start) or notified
    last = dates.as_date(fiche.execution_end)
    if start and not last and fiche.duration_months:
        last = _add_months(start, fiche.duration_months) - timedelta(days=1)
    if start and last:
        return {
            "startDate": _datetime(start),
            "endDate": _datetime(last),
            "durationInDays": (last - start).days + 1,
        }
    if fiche.duration_months:
        return {"durationInDays": round(fiche.duration_months * 365.25 / 12)}
    return None


def _criterion_type(name):
    word = name.lower()
    if "prix" in word or "price" in word:
        return "price"
    if "coût" in word or "cout" in word or "cost" in word:
        return "cost"
    return "quality"


def _sustainability(fiche):
    """One entry per goal, with its strategies; the description names each lever with its
    articles and lots (« Marché réservé (L2113-12, lot 1 ; L2113-13) »)."""
    goals, details = {}, {}
    for use in fiche.lever_uses:
        precision = ", ".join(
            part for part in (use.article if use.code == Lever.RESERVED else "", use.lots) if part
        )
        if precision:
            details.setdefault(use.code, []).append(precision)
    for lever, (goal, strategy, label) in SUSTAINABILITY.items():
        if not any(use.code == lever for use in fiche.lever_uses):
            continue
        if lever in details:
            label = f"{label} ({' ; '.join(details[lever])})"
        entry = goals.setdefault(goal, {"goal": goal, "strategies": [], "labels": []})
        entry["strategies"].append(strategy)
        entry["labels"].append(label)
    return [{"description": " ; ".join(entry.pop("labels")), **entry} for entry in goals.values()]


def _illustration(release_ocid, fiche, image):
    """The hero image as an OCDS « illustration » document, with its alt text and credit."""
    description = " ".join(
        part
        for part in (image["texte_alternatif"], image["credit"] and f"Crédit : {image['credit']}")
        if part
    )
    document = {
        "id": f"{release_ocid}-image",
        "documentType": "illustration",
        "title": fiche.hero_image.title,
        "url": image["url"],
    }
    if description:
        document["description"] = description
    return document


def _total(fiche, *kinds):
    """Whether the amount is the contract's total, of one of ``kinds``: OCDS values are totals
    (a yearly amount or an unknown one has no OCDS value, never a computed one)."""
    return fiche.amount_period == AmountPeriod.TOTAL and fiche.amount_kind in kinds


def _value(amount):
    return {"amount": values.number(amount), "currency": "EUR"}


def _tender_values(fiche):
    """``tender.value`` (OCDS: « the total upper estimated value ») for an estimated total or a
    framework's maximum, and ``tender.minValue`` for the framework's minimum."""
    found = {}
    if _total(fiche, AmountKind.ESTIMATED) and fiche.amount is not None:
        found["value"] = _value(fiche.amount)
    elif _total(fiche, AmountKind.RANGE):
        if fiche.amount_max is not None:
            found["value"] = _value(fiche.amount_max)
        if fiche.amount_min is not None:
            found["minValue"] = _value(fiche.amount_min)
    return found


def _award_description(fiche):
    """The story of the contract as plain text: the groupement (OCDS has no place for its form
    nor for its unnamed members), the body's paragraphs, then its testimonies and key figures
    (OCDS has no place of its own for them)."""
    with translation.override("fr"):
        summary = groupement.summary(fiche, fiche.supplier_links.all(), fiche.unnamed_members.all())
    parts = [f"{summary}." if summary else "", values.body_text(fiche)]
    parts += [values.testimony_text(item) for item in values.testimonies(fiche)]
    parts += [values.key_figure_text(item) for item in values.key_figures(fiche)]
    return "\n\n".join(part for part in parts if part)


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

    buyers = []
    for link in fiche.buyer_links.all():
        reference = add_party(link.actor, "acheteur", "buyer")
        buyers.append(reference)
        party = seen[reference["id"]]
        party.setdefault("details", {}).update(_buyer_details(link.actor.buyer_type))
    suppliers = []
    for link in fiche.supplier_links.all():
        role = "interestedParty" if link.role == SupplierRole.SUBCONTRACTOR else "supplier"
        reference = add_party(link.actor, "titulaire", role)
        if role == "supplier":
            suppliers.append(reference)
        if link.role in GROUPEMENT_ROLES and groupement.is_groupement(fiche):
            # The tender was the groupement's: each named member tendered with it.
            if "tenderer" not in seen[reference["id"]]["roles"]:
                seen[reference["id"]]["roles"].append("tenderer")
            with translation.override("fr"):
                seen[reference["id"]].setdefault("details", {})["roleGroupement"] = {
                    "code": link.role,
                    "libelle": str(SupplierRole(link.role).label),
                }
    for link in fiche.operator_links.all():
        # No core party role fits a facilitator or a support network; « interestedParty » is the
        # closest code of the codelist, and the fiche's own role stays in ``details``.
        reference = add_party(link.actor, "operateur", "interestedParty")
        details = seen[reference["id"]].setdefault("details", {"rolesFiche": []})
        with translation.override("fr"):
            details["rolesFiche"].append(
                {"code": link.role, "libelle": str(OperatorRole(link.role).label)}
            )
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
            weight = values.number(criterion.weight)
            entry["numbers"] = [{"number": weight, "weight": "percentageExact"}]
        criteria.append(entry)
    if criteria:
        lot["awardCriteria"] = {"criteria": criteria}
    tender = {
        "id": f"{release_ocid}-tender",
        "title": fiche.title,
        "description": fiche.chapo,
        "status": "complete",
        "mainProcurementCategory": OCDS_CATEGORIES[fiche.nature],
        "items": [item],
        "lots": [lot],
    }
    if fiche.procedure != NOT_STATED:
        # « Non renseigné »: no method at all rather than a guess.
        tender["procurementMethod"] = OCDS_METHODS[fiche.procedure]
        with translation.override("fr"):
            tender["procurementMethodDetails"] = str(Procedure(fiche.procedure).label)
    tender.update(_tender_values(fiche))
    image = values.hero_image(fiche, request)
    if image:
        tender["documents"] = [_illustration(release_ocid, fiche, image)]
    reserved = [
        RESERVED_PARTICIPATION[row.article]
        for row in (fiche.reserved_articles.all() if fiche.reserved else ())
        if row.article in RESERVED_PARTICIPATION
    ]
    if reserved:
        tender["otherRequirements"] = {"reservedParticipation": list(dict.fromkeys(reserved))}
    tenderers = [
        {"id": party["id"], "name": party["name"]}
        for party in parties
        if "tenderer" in party["roles"]
    ]
    if tenderers:
        tender["tenderers"] = tenderers
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
    description = _award_description(fiche)
    if description:
        award["description"] = description
    if suppliers:
        award["suppliers"] = suppliers
    if _total(fiche, AmountKind.EXACT) and fiche.amount is not None:
        award["value"] = _value(fiche.amount)
    # OCDS dates are date-times: a date known to the month or the year only is left out.
    notified = dates.as_date(fiche.notification_date)
    if notified:
        award["date"] = _datetime(notified)
    period = _contract_period(fiche, notified)
    if period:
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
        "license": values.licence()["url"],
        "extensions": OCDS_EXTENSIONS,
        "releases": [ocds_release(fiche, request=request) for fiche in fiches],
    }
