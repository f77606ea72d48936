"""The writes of the DECP import: the candidates of a file (``import_decp``, one transaction,
idempotent by the records' key) and the fiche a candidate starts (``start_fiche``)."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from fiches.choices import BuyerRole
from fiches.models import (
    CPVCode,
    DecpCandidate,
    Department,
    FicheBuyer,
    FichePage,
    FicheSupplier,
    number_rows,
)
from fiches.opendata.decp_import import match, prefill, reader, select, selectors
from fiches.selectors import actors

BATCH_SIZE = 500
SHOWN_PROBLEMS = 20
PROGRESS_EVERY = 10_000
#: The log action of a fiche started from a DECP record (registered by fiches.wagtail_hooks).
LOG_ACTION = "fiches.from_decp"
#: The columns a re-import rewrites (not the fiche started from it, nor the first import).
UPDATED_FIELDS = [
    "holder_sirets",
    "subject",
    "cpv",
    "cpv_division",
    "region",
    "year",
    "notification_date",
    "amount",
    *select.LEVER_FLAGS,
    "innovative",
    "ess_holder",
    "record",
    "imported_at",
]


@dataclass
class DecpImportReport:
    """What an import read, kept and wrote."""

    commit: bool
    read: int = 0
    candidates: int = 0
    created: int = 0
    updated: int = 0
    invalid: int = 0
    problems: list = field(default_factory=list)
    reasons: Counter = field(default_factory=Counter)

    def lines(self):
        """The report in French, one line per fact."""
        lines = [
            _("%(read)s contrats lus, %(candidates)s à documenter.")
            % {"read": self.read, "candidates": self.candidates},
            _(
                "Marché réservé : %(reserved)s · clause sociale : %(clause)s · critère social : "
                "%(criterion)s · titulaire connu de l'ESS : %(ess)s."
            )
            % {
                "reserved": self.reasons["reserved"],
                "clause": self.reasons["social_clause"],
                "criterion": self.reasons["social_criterion"],
                "ess": self.reasons["ess_holder"],
            },
        ]
        if self.commit:
            lines.append(
                _("%(created)s nouveaux contrats à documenter, %(updated)s mis à jour.")
                % {"created": self.created, "updated": self.updated}
            )
        else:
            lines.append(_("Lecture seule : rien n'a été enregistré."))
        if self.invalid:
            lines.append(
                _("%(count)s enregistrements ignorés (incomplets) :") % {"count": self.invalid}
            )
            lines += [f"  - {problem}" for problem in self.problems]
        return lines


def _row(contract, departments):
    return DecpCandidate(
        kind=contract.kind,
        decp_id=contract.decp_id,
        buyer_siret=contract.buyer_siret,
        holder_sirets=contract.holder_sirets,
        subject=contract.subject,
        cpv=contract.cpv,
        cpv_division=contract.cpv_division,
        region_id=select.region_code(contract.place, departments),
        year=contract.year,
        notification_date=contract.notification_date,
        amount=contract.amount,
        innovative=contract.innovative,
        record=contract.record,
        **contract.flags,
    )


def _flush(batch, report):
    if not batch:
        return
    known = set(
        DecpCandidate.objects.filter(decp_id__in={key[2] for key in batch}).values_list(
            "kind", "buyer_siret", "decp_id"
        )
    )
    report.updated += sum(1 for key in batch if key in known)
    report.created += sum(1 for key in batch if key not in known)
    DecpCandidate.objects.bulk_create(
        list(batch.values()),
        update_conflicts=True,
        unique_fields=["kind", "buyer_siret", "decp_id"],
        update_fields=UPDATED_FIELDS,
    )
    batch.clear()


def import_decp(stream, *, commit=True, batch_size=BATCH_SIZE, progress=None):
    """Reads the DECP file ``stream`` (binary) and keeps its candidates (``commit=False``:
    reads and counts only). Returns a ``DecpImportReport``; raises ``reader.DecpFileError``
    with nothing written when the file cannot be read to its end."""
    report = DecpImportReport(commit=commit)
    ess_sirets = actors.known_sirets()
    departments = dict(Department.objects.values_list("code", "region_id"))
    batch = {}
    with transaction.atomic():
        for kind, record in reader.read_records(stream):
            report.read += 1
            if progress is not None and report.read % PROGRESS_EVERY == 0:
                progress(report.read)
            try:
                contract = select.contract(kind, record, ess_sirets)
            except select.InvalidRecord as error:
                report.invalid += 1
                if len(report.problems) < SHOWN_PROBLEMS:
                    report.problems.append(
                        _("%(kind)s n°%(number)s : %(reason)s")
                        % {"kind": kind, "number": report.read, "reason": error}
                    )
                continue
            if not contract.is_candidate:
                continue
            report.candidates += 1
            report.reasons.update(name for name in select.SELECTING if contract.flags[name])
            if commit:
                batch[contract.key] = _row(contract, departments)
                if len(batch) >= batch_size:
                    _flush(batch, report)
        if commit:
            _flush(batch, report)
    return report


def _buyer(siret, locale):
    """The buyer with this SIRET, else a new draft buyer known by it."""
    found = actors.actors_by_siret(actors.BUYER, [siret], locale).get(siret)
    return found or match.new_actor(actors.BUYER, siret, locale)


def _holders(candidate, locale):
    """The ESS structures a fiche links as the record's holders: the directory's structure with
    each holder's SIRET and, only when the record reserves the contract (« Marché réservé »,
    « Concession réservée »: the reservations of the code are to ESS structures), a new
    draft structure for each other holder. Without a reservation, a holder the directory
    does not know may be an ordinary company (the ESS structure a subcontractor, or absent):
    it is not linked, and the fiche's edit page lists it for the editor
    (``fiches.editorial.panels.DecpHoldersPanel``)."""
    found = actors.actors_by_siret(actors.HOLDER, candidate.holder_sirets, locale)
    holders = []
    for siret in candidate.holder_sirets:
        if siret in found:
            holders.append(found[siret])
        elif candidate.reserved:
            holders.append(match.new_actor(actors.HOLDER, siret, locale))
    return holders


def _slug(index, title):
    base = slugify(title)[:70] or "fiche"
    taken = set(
        FichePage.objects.child_of(index)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def start_fiche(candidate_id, *, user, index):
    """The draft fiche pre-filled from a candidate, under ``index``: ``(fiche, created)``. A
    candidate started already, or documented by a fiche, gives that fiche (never a second)."""
    with transaction.atomic():
        candidate = DecpCandidate.objects.select_for_update().get(pk=candidate_id)
        if candidate.fiche_id:
            return candidate.fiche, False
        existing = selectors.documenting_fiches(candidate.decp_id, candidate.buyer_siret).first()
        if existing is not None:
            if not DecpCandidate.objects.filter(fiche=existing).exists():
                candidate.fiche = existing
                candidate.save(update_fields=["fiche"])
            return existing, False
        locale = index.locale
        values = prefill.fiche_values(
            candidate,
            cpv_code=CPVCode.objects.filter(digits=candidate.cpv).first()
            if candidate.cpv
            else None,
            department=_department(candidate),
        )
        departments = values.pop("departments")
        page = FichePage(locale=locale, live=False, owner=user, **values)
        page.slug = _slug(index, page.title)
        page.departments = departments
        buyer = _buyer(candidate.buyer_siret, locale)
        page.buyer_links = [FicheBuyer(actor=buyer, role=BuyerRole.BUYER, sort_order=0)]
        role = prefill.holder_role(page.groupement)
        page.supplier_links = number_rows(
            FicheSupplier(actor=actor, role=role) for actor in _holders(candidate, locale)
        )
        index.add_child(instance=page)
        # A draft: what DECP does not say (the chapô, the nature without a CPV code) is left
        # for the editor, whose form asks for it before the fiche goes to review.
        page.save_revision(user=user, log_action=True, clean=False)
        log(page, LOG_ACTION, user=user, data={"decp_id": candidate.decp_id})
        candidate.fiche = page
        candidate.save(update_fields=["fiche"])
        return page, True


def _department(candidate):
    """The department of the candidate's place of execution, when its code says it."""
    place = candidate.record.get("lieuExecution")
    if not isinstance(place, dict):
        return None
    code = select.department_code(
        select.text(place.get("typeCode")), select.text(place.get("code"))
    )
    return Department.objects.filter(code=code).first() if code else None
