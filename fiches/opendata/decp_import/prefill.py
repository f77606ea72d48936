"""The fiche a DECP record pre-fills: what the record says, in the fiche's own vocabulary (the
DECP export's tables of ``fiches.opendata.decp`` read backwards). What the record does not say
stays empty or « non renseigné »; nothing is guessed."""

from fiches.choices import (
    AmountKind,
    AmountPeriod,
    ExecutionMode,
    Groupement,
    Nature,
    Procedure,
    SupplierRole,
    Technique,
)
from fiches.opendata.decp import DECP_EXECUTION, DECP_GROUPEMENTS, DECP_PROCEDURES, DECP_TECHNIQUES
from fiches.opendata.decp_import import select

PROCEDURES = {label: code for code, label in DECP_PROCEDURES.items()}
TECHNIQUES = {label: code for code, label in DECP_TECHNIQUES.items()}
EXECUTION_MODES = {frozenset(labels): code for code, labels in DECP_EXECUTION.items()}
GROUPEMENTS = {label: code for code, label in DECP_GROUPEMENTS.items()}
#: The role of each holder in each form of groupement (DECP never says which one leads it).
GROUPEMENT_ROLES = {
    Groupement.NONE: SupplierRole.HOLDER,
    Groupement.JOINT: SupplierRole.JOINT_MEMBER,
    Groupement.SEVERAL: SupplierRole.SEVERAL_MEMBER,
}
MAX_DURATION = 240


def nature(cpv_division):
    """Works, supplies or services, as the CPV nomenclature itself divides its codes
    (Regulation (EC) No 213/2008: division 45 is works, 03 to 44 and 48 supplies, 50 to 98
    services); ``""`` without a CPV code."""
    if not cpv_division:
        return ""
    division = int(cpv_division)
    if division == 45:
        return Nature.WORKS
    if division < 45 or division == 48:
        return Nature.SUPPLIES
    return Nature.SERVICES


def _technique(record):
    labels = select.values_of(record.get("techniques"), "technique")
    if "Accord-cadre" in labels:
        return Technique.FRAMEWORK
    if labels == ["Sans objet"]:
        return Technique.NONE
    return Technique.NOT_STATED


def _execution_mode(record):
    labels = frozenset(select.values_of(record.get("modalitesExecution"), "modaliteExecution"))
    return EXECUTION_MODES.get(labels, ExecutionMode.NOT_STATED)


def _amount(candidate, technique, execution_mode):
    """An amount the record gives, as the fiche records it: the maximum of a framework (or of
    a contract executed by orders), the value of a concession (an estimate), else the amount."""
    if candidate.amount is None:
        return {"amount_kind": AmountKind.UNKNOWN}
    values = {"amount_period": AmountPeriod.TOTAL}
    ordered = execution_mode in (
        ExecutionMode.PURCHASE_ORDERS,
        ExecutionMode.SUBSEQUENT,
        ExecutionMode.MIXED,
    )
    if candidate.kind == "marche" and (technique == Technique.FRAMEWORK or ordered):
        return {**values, "amount_kind": AmountKind.RANGE, "amount_max": candidate.amount}
    kind = AmountKind.ESTIMATED if candidate.kind == "concession" else AmountKind.EXACT
    return {**values, "amount_kind": kind, "amount": candidate.amount}


def fiche_values(candidate, cpv_code=None, department=None):
    """The fields of the fiche a candidate pre-fills (``cpv_code`` and ``department`` are the
    reference rows of its CPV code and place, when the reference has them)."""
    record = candidate.record
    is_contract = candidate.kind == "marche"
    technique = _technique(record) if is_contract else Technique.NOT_STATED
    execution_mode = _execution_mode(record) if is_contract else ExecutionMode.NOT_STATED
    duration = record.get("dureeMois")
    groupement = GROUPEMENTS.get(record.get("typeGroupementOperateurs"), "")
    values = {
        "title": candidate.subject[:255] or candidate.decp_id,
        "chapo": "",
        "nature": nature(candidate.cpv_division),
        "procedure": PROCEDURES.get(record.get("procedure"), Procedure.NOT_STATED)
        if is_contract
        else Procedure.NOT_STATED,
        "technique": technique,
        "execution_mode": execution_mode,
        "main_cpv": cpv_code,
        "duration_months": duration
        if isinstance(duration, int) and 1 <= duration <= MAX_DURATION
        else None,
        "notification_date": candidate.notification_date if is_contract else None,
        "execution_start": None if is_contract else select.day(record.get("dateDebutExecution")),
        "region": candidate.region,
        "groupement": groupement,
        "groupement_lead_unknown": groupement in (Groupement.JOINT, Groupement.SEVERAL),
        "decp_id": candidate.decp_id,
        **{flag: getattr(candidate, flag) for flag in select.LEVER_FLAGS},
        **_amount(candidate, technique, execution_mode),
    }
    values["departments"] = [department] if department is not None else []
    return values


def holder_role(groupement):
    """The role of each holder: a member of the groupement's form, else a holder."""
    return GROUPEMENT_ROLES.get(groupement, SupplierRole.HOLDER)
