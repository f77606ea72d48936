"""The reads of the catalogue (fiches.catalogue): its fiches, narrowed and ordered. Plain
queries: the parameters, labels and caches are in ``fiches.catalogue.facets`` and
``fiches.catalogue.context``."""

from django.db.models import F
from django.db.models.functions import Coalesce

from fiches.catalogue import search
from fiches.selectors import filter_fiches, published_fiches

#: The ``order`` parameter of the catalogue → its ordering; ties go to the newest publication.
CATALOGUE_ORDERINGS = {
    "recent": ("-first_published_at", "-pk"),
    "award": (F("notification_date").desc(nulls_last=True), "-first_published_at", "-pk"),
    "amount": (F("sort_amount").desc(nulls_last=True), "-first_published_at", "-pk"),
}


def catalogue_fiches(*, index_page):
    """The published fiches of the catalogue ``index_page`` (its language, below it)."""
    return published_fiches(locale=index_page.locale).child_of(index_page)


def searched(fiches, words, *, rank):
    """``fiches`` narrowed to the matches of the search ``words`` (all of them without a word),
    and the ranking ``rank(words)`` gives (primary keys, best first; ``None`` without a word)."""
    if not words:
        return fiches, None
    ranked = rank(words)
    return search.pk_in(fiches, ranked), ranked


def results(fiches, criteria):
    """``fiches`` narrowed by ``criteria`` (keyword arguments of ``filter_fiches``)."""
    return filter_fiches(fiches, **criteria)


def ordered(results, order):
    """``results`` in the catalogue order ``order`` (a key of ``CATALOGUE_ORDERINGS``)."""
    if order == "amount":
        results = results.annotate(sort_amount=Coalesce("amount", "amount_max", "amount_min"))
    return results.order_by(*CATALOGUE_ORDERINGS[order])


def matching_in_order(results, ranked):
    """The primary keys of ``ranked`` (best first) that are among ``results``."""
    matching = set(results.prefetch_related(None).values_list("pk", flat=True))
    return [pk for pk in ranked if pk in matching]


def fiches_in_order(results, keys):
    """The fiches of ``results`` whose primary keys are ``keys``, in that order."""
    loaded = {fiche.pk: fiche for fiche in search.pk_in(results, keys)}
    return [loaded[pk] for pk in keys if pk in loaded]
