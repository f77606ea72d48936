"""The query parameters of the API: each one validated, so that a bad value gets a 400 that names
it (never a 500), then handed to ``fiches.selectors``."""

import re

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Locale

from fiches import selectors
from fiches.catalogue import search
from fiches.choices import LEVER_ARTICLES, Lever, Nature, Procedure, ReservedArticle
from fiches.models import CPVCode, Department, FichePage, Region, Theme

CPV_FILTER_RE = re.compile(r"^(\d{2,8})(?:-(\d))?$")
LEGAL_ARTICLES = sorted({*ReservedArticle.values, *LEVER_ARTICLES.values()})
ACTOR_PARAMETERS = ("buyer", "ess_structure", "operator")

#: Every filter of the fiches, by query parameter (documented in ``fiches.api.openapi``).
FICHE_PARAMETERS = (
    "region",
    "department",
    "nature",
    "procedure",
    "lever",
    "legal_article",
    "cpv",
    "theme",
    "award_year",
    *ACTOR_PARAMETERS,
)
#: Accepted values of ``order`` (each also with a leading ``-``), by page type.
PAGE_ORDERINGS = ("id", "title", "first_published_at")
FICHE_ORDERINGS = (*PAGE_ORDERINGS, "notification_date", "amount")
MAX_SEARCH_LENGTH = 200
#: Longest ``html_path`` of ``pages/find/``.
MAX_HTML_PATH = 1000


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


def existing(name, value, queryset, field="pk"):
    if not queryset.filter(**{field: value}).exists():
        raise bad_parameter(name, _("« %(value)s » n'existe pas") % {"value": value})
    return value


def cpv_prefix(value):
    """The digits a CPV filter matches: a division (``77``), a code with or without its check
    digit (``77310000-6``: that code and its sub-codes) or any prefix of 2 to 8 digits."""
    match = CPV_FILTER_RE.match(value)
    if match is None:
        raise bad_parameter(
            "cpv",
            _(
                "« %(value)s » n'est pas un code CPV : 2 à 8 chiffres, éventuellement suivis "
                "d'un tiret et du chiffre de contrôle (77310000-6)"
            )
            % {"value": value},
        )
    digits, check = match.groups()
    if len(digits) == 8:
        code = CPVCode.objects.filter(digits=digits).first()
        if code is None or (check is not None and code.code != value):
            raise bad_parameter(
                "cpv", _("le code %(value)s n'est pas dans la nomenclature") % {"value": value}
            )
        significant = digits.rstrip("0")
        return significant if len(significant) >= 2 else digits[:2]
    if check is not None:
        raise bad_parameter("cpv", _("un préfixe s'écrit sans chiffre de contrôle"))
    return digits


def fiche_criteria(params):
    """The keyword arguments of ``selectors.filter_fiches`` from the query parameters."""
    criteria = {}
    if "region" in params:
        criteria["region"] = existing("region", params["region"], Region.objects.all())
    if "department" in params:
        criteria["department"] = existing(
            "department", params["department"], Department.objects.all()
        )
    if "nature" in params:
        criteria["nature"] = one_of("nature", params["nature"], Nature.values)
    if "procedure" in params:
        criteria["procedure"] = one_of("procedure", params["procedure"], Procedure.values)
    if "lever" in params:
        criteria["lever"] = Lever(one_of("lever", params["lever"], Lever.values))
    if "legal_article" in params:
        criteria["article"] = one_of("legal_article", params["legal_article"], LEGAL_ARTICLES)
    if "cpv" in params:
        criteria["cpv_prefix"] = cpv_prefix(params["cpv"])
    if "theme" in params:
        criteria["theme"] = existing("theme", params["theme"], Theme.objects.all(), "slug")
    if "award_year" in params:
        criteria["award_year"] = positive_integer(
            "award_year", params["award_year"], minimum=1990, maximum=2100
        )
    actors = {
        kind: positive_integer(kind, params[kind]) for kind in ACTOR_PARAMETERS if kind in params
    }
    if actors:
        criteria["actors"] = actors
    return criteria


class FicheFilter(BaseFilterBackend):
    """The fiche filters, on ``/pages/?type=fiches.FichePage``."""

    def filter_queryset(self, request, queryset, view):
        given = [name for name in FICHE_PARAMETERS if name in request.GET]
        if not given:
            return queryset
        if queryset.model is not FichePage:
            raise bad_parameter(
                given[0], _("ce filtre demande type=fiches.FichePage") % {"value": given[0]}
            )
        return selectors.filter_fiches(queryset, **fiche_criteria(request.GET))


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
        expressions = []
        for item in order.split(","):
            name = one_of("order", item.removeprefix("-"), allowed)
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
        query = query.strip()
        if not query or len(query) > MAX_SEARCH_LENGTH or "\x00" in query:
            raise bad_parameter(
                "search",
                _("saisissez de 1 à %(max)s caractères") % {"max": MAX_SEARCH_LENGTH},
            )
        operator = request.GET.get("search_operator", "or")
        one_of("search_operator", operator, ["and", "or"])
        words = search.query_words(query)
        if not words:
            raise bad_parameter("search", _("saisissez au moins un mot"))
        ranked = search.cached_ranked_pks(queryset.model, words, operator=operator, request=request)
        queryset = search.pk_in(queryset, ranked)
        if "order" not in request.GET:
            queryset = search.in_order(queryset, ranked)
        return queryset
