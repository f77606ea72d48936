"""The query parameters of the API: each one validated, so that a bad value gets a 400 that names
it (never a 500), then handed to ``fiches.selectors``."""

import re

from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Locale, Page

from fiches import selectors
from fiches.catalogue import filters as catalogue_filters
from fiches.catalogue import search
from fiches.catalogue.reference import LiveReference
from fiches.models import FichePage

ACTOR_PARAMETERS = ("buyer", "ess_structure", "operator")

#: Every filter of the fiches, by query parameter (documented in ``fiches.api.openapi``): the
#: catalogue's filters and the actors.
FICHE_PARAMETERS = (*catalogue_filters.NAMES, *ACTOR_PARAMETERS)
#: Accepted values of ``order`` (each also with a leading ``-``), by page type.
PAGE_ORDERINGS = ("id", "title", "first_published_at")
FICHE_ORDERINGS = (*PAGE_ORDERINGS, "notification_date", "amount")
#: Longest ``search`` (in characters).
MAX_SEARCH_LENGTH = 100
#: Longest ``html_path`` of ``pages/find/``.
MAX_HTML_PATH = 200
#: The filters on the page tree, each named after the queryset method it applies.
TREE_PARAMETERS = ("child_of", "descendant_of", "translation_of")


def bad_parameter(name, message):
    return BadRequestError(f"{name}: {message}")


def one_of(name, value, allowed):
    if value not in allowed:
        raise bad_parameter(
            name,
            _("valeur inconnue « %(value)s » ; valeurs possibles : %(allowed)s")
            % {"value": value, "allowed": ", ".join(allowed)},
        )
    return value


def positive_integer(name, value, *, minimum=1, maximum=2**31 - 1):
    if not re.fullmatch(r"\d{1,10}", value) or not minimum <= int(value) <= maximum:
        raise bad_parameter(
            name,
            _("« %(value)s » n'est pas un entier entre %(min)s et %(max)s")
            % {"value": value, "min": minimum, "max": maximum},
        )
    return int(value)


def fiche_criteria(params):
    """The keyword arguments of ``selectors.filter_fiches`` from the query parameters: every
    catalogue filter (``fiches.catalogue.filters``) and the actors."""
    try:
        values = catalogue_filters.parse_strict(params, LiveReference())
    except catalogue_filters.InvalidParameter as error:
        if isinstance(error.error, catalogue_filters.UnknownCode):
            raise Http404(f"{error.name}: {error.error}") from error
        raise bad_parameter(error.name, str(error.error)) from error
    criteria = catalogue_filters.criteria(values)
    actors = {
        kind: positive_integer(kind, params[kind]) for kind in ACTOR_PARAMETERS if kind in params
    }
    if actors:
        criteria["actors"] = actors
    return criteria


class FicheFilter(BaseFilterBackend):
    """The fiche filters, on ``/pages/``: with ``type=fiches.FichePage``, or without a type
    (only the fiches that match are listed); other page types have none of these fields, so
    none of their pages matches."""

    def filter_queryset(self, request, queryset, view):
        given = [name for name in FICHE_PARAMETERS if name in request.GET]
        if not given:
            return queryset
        criteria = fiche_criteria(request.GET)
        if queryset.model is FichePage:
            return selectors.filter_fiches(queryset, **criteria)
        if queryset.model is Page:
            fiches = selectors.filter_fiches(view.public_pages(FichePage), **criteria)
            return queryset.filter(pk__in=fiches.values("pk"))
        return queryset.none()


class TreeFilter(BaseFilterBackend):
    """``child_of``, ``descendant_of`` and ``translation_of``, combinable: a page that is not
    public (or does not exist) is a 404 naming the parameter."""

    def filter_queryset(self, request, queryset, view):
        for name in TREE_PARAMETERS:
            if name not in request.GET:
                continue
            page = view.get_base_queryset().filter(pk=int(request.GET[name])).first()
            if page is None:
                raise Http404(f"{name}: " + _("aucune page publique n'a cet identifiant"))
            queryset = getattr(queryset, name)(page)
        return queryset


class SlugFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        if "slug" in request.GET:
            queryset = queryset.filter(slug=request.GET["slug"])
        return queryset


class LocaleFilter(BaseFilterBackend):
    """Wagtail's ``locale`` filter, with a 400 (not a 404) for an unknown language."""

    def filter_queryset(self, request, queryset, view):
        if "locale" not in request.GET:
            return queryset
        language = request.GET["locale"]
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None:
            raise bad_parameter("locale", _("langue inconnue « %(value)s »") % {"value": language})
        return queryset.filter(locale=locale)


class OrderingFilter(BaseFilterBackend):
    """``order`` among a fixed list of fields; amounts of framework agreements sort by their
    maximum. Empty values sort last."""

    def filter_queryset(self, request, queryset, view):
        order = request.GET.get("order")
        if not order:
            return queryset
        allowed = getattr(view, "orderings", None) or (
            FICHE_ORDERINGS if queryset.model is FichePage else PAGE_ORDERINGS
        )
        # The pages endpoint documents the fiches' keys for every type: they sort fiches only.
        known = getattr(view, "orderings", None) or FICHE_ORDERINGS
        expressions = []
        for item in order.split(","):
            name = one_of("order", item.removeprefix("-"), known)
            if name not in allowed:
                continue
            if name == "amount":
                queryset = queryset.annotate(
                    sort_amount=Coalesce("amount", "amount_max", "amount_min")
                )
                name = "sort_amount"
            if item.startswith("-"):
                expressions.append(F(name).desc(nulls_last=True))
            else:
                expressions.append(F(name).asc(nulls_last=True))
        return queryset.order_by(*expressions, "pk")


class SearchFilter(BaseFilterBackend):
    """Full-text search through Wagtail's search backend (French stemming on PostgreSQL), kept as
    a filter on primary keys so that it combines with every other filter and ordering."""

    def filter_queryset(self, request, queryset, view):
        query = request.GET.get("search")
        if query is None:
            return queryset
        # Its length, characters and operator were checked with every parameter
        # (fiches.api.validation, against the OpenAPI document).
        query = query.strip()
        operator = request.GET.get("search_operator", "or")
        words = search.query_words(query)
        if not words:
            # Nothing to look for (spaces, punctuation): nothing matches.
            return queryset.none()
        ranked = search.cached_ranked_pks(queryset.model, words, operator=operator, request=request)
        queryset = search.pk_in(queryset, ranked)
        if "order" not in request.GET:
            queryset = search.in_order(queryset, ranked)
        return queryset
