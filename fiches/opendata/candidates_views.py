"""The admin view « À documenter »: the contracts of the official data (DECP) kept by
``manage.py import_decp``, counted per region, CPV division, lever and year, with the action
that starts a fiche pre-filled from one of them. For the people who may add fiches to the
catalogue (contributors and moderators). Registered by ``fiches.wagtail_hooks``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem

from fiches import dates
from fiches.models import DecpCandidate, Region
from fiches.numbers import format_euros
from fiches.opendata.decp_import import selectors, services
from fiches.opendata.importer import default_catalogue
from fiches.selectors import actors

PER_PAGE = 50
FILTER_LABELS = {
    "region": gettext_lazy("Région"),
    "division": gettext_lazy("Division CPV"),
    "levier": gettext_lazy("Levier"),
    "annee": gettext_lazy("Année"),
    "statut": gettext_lazy("Statut"),
    "decp": gettext_lazy("Identifiant DECP"),
}


def can_document(user):
    """Who may add a fiche to the catalogue: contributors and moderators."""
    index = default_catalogue()
    return index is not None and index.permissions_for_user(user).can_add_subpage()


def _filters(query):
    """The filters of the query string that exist, and a French notice for each that does not
    (it is ignored)."""
    chosen, notices = {}, []
    checks = {
        "region": lambda value: Region.objects.filter(code=value).exists(),
        "division": lambda value: len(value) == 2 and value.isdigit(),
        "levier": lambda value: value in selectors.LEVERS,
        "annee": lambda value: value.isdigit() and 1900 <= int(value) <= 2100,
        "statut": lambda value: value in selectors.STATUSES,
        # One contract (or the few that share an id, one per buyer): the « Origine de la
        # fiche » panel links here.
        "decp": lambda value: (
            len(value) <= DecpCandidate._meta.get_field("decp_id").max_length
            and value.isprintable()
        ),
    }
    for name, check in checks.items():
        value = query.get(name, "").strip()
        if not value:
            continue
        if check(value):
            chosen[name] = value
        else:
            notices.append(
                _("Le filtre « %(filter)s » n'a pas de valeur « %(value)s » : il est ignoré.")
                % {"filter": FILTER_LABELS[name], "value": value[:50]}
            )
    return chosen, notices


def _row(candidate, structures):
    fiche_id = candidate.fiche_id or candidate.other_fiche
    return {
        "candidate": candidate,
        # Each holder SIRET with the directory's ESS structure that has it (``None``: unknown).
        "holders": [(siret, structures.get(siret)) for siret in candidate.holder_sirets],
        "date": dates.label(candidate.notification_date),
        "amount": format_euros(candidate.amount) if candidate.amount is not None else "",
        "levers": [label for flag, label in selectors.LEVERS.items() if getattr(candidate, flag)],
        "fiche_url": reverse("wagtailadmin_pages:edit", args=[fiche_id]) if fiche_id else "",
    }


def _link(chosen, **change):
    query = {name: value for name, value in {**chosen, **change}.items() if value}
    return "?" + urlencode(query)


def candidates_view(request):
    if not can_document(request.user):
        raise PermissionDenied
    chosen, notices = _filters(request.GET)
    queryset = selectors.candidates(
        region=chosen.get("region"),
        division=chosen.get("division"),
        lever=chosen.get("levier"),
        year=chosen.get("annee"),
        status=chosen.get("statut"),
        decp_id=chosen.get("decp"),
    )
    counts = selectors.counts(queryset)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    structures = actors.actors_by_siret(
        actors.HOLDER, {siret for candidate in page for siret in candidate.holder_sirets}
    )
    facets = [
        (
            name,
            FILTER_LABELS[name],
            [
                (value, label, count, _link(chosen, **{name: value}))
                for value, label, count in values
            ],
        )
        for name, values in (
            ("region", counts["regions"]),
            ("division", counts["divisions"]),
            ("levier", counts["levers"]),
            ("annee", counts["years"]),
        )
    ]
    return render(
        request,
        "fiches/admin/decp_candidates.html",
        {
            "page_obj": page,
            "rows": [_row(candidate, structures) for candidate in page],
            "counts": counts,
            "facets": facets,
            "chosen": chosen,
            "chosen_labels": [
                (FILTER_LABELS[name], value, _link(chosen, **{name: ""}))
                for name, value in chosen.items()
            ],
            "statuses": [
                (value, label, _link(chosen, statut=value))
                for value, label in selectors.STATUSES.items()
            ],
            "notices": notices,
            "query": _link(chosen)[1:],
        },
    )


@require_POST
def start_view(request, candidate_id):
    """Starts the fiche of a candidate (or opens the one that documents it already)."""
    if not can_document(request.user):
        raise PermissionDenied
    if not DecpCandidate.objects.filter(pk=candidate_id).exists():
        raise Http404
    fiche, created = services.start_fiche(
        candidate_id, user=request.user, index=default_catalogue()
    )
    if created:
        messages.success(
            request,
            _(
                "Fiche préparée à partir des données DECP : complétez le chapô, le récit et ce "
                "qui est « non renseigné », puis envoyez-la en relecture."
            ),
        )
    else:
        messages.info(request, _("Ce contrat est déjà documenté par cette fiche."))
    return redirect("wagtailadmin_pages:edit", fiche.pk)


def admin_urls():
    return [
        path("a-documenter/", candidates_view, name="fiches_decp_candidates"),
        path("a-documenter/<int:candidate_id>/fiche/", start_view, name="fiches_decp_start"),
    ]


class CandidatesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_document(request.user)


def candidates_menu_item():
    return CandidatesMenuItem(
        gettext_lazy("À documenter"),
        reverse("fiches_decp_candidates"),
        icon_name="search",
        order=245,
    )
