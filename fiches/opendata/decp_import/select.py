"""Which DECP records are candidates, and the columns of their ``DecpCandidate`` row.

A record is a candidate when it is reserved (« Marché réservé », « Concession réservée »),
carries a social clause or criterion, or when one of its holders' SIRET is an ESS structure of
the directory. Nothing is deduced that the record does not say: a value outside the format
(a date that does not exist, a CPV code without 8 digits) is left empty."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fiches import dates
from fiches.models.fiche_levers import FLAG_LEVERS
from fiches.opendata.decp import DECP_ENVIRONMENTAL, DECP_SOCIAL

SIRET_RE = re.compile(r"^[0-9]{14}$")
CPV_RE = re.compile(r"^([0-9]{8})(?:-[0-9])?$")
ID_MAX_LENGTH = 64
#: The considerations of the format as the fiche's lever flags (the export's table read
#: backwards; a concession says « Concession réservée » where a contract says « Marché réservé »).
SOCIAL_FLAGS = {label: flag for flag, label in DECP_SOCIAL} | {"Concession réservée": "reserved"}
ENVIRONMENTAL_FLAGS = {label: flag for flag, label in DECP_ENVIRONMENTAL}
#: The fiche's lever flags (``fiches.models.fiche_levers``), which a candidate has too.
LEVER_FLAGS = ("reserved", *(flag for _lever, flag in FLAG_LEVERS))
#: What makes a record a candidate (the environmental levers alone do not).
SELECTING = ("reserved", "social_clause", "social_criterion", "ess_holder")
#: The fields of each kind of record: buyer, holders, date, amount.
KEYS = {
    "marche": ("acheteur", "titulaires", "titulaire", "dateNotification", "montant"),
    "concession": (
        "autoriteConcedante",
        "concessionnaires",
        "concessionnaire",
        "dateSignature",
        "valeurGlobale",
    ),
}


class InvalidRecord(Exception):
    """A record that cannot be kept (no id, no buyer SIRET): skipped, with its reason."""


@dataclass
class Contract:
    """The columns of a candidate, read from one record."""

    kind: str
    decp_id: str
    buyer_siret: str
    holder_sirets: list
    record: dict
    subject: str = ""
    cpv: str = ""
    cpv_division: str = ""
    place: tuple = ("", "")
    notification_date: str | None = None
    amount: Decimal | None = None
    innovative: bool = False
    flags: dict = field(default_factory=dict)

    @property
    def key(self):
        return (self.kind, self.buyer_siret, self.decp_id)

    @property
    def year(self):
        return dates.year(self.notification_date)

    @property
    def is_candidate(self):
        return any(self.flags.get(name) for name in SELECTING)


def text(value):
    return value.strip() if isinstance(value, str) else ""


def values_of(container, key):
    """The list inside ``{"considerationSociale": [...]}`` (a bare list or text is read too)."""
    if isinstance(container, dict):
        container = container.get(key)
    if isinstance(container, str):
        return [container]
    return [value for value in container or () if isinstance(value, str)]


def day(value):
    """The ISO day of a DECP date, ``None`` when missing or not a real day."""
    typed = text(value)[:10]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", typed):
        return None
    try:
        return dates.parse(typed)
    except ValidationError:
        return None


def amount(value):
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        return None
    value = Decimal(str(value))
    return value.quantize(Decimal("0.01")) if 0 < value < Decimal("1e16") else None


def holders(record, list_key, item_key):
    """``[(typeIdentifiant, id)]`` of the record's holders, in their order, once each."""
    found = []
    for item in record.get(list_key) or ():
        holder = item.get(item_key) if isinstance(item, dict) else None
        if isinstance(holder, dict):
            pair = (text(holder.get("typeIdentifiant")), text(holder.get("id")))
            if pair[1] and pair not in found:
                found.append(pair)
    return found


def contract(kind, record, ess_sirets=frozenset()):
    """The ``Contract`` of one record; raises ``InvalidRecord`` when it cannot be keyed."""
    buyer_key, list_key, item_key, date_key, amount_key = KEYS[kind]
    decp_id = text(record.get("id"))
    if not decp_id or len(decp_id) > ID_MAX_LENGTH:
        raise InvalidRecord(_("identifiant absent ou de plus de 64 caractères"))
    buyer = record.get(buyer_key)
    buyer_siret = text(buyer.get("id")) if isinstance(buyer, dict) else ""
    if not SIRET_RE.match(buyer_siret):
        raise InvalidRecord(_("SIRET de l'acheteur absent ou invalide"))
    sirets = [
        number
        for kind_of_id, number in holders(record, list_key, item_key)
        if kind_of_id == "SIRET" and SIRET_RE.match(number)
    ]
    cpv = CPV_RE.match(text(record.get("codeCPV")))
    place = record.get("lieuExecution")
    place = place if isinstance(place, dict) else {}
    flags = dict.fromkeys(LEVER_FLAGS, False)
    for value in values_of(record.get("considerationsSociales"), "considerationSociale"):
        if value in SOCIAL_FLAGS:
            flags[SOCIAL_FLAGS[value]] = True
    for value in values_of(
        record.get("considerationsEnvironnementales"), "considerationEnvironnementale"
    ):
        if value in ENVIRONMENTAL_FLAGS:
            flags[ENVIRONMENTAL_FLAGS[value]] = True
    flags["ess_holder"] = any(siret in ess_sirets for siret in sirets)
    return Contract(
        kind=kind,
        decp_id=decp_id,
        buyer_siret=buyer_siret,
        holder_sirets=sirets,
        record=record,
        subject=text(record.get("objet"))[:1000],
        cpv=cpv.group(1) if cpv else "",
        cpv_division=cpv.group(1)[:2] if cpv else "",
        place=(text(place.get("typeCode")), text(place.get("code"))),
        notification_date=day(record.get(date_key)),
        amount=amount(record.get(amount_key)),
        innovative=record.get("marcheInnovant") is True,
        flags=flags,
    )


def department_code(type_code, code):
    """The department of a place of execution, from what its code says (INSEE codes and
    postcodes start with the department; overseas ones with three digits); ``""`` otherwise."""
    code = code.replace(" ", "").upper()
    if type_code not in ("Code postal", "Code commune", "Code arrondissement", "Code canton"):
        return code if type_code == "Code département" else ""
    if len(code) < 3:
        return ""
    if code.startswith("97"):
        return code[:3]
    if type_code == "Code postal" and code.startswith("20"):
        # Corsica's postcodes do not tell 2A from 2B: its region is still known.
        return "20"
    return code[:2]


def region_code(place, departments):
    """The region of a place of execution, from ``departments`` (code → region code);
    ``None`` when the place does not say it (a country, a code not in the reference)."""
    type_code, code = place
    if type_code == "Code région":
        return code if code in set(departments.values()) else None
    department = department_code(type_code, code)
    if department == "20":
        return departments.get("2A")
    return departments.get(department)
