"""The technical card of a fiche as data: the labelled rows shown by the fiche page
(``templates/fiches/fiche_page.html``) and by its PDF (``fiches.rendering.pdf.card``).

A row is left out when the fiche leaves it empty (a duration, a date, lots…), except the
nature and the procedure, which every fiche has. A value the contributor chose as « Non
renseigné » (procedure, technique, execution mode, criteria, amount) is shown as such: it is
what the sources say, never replaced by a default. Dates are shown at their precision
(« 12 juillet 2023 », « juillet 2023 », « 2018 », ``fiches.dates``). Every
label and value is the text as displayed, in the active language; the renderers add only their
markup. Nothing here queries: the rows are read from a fiche loaded by
``selectors.load_fiche_page`` and from its criteria and CPV codes as ``selectors.fiche_page``
gives them."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fiches import dates, groupement
from fiches.choices import (
    NOT_STATED,
    AmountKind,
    AmountPeriod,
    ExecutionMode,
    Lever,
    ReservedArticle,
    Technique,
)
from fiches.templatetags.fiche_tags import euros, number


@dataclass(frozen=True)
class CardItem:
    """One element of a row that lists several: a lever, a criterion, a CPV code, a place.

    ``code`` is the lever's or the CPV's code; ``detail`` the lever's article, the criterion's
    weight or the CPV's « (principal) »; ``known`` is false for a criterion without weight
    (``detail`` then says so)."""

    text: str
    code: str = ""
    detail: str = ""
    known: bool = True


@dataclass(frozen=True)
class CardRow:
    """A row of the card. ``key`` names what it shows (the renderers choose their markup by it:
    see ``KEYS``); ``text`` is its value on one line, ``note`` a complement shown muted,
    ``items`` its elements when it lists several, ``machine`` a machine-readable value (the
    ISO date of a ``<time>``)."""

    key: str
    label: str
    text: str = ""
    note: str = ""
    items: tuple = ()
    machine: str = ""


#: Every row key, in the card's order.
KEYS = (
    "nature",
    "procedure",
    "technique",
    "levers",
    "insertion_hours",
    "criteria",
    "cpv",
    "lots",
    "groupement",
    "duration",
    "amount",
    "notification_date",
    "execution",
    "history",
    "place",
    "decp_id",
)


def technical_card(*, fiche, criteria, cpv_codes, milestones=None):
    """The rows of ``fiche``'s technical card, in order (see the module docstring).

    ``criteria`` are its award criteria, ``cpv_codes`` its CPV codes, main code first, and
    ``milestones`` its dated milestones (as ``selectors.fiche_page`` gives them; read from the
    fiche when not given); its reserved articles, suppliers and unnamed groupement members are
    read from the fiche, loaded with them."""
    criteria = list(criteria)  # loads the fiche's rows when the page's values are lazy
    rows = [
        CardRow("nature", _("Nature du marché"), fiche.get_nature_display()),
        CardRow("procedure", _("Procédure"), fiche.get_procedure_display()),
    ]
    candidates = (
        _technique(fiche),
        _levers(fiche),
        _insertion_hours(fiche),
        _criteria(fiche, criteria),
        _cpv(fiche, cpv_codes),
        _lots(fiche),
        _groupement(fiche),
        _duration(fiche),
        _amount(fiche),
        _notification_date(fiche),
        _execution(fiche),
        _history(fiche.milestones.all() if milestones is None else milestones),
        _place(fiche),
        _decp_id(fiche),
    )
    return rows + [row for row in candidates if row is not None]


def _technique(fiche):
    technique, mode = fiche.technique, fiche.execution_mode
    if technique == NOT_STATED and mode == NOT_STATED:
        return CardRow("technique", _("Technique et modalité d'exécution"), _("Non renseignées"))
    parts = []
    for value, none, label, unknown in (
        (technique, Technique.NONE, fiche.get_technique_display(), _("technique non renseignée")),
        (
            mode,
            ExecutionMode.NONE,
            fiche.get_execution_mode_display(),
            _("modalité d'exécution non renseignée"),
        ),
    ):
        if value == NOT_STATED:
            parts.append(unknown)
        elif value and value != none:
            parts.append(label)
    if parts:
        return CardRow("technique", _("Technique et modalité d'exécution"), " · ".join(parts))
    return None


def _levers(fiche):
    items = []
    for use in fiche.lever_uses:
        if use.code == Lever.RESERVED and use.article:
            detail = _("art. %(article)s") % {"article": ReservedArticle(use.article).label}
        elif use.article:
            detail = _("art. %(article)s du Code de la commande publique") % {
                "article": use.article
            }
        else:
            detail = ""
        if use.lots:
            lots = _("concerne : %(lots)s") % {"lots": use.lots}
            detail = f"{detail} · {lots}" if detail else lots
        items.append(CardItem(str(use.label), code=str(use.code), detail=detail))
    if items:
        return CardRow("levers", _("Leviers sociaux et environnementaux"), items=tuple(items))
    return None


def _insertion_hours(fiche):
    if fiche.insertion_hours is None:
        return None
    hours = ngettext("%(hours)s heure", "%(hours)s heures", fiche.insertion_hours) % {
        "hours": number(fiche.insertion_hours)
    }
    return CardRow("insertion_hours", _("Heures d'insertion"), hours)


def _criteria(fiche, criteria):
    items = tuple(
        CardItem(criterion.name, detail=f"{number(criterion.weight)}\u00a0%")
        if criterion.weight is not None
        else CardItem(criterion.name, detail=_("non précisée"), known=False)
        for criterion in criteria
    )
    if items:
        return CardRow("criteria", _("Critères d'attribution"), items=items)
    if fiche.award_criteria_status:
        return CardRow(
            "criteria", _("Critères d'attribution"), fiche.get_award_criteria_status_display()
        )
    return None


def _cpv(fiche, cpv_codes):
    cpv_codes = list(cpv_codes)
    if not cpv_codes:
        return None
    items = tuple(
        CardItem(
            cpv.label,
            code=cpv.code,
            detail=_("(principal)")
            if position == 0 and fiche.main_cpv_id and len(cpv_codes) > 1
            else "",
        )
        for position, cpv in enumerate(cpv_codes)
    )
    return CardRow("cpv", ngettext("Code CPV", "Codes CPV", len(cpv_codes)), items=items)


def _lots(fiche):
    parts = []
    if fiche.lots_count:
        parts.append(
            ngettext("%(count)s lot", "%(count)s lots", fiche.lots_count)
            % {"count": fiche.lots_count}
        )
    if fiche.lot_concerned:
        parts.append(_("Lot concerné : %(lot)s") % {"lot": fiche.lot_concerned})
    if parts:
        return CardRow("lots", _("Allotissement"), items=tuple(CardItem(part) for part in parts))
    return None


def _groupement(fiche):
    text = groupement.summary(fiche, fiche.supplier_links.all(), fiche.unnamed_members.all())
    if not text and fiche.groupement:
        text = fiche.get_groupement_display()
    if text:
        return CardRow("groupement", _("Groupement"), text)
    return None


def _duration(fiche):
    parts = []
    if fiche.duration_months:
        parts.append(
            ngettext("%(count)s mois", "%(count)s mois", fiche.duration_months)
            % {"count": fiche.duration_months}
        )
    if fiche.duration_note:
        parts.append(f"({fiche.duration_note})" if parts else fiche.duration_note)
    if parts:
        return CardRow("duration", _("Durée"), " ".join(parts))
    return None


def _amount(fiche):
    """« 1 600 000 € », « environ 200 000 € par an (estimation) », « de 80 000 € à 240 000 € »,
    « Non renseigné »: what was entered, never a total computed from a yearly amount."""
    label = _("Montant HT")
    if fiche.amount_kind == AmountKind.UNKNOWN:
        return CardRow("amount", label, _("Non renseigné"))
    note = ""
    if fiche.amount_kind == AmountKind.RANGE:
        low, high = fiche.amount_min, fiche.amount_max
        if low is not None and high is not None:
            text = _("de %(min)s à %(max)s") % {"min": euros(low), "max": euros(high)}
        elif high is not None:
            text = _("jusqu'à %(max)s") % {"max": euros(high)}
        elif low is not None:
            text = _("au moins %(min)s") % {"min": euros(low)}
        else:
            return None
        note = _("(minimum et maximum de l'accord-cadre)")
    elif fiche.amount is None:
        return None
    elif fiche.amount_kind == AmountKind.ESTIMATED:
        text = _("environ %(amount)s") % {"amount": euros(fiche.amount)}
        note = _("(estimation)")
    else:
        text = euros(fiche.amount)
    if fiche.amount_period == AmountPeriod.PER_YEAR:
        if fiche.amount_years:
            text = ngettext(
                "%(amount)s par an, sur %(years)s an",
                "%(amount)s par an, sur %(years)s ans",
                fiche.amount_years,
            ) % {"amount": text, "years": fiche.amount_years}
        else:
            text = _("%(amount)s par an") % {"amount": text}
    return CardRow("amount", label, text, note=note)


def _notification_date(fiche):
    if not fiche.notification_date:
        return None
    return CardRow(
        "notification_date",
        _("Date de notification"),
        dates.label(fiche.notification_date),
        machine=fiche.notification_date,
    )


def _execution(fiche):
    parts = []
    if fiche.execution_start:
        parts.append(_("Début : %(date)s") % {"date": dates.label(fiche.execution_start)})
    if fiche.execution_end:
        parts.append(_("Fin : %(date)s") % {"date": dates.label(fiche.execution_end)})
    if parts:
        return CardRow("execution", _("Exécution"), " · ".join(parts))
    return None


def _history(milestones):
    items = tuple(
        CardItem(
            f"{milestone.get_kind_display()} : {dates.label(milestone.date)}",
            code=milestone.kind,
            detail=milestone.note,
        )
        for milestone in milestones
    )
    if items:
        text = " · ".join(
            f"{item.text} ({item.detail})" if item.detail else item.text for item in items
        )
        return CardRow("history", _("Historique du marché"), text, items=items)
    return None


def _place(fiche):
    places = [fiche.commune] if fiche.commune else []
    places += [f"{department.name} ({department.code})" for department in fiche.departments.all()]
    if fiche.region_id:
        places.append(fiche.region.label)
    if places:
        return CardRow(
            "place",
            _("Lieu d'exécution"),
            " · ".join(places),
            items=tuple(CardItem(place) for place in places),
        )
    return None


def _decp_id(fiche):
    if fiche.decp_id:
        return CardRow("decp_id", _("Identifiant DECP"), fiche.decp_id)
    return None
