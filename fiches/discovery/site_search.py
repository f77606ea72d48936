"""The site-wide search page and the suggestions of the search boxes: fiches, actors, CPV codes
and content pages of the active language, public ones only.

Fiches are found by ``fiches.catalogue.search`` (PostgreSQL's French configuration, or Snowball
French stems on SQLite; accents folded). Actors are searched through their accent-free copies
(``Actor.folded_text``, ``Actor.folded_name``) and kept only when they appear in a live, public
fiche of the language. Content pages are every other live, public page of the language (plain
pages, newsâ¦), searched with and without accents.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from fiches import selectors, stemming
from fiches.catalogue import search
from fiches.choices import BuyerType, ESSFamily, InclusionStatus, OperatorType
from fiches.models import (
    Buyer,
    CPVCode,
    ESSStructure,
    FicheAdditionalCPV,
    FichePage,
    Operator,
)
from fiches.text import fold_accents

#: Results shown per group on the search page; the rest is one link away (catalogue, directory).
FICHES_SHOWN = 10
ACTORS_SHOWN = 5
PAGES_SHOWN = 5
#: Suggestions: shortest query (characters) and longest list.
SUGGESTION_MIN_LENGTH = 2
SUGGESTION_LIMIT = 8
#: Actor names read from the autocomplete index before keeping the public ones.
SUGGESTION_SCAN = 50


# The kinds of actors in the order the pages show them.


@dataclass(frozen=True)
class SubKind:
    """A classification of one kind of actor, filtered by the GET parameter ``param``."""

    param: str
    field: str
    label: str
    choices: type


@dataclass(frozen=True)
class Kind:
    """One kind of actor: its URL segment (also the value of the directory's ``type``
    parameter), model, headings and classifications (the directory's sub-kind filters)."""

    slug: str
    model: type
    plural: str
    singular: str
    subkinds: tuple


KINDS = [
    Kind(
        Buyer.url_kind,
        Buyer,
        _("Acheteurs publics"),
        _("Acheteur public"),
        (SubKind("buyer_type", "buyer_type", _("Type d'acheteur"), BuyerType),),
    ),
    Kind(
        ESSStructure.url_kind,
        ESSStructure,
        _("Structures de l'ESS"),
        _("Structure de l'ESS"),
        (
            SubKind("family", "family", _("Famille de l'ESS"), ESSFamily),
            SubKind(
                "status",
                "inclusion_status",
                _("Statut d'inclusion ou de handicap"),
                InclusionStatus,
            ),
        ),
    ),
    Kind(
        Operator.url_kind,
        Operator,
        _("Opérateurs et accompagnateurs"),
        _("Opérateur ou accompagnateur"),
        (SubKind("operator_type", "operator_type", _("Type d'opérateur"), OperatorType),),
    ),
]


class SearchForm(forms.Form):
    """The ``q`` parameter of the search page and of the suggestions, checked before any search:
    too long, a NUL byte or no word at all gives a French message instead of an error."""

    q = forms.CharField(
        required=False,
        max_length=search.MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _(
                "Votre recherche est trop longue : %(limit_value)d caractères au plus "
                "(elle en compte %(show_value)d). Raccourcissez-la."
            ),
            "null_characters_not_allowed": _(
                "Votre recherche contient un caractère invalide : retapez-la."
            ),
        },
    )

    def clean_q(self):
        query = self.cleaned_data["q"]
        if query and not search.query_words(query):
            raise ValidationError(
                _("Saisissez au moins un mot : votre recherche ne contient ni lettre ni chiffre.")
            )
        return query


def public_actors_of(model, *, locale, fiches=None):
    """Actors of one kind and language that appear in a live, public fiche of that language."""
    if fiches is None:
        fiches = selectors.published_fiches(locale=locale).values("pk")
    return model.objects.filter(locale=locale).filter(selectors.public_actor_filter(model, fiches))


def _ranked_actors(model, words, *, locale, fiches, shown):
    """The public actors of ``model`` matching ``words``, best first: ``(count, first ones)``."""
    ranked = search.ranked_pks(model, words)
    if not ranked:
        return 0, []
    public = set(
        public_actors_of(model, locale=locale, fiches=fiches)
        .filter(pk__in=ranked)
        .values_list("pk", flat=True)
    )
    ordered = [pk for pk in ranked if pk in public]
    first = {
        actor.pk: actor
        for actor in model.objects.filter(pk__in=ordered[:shown]).select_related("region")
    }
    return len(ordered), [first[pk] for pk in ordered[:shown] if pk in first]


def _ranked_pages(query, words, *, locale):
    """Live, public pages of ``locale`` other than fiches matching ``query``, best first:
    ``(count, first ones as their specific type)``. The words are searched as typed and without
    accents, since content pages keep no accent-free copy of their text."""
    terms = list(dict.fromkeys([*words, *search.WORD.findall(query.lower())]))
    pages = Page.objects.live().public().filter(locale=locale, depth__gt=1).not_type(FichePage)
    ranked = [page.pk for page in get_search_backend().search(" ".join(terms), pages)]
    if not ranked:
        return 0, []
    # The search backend filters on its indexed fields only: the rest of the rule of what is
    # publicly visible (aliases, expiry) is applied to what it found.
    kept = set(
        selectors.visible_pages(Page.objects.filter(pk__in=ranked)).values_list("pk", flat=True)
    )
    ordered = [pk for pk in ranked if pk in kept]
    first = {page.pk: page for page in Page.objects.filter(pk__in=ordered[:PAGES_SHOWN]).specific()}
    shown = [first[pk] for pk in ordered[:PAGES_SHOWN] if pk in first]
    for page in shown:
        # The page's own summary when it has one (the intro of plain pages may be rich text).
        page.excerpt = strip_tags(str(getattr(page, "intro", "") or page.search_description))
    return len(ordered), shown


def results(*, query, locale):
    """Everything the search page shows for ``query`` (already validated) in ``locale``: the
    best fiches with their count, the best actors of each kind with their counts, the best
    content pages with their count, and the total. A fixed number of queries whatever the
    number of results."""
    words = search.query_words(query)
    published = selectors.published_fiches(locale=locale)
    fiches = search.search(published, query)
    fiche_count = fiches.count()
    fiche_ids = published.values("pk")
    actor_groups = []
    for kind in KINDS:
        count, actors = _ranked_actors(
            kind.model, words, locale=locale, fiches=fiche_ids, shown=ACTORS_SHOWN
        )
        actor_groups.append(
            {"kind": kind.slug, "heading": kind.plural, "count": count, "actors": actors}
        )
    actor_count = sum(group["count"] for group in actor_groups)
    page_count, pages = _ranked_pages(query, words, locale=locale)
    return {
        "fiches": list(fiches[:FICHES_SHOWN]) if fiche_count else [],
        "fiche_count": fiche_count,
        "actor_groups": actor_groups,
        "actor_count": actor_count,
        "pages": pages,
        "page_count": page_count,
        "total": fiche_count + actor_count + page_count,
    }


# Suggestions typed in a search box.


def autocomplete_pks(model, words, *, locale, limit=None):
    """Ids of the actors of ``model`` and ``locale`` whose name holds every word, the last one
    as the start of a word (« cooperative de ren » finds « Coopérative de Rennes »), best
    first."""
    backend = get_search_backend()
    candidates = model.objects.filter(locale=locale)
    query = stemming.search_query(words, operator="and")
    try:
        results = backend.autocomplete(query, candidates, operator="and")
    except NotImplementedError:  # a database without full-text search: whole words only
        results = backend.search(query, candidates, operator="and")
    if limit is not None:
        results = results[:limit]
    return [actor.pk for actor in results]


def _actor_suggestions(words, *, locale, fiches):
    """Public actors whose name has every word (the last one as a prefix), names starting with
    the query first."""
    found = []
    for kind in KINDS:
        ranked = autocomplete_pks(kind.model, words, locale=locale, limit=SUGGESTION_SCAN)
        if not ranked:
            continue
        actors = public_actors_of(kind.model, locale=locale, fiches=fiches).filter(pk__in=ranked)
        found += [(actor, kind.singular) for actor in actors]
    start = " ".join(words)
    found.sort(
        key=lambda item: (
            not fold_accents(item[0].name).lower().startswith(start),
            fold_accents(item[0].name).lower(),
        )
    )
    return [
        {
            "type": "actor",
            "kind": actor.url_kind,
            "kind_label": str(label),
            "label": actor.name,
            "detail": " · ".join(part for part in (str(actor.kind_label), actor.commune) if part),
            "url": actor.get_absolute_url(),
        }
        for actor, label in found
    ]


def _cpv_suggestions(words, *, fiches, catalogue_url):
    """CPV codes used by a public fiche (main or additional) and their divisions, whose label
    has every word as the start of one of its words (or of its French stem: « athlète » finds
    « athlétisme »), or whose code starts with the digits typed. Codes no fiche uses are left
    out: they would lead to an empty catalogue."""
    used = CPVCode.objects.filter(
        Q(pk__in=FichePage.objects.filter(pk__in=fiches).values("main_cpv"))
        | Q(pk__in=FicheAdditionalCPV.objects.filter(fiche__in=fiches).values("cpv"))
    )
    codes = CPVCode.objects.filter(
        Q(pk__in=used.values("pk")) | Q(level=1, division__in=used.values("division"))
    ).order_by("code")
    # « 7731 » or « 77310000-6 »: the start of a code (its check digit aside).
    digits = words[0] if all(word.isdigit() for word in words) else ""
    found = []
    for code in codes:
        label_words = search.query_words(code.label)
        if digits:
            matches = code.digits.startswith(digits)
        else:
            label_stems = [stemming.stem(label_word) for label_word in label_words]
            matches = all(
                any(label_word.startswith(word) for label_word in label_words)
                or any(label_stem.startswith(stemming.stem(word)) for label_stem in label_stems)
                for word in words
            )
        if matches:
            starts = bool(label_words) and label_words[0].startswith(words[0])
            found.append((not starts and not digits, code.level, code))
    found.sort(key=lambda item: item[:2])
    return [
        {
            "type": "cpv",
            "kind": "cpv",
            "kind_label": str(_("Code CPV")),
            "label": code.label,
            "detail": code.code,
            "code": code.code,
            "division": code.division,
            "url": f"{catalogue_url}?cpv={code.division}",
        }
        for _start, _level, code in found
    ]


def suggestions(*, query, locale, catalogue_url=None):
    """At most ``SUGGESTION_LIMIT`` suggestions for ``query`` (already validated): public actors
    with their page and CPV codes with a link to the catalogue filtered on their division, half
    of each when both have enough. Empty below ``SUGGESTION_MIN_LENGTH`` characters."""
    words = search.query_words(query)
    if len("".join(words)) < SUGGESTION_MIN_LENGTH:
        return []
    fiches = selectors.published_fiches(locale=locale).values("pk")
    actors = _actor_suggestions(words, locale=locale, fiches=fiches)
    codes = (
        _cpv_suggestions(words, fiches=fiches, catalogue_url=catalogue_url) if catalogue_url else []
    )
    half = SUGGESTION_LIMIT // 2
    actor_share = max(half, SUGGESTION_LIMIT - len(codes))
    chosen = actors[:actor_share]
    return chosen + codes[: SUGGESTION_LIMIT - len(chosen)]
