"""The directory of actors (/fr/acteurs/): buyers, ESS structures and operators that appear in at
least one live, public fiche of the active language, filtered by kind, sub-kind, region and a
search, sorted by name, paginated.

The three kinds are listed together, so the directory reads the id, name and classification of
every matching actor (one query per kind), counts and sorts them in Python, and then loads only
the actors of the page shown: the number of queries does not grow with the number of actors.
"""

import heapq
import operator
from collections import Counter
from urllib.parse import urlencode

from django import forms
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.cache import fragments
from cms.compiled import compiled
from fiches import selectors
from fiches.catalogue import search
from fiches.choices import BuyerType, ESSFamily, InclusionStatus, OperatorType
from fiches.discovery.site_search import KINDS, SearchForm, autocomplete_pks, public_actors_of
from fiches.models import FichePage, Operator, Region
from fiches.text import fold_accents

PER_PAGE = 24

KINDS_BY_SLUG = {kind.slug: kind for kind in KINDS}
SUBKIND_PARAMS = {subkind.param: kind for kind in KINDS for subkind in kind.subkinds}


class DirectoryForm(SearchForm):
    """The GET parameters of the directory: ``type``, the sub-kind of that type (``buyer_type``,
    ``family``, ``status``, ``operator_type``), ``region`` (INSEE code), ``q`` and ``page``.
    A sub-kind given without a type selects its type; one of another type is ignored."""

    type = forms.ChoiceField(
        required=False,
        choices=[(kind.slug, kind.plural) for kind in KINDS],
        error_messages={"invalid_choice": _("Ce type d'acteur n'existe pas.")},
    )
    buyer_type = forms.ChoiceField(
        required=False,
        choices=BuyerType.choices,
        error_messages={"invalid_choice": _("Ce type d'acheteur n'existe pas.")},
    )
    family = forms.ChoiceField(
        required=False,
        choices=ESSFamily.choices,
        error_messages={"invalid_choice": _("Cette famille de l'ESS n'existe pas.")},
    )
    status = forms.ChoiceField(
        required=False,
        choices=InclusionStatus.choices,
        error_messages={"invalid_choice": _("Ce statut d'inclusion n'existe pas.")},
    )
    operator_type = forms.ChoiceField(
        required=False,
        choices=OperatorType.choices,
        error_messages={"invalid_choice": _("Ce type d'opérateur n'existe pas.")},
    )
    region = forms.ChoiceField(
        required=False,
        error_messages={
            "invalid_choice": _("Cette région n'existe pas : choisissez-la dans la liste.")
        },
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [
            ("", _("Toutes les régions")),
            *[(region.code, region.label) for region in regions],
        ]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("type"):
            for param, kind in SUBKIND_PARAMS.items():
                if cleaned.get(param):
                    cleaned["type"] = kind.slug
                    break
        chosen = KINDS_BY_SLUG.get(cleaned.get("type"))
        for param, kind in SUBKIND_PARAMS.items():
            if kind is not chosen:
                cleaned[param] = ""
        return cleaned


def _rows(kind, *, locale, fiches, region, words):
    """``(pk, name, classification…)`` of the public actors of ``kind`` in ``region`` matching
    ``words`` (whole words of their name, presentation or commune, or the start of a word of
    their name). Without ``words``, in a query compiled once (``cms.compiled``)."""
    fields = [subkind.field for subkind in kind.subkinds]
    if words:
        actors = public_actors_of(kind.model, locale=locale, fiches=fiches)
        if region:
            actors = actors.filter(region_id=region)
        found = {
            *search.ranked_pks(kind.model, words, operator="and"),
            *autocomplete_pks(kind.model, words, locale=locale),
        }
        rows = actors.filter(pk__in=found).values_list("pk", "name", *fields)
    else:
        bound = {
            "locale": locale.pk,
            "now": timezone.now(),
            **({"region": region} if region else {}),
        }
        rows = compiled(
            "directory_rows",
            _directory_rows,
            kind.model,
            shape={"model": kind.model, "fields": tuple(fields)},
            **bound,
        )
    return [
        {"kind": kind, "pk": pk, "name": name, **dict(zip(fields, values, strict=True))}
        for pk, name, *values in rows
    ]


def _directory_rows(*, model, fields, locale, now, region=None):
    # With or without a region: a value more or less, so a statement of its own.
    fiches = selectors.published_fiches(locale=locale, now=now).values("pk")
    actors = public_actors_of(model, locale=locale, fiches=fiches)
    if region is not None:
        actors = actors.filter(region_id=region)
    return actors.values_list("pk", "name", *fields)


def _searched_rows(*, locale, fiches, region, words):
    """``{kind slug: its rows in the directory's order}`` (``_rows``)."""
    return {
        kind.slug: _sorted(_rows(kind, locale=locale, fiches=fiches, region=region, words=words))
        for kind in KINDS
    }


def directory_rows(*, locale, region=""):
    """``_searched_rows`` without a search: every public actor of ``locale`` (in ``region``, an
    INSEE code, when given), stored (``fiches.selectors.stored``) as ``[rank, pk, its
    classification…]`` per kind, the rank being its place in the directory's order: one
    query, four more on a miss (one per kind)."""
    ranked = selectors.stored(
        "directory-rows", [locale.pk, region], lambda: _ranked(locale=locale, region=region)
    )
    rows = {}
    for kind in KINDS:
        fields = [subkind.field for subkind in kind.subkinds]
        rows[kind.slug] = [
            {"kind": kind, "pk": pk, "order": rank, **dict(zip(fields, values, strict=True))}
            for rank, pk, *values in ranked[kind.slug]
        ]
    return rows


def _ranked(*, locale, region):
    fiches = selectors.published_fiches(locale=locale).values("pk")
    rows = _searched_rows(locale=locale, fiches=fiches, region=region, words=[])
    merged = heapq.merge(*rows.values(), key=operator.itemgetter("order"))
    ranks = {(row["kind"].slug, row["pk"]): rank for rank, row in enumerate(merged)}
    return {
        kind.slug: [
            [ranks[kind.slug, row["pk"]], row["pk"], *(row[sub.field] for sub in kind.subkinds)]
            for row in rows[kind.slug]
        ]
        for kind in KINDS
    }


def _sorted(rows):
    """``rows`` in the directory's order — name without accents or case, kind, id — which each
    keeps under ``order``."""
    for row in rows:
        row["order"] = (fold_accents(row["name"]).casefold(), row["kind"].slug, row["pk"])
    return sorted(rows, key=operator.itemgetter("order"))


def _fiche_counts(kind, pks, fiches):
    """The number of public fiches of each actor of ``pks`` (as a stakeholder or an author)."""
    link_model = kind.model.fiche_links.rel.related_model
    if kind.model is not Operator:
        return dict(
            link_model.objects.filter(actor__in=pks, fiche__in=fiches)
            .values("actor")
            .annotate(count=Count("fiche", distinct=True))
            .values_list("actor", "count")
        )
    pairs = set(
        link_model.objects.filter(actor__in=pks, fiche__in=fiches).values_list("actor", "fiche")
    )
    pairs.update(
        FichePage.objects.filter(pk__in=fiches, author__in=pks).values_list("author", "pk")
    )
    return Counter(actor for actor, _fiche in pairs)


def actor_directory(*, locale, params):
    """The context of the directory for ``params`` (a valid ``DirectoryForm``'s cleaned data):
    one page of actors with their region, logo and number of fiches, the count of each type
    and of each sub-kind of the chosen type (each facet ignoring its own filter)."""
    fiches = selectors.published_fiches(locale=locale).values("pk")
    words = search.query_words(params.get("q"))
    region = params.get("region") or ""
    rows = fragments.get_or_set(
        "directory-rows",
        [locale.pk, region, " ".join(words)],
        lambda: (
            _searched_rows(locale=locale, fiches=fiches, region=region, words=words)
            if words
            else directory_rows(locale=locale, region=region)
        ),
    )
    chosen = KINDS_BY_SLUG.get(params.get("type"))
    facets = []
    if chosen:
        shown = rows[chosen.slug]
        for subkind in chosen.subkinds:
            value = params.get(subkind.param)
            others = [
                row
                for row in shown
                if all(
                    not params.get(other.param) or row[other.field] == params[other.param]
                    for other in chosen.subkinds
                    if other is not subkind
                )
            ]
            counts = Counter(row[subkind.field] for row in others)
            facets.append(
                {
                    "param": subkind.param,
                    "label": subkind.label,
                    "value": value,
                    "options": [
                        {"value": code, "label": label, "count": counts[code]}
                        for code, label in subkind.choices.choices
                        if counts[code] or code == value
                    ],
                }
            )
            if value:
                shown = [row for row in shown if row[subkind.field] == value]
    else:
        shown = list(heapq.merge(*rows.values(), key=operator.itemgetter("order")))
    page = selectors.paginate(shown, params.get("page"), PER_PAGE)
    page.object_list = _load(page.object_list, locale=locale, fiches=fiches)
    # The type links keep the search and the region, and drop the sub-kinds and the page.
    kept = {key: params[key] for key in ("q", "region") if params.get(key)}
    return {
        "actors": page,
        "paginator": page.paginator,
        "kinds": [
            {
                "slug": kind.slug,
                "label": kind.plural,
                "count": len(rows[kind.slug]),
                "query_string": urlencode({**kept, "type": kind.slug}),
            }
            for kind in KINDS
        ],
        "all_count": sum(len(kind_rows) for kind_rows in rows.values()),
        "all_query_string": urlencode(kept),
        "chosen_kind": chosen,
        "facets": facets,
    }


def _load(rows, *, locale, fiches):
    """The actors of ``rows`` in their order, with logo, region, kind heading and fiche count:
    those still public in ``locale`` (rows may be stored: ``directory_rows``)."""
    by_kind = {}
    for row in rows:
        by_kind.setdefault(row["kind"].slug, []).append(row["pk"])
    loaded = {}
    for slug, pks in by_kind.items():
        kind = KINDS_BY_SLUG[slug]
        counts = _fiche_counts(kind, pks, fiches)
        actors = public_actors_of(kind.model, locale=locale, fiches=fiches).filter(pk__in=pks)
        actors = actors.select_related("logo", "region")
        for actor in actors.prefetch_related("logo__renditions"):
            actor.kind_heading = kind.singular
            actor.fiche_count = counts.get(actor.pk, 0)
            loaded[kind.slug, actor.pk] = actor
    return [
        loaded[row["kind"].slug, row["pk"]]
        for row in rows
        if (row["kind"].slug, row["pk"]) in loaded
    ]


def directory_regions():
    """The regions of the region filter, by name."""
    return list(Region.objects.order_by("name"))
