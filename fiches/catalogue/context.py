"""What the catalogue page shows (``FicheIndexPage``): one page of results, the facets, the
active filters and the export links, from ``fiches.catalogue.selectors`` with the parameters
read by ``fiches.catalogue.facets`` and the fragment caches (cms.cache.fragments)."""

from fiches.catalogue import facets, search
from fiches.catalogue import selectors as catalogue
from fiches.catalogue.reference import Reference
from fiches.models import FichePage
from fiches.selectors import lazy, paginate


def catalogue_page(*, index_page, params, request=None):
    """The catalogue below ``index_page`` for the GET ``params`` (see ``fiches.catalogue.facets``):
    one page of fiche cards matching the search and every filter, in the order asked (best matches
    first by default when searching), and the facets, each value with the number of fiches it
    would give. Also the active filters with the links that remove them and the notices about
    ignored parameters. The number of queries depends neither on the number of fiches nor on
    the number of facet values; the number of results is counted with the facets, in their
    query (``facets.counted``).

    The labels of the filters, the search's ranking and each facet's counts are kept in the
    fragment cache (``cms.cache.fragments``, on in production) until the content changes: paging,
    sorting or changing one filter reuses what does not depend on it."""
    from cms.cache import fragments

    locale = index_page.locale
    reference = fragments.get_or_set(
        "catalogue-reference",
        [locale.pk],
        lambda: Reference.load(locale=locale),
        request=request,
    )
    query = facets.parse(params, reference)
    fiches, ranked = catalogue.searched(
        catalogue.catalogue_fiches(index_page=index_page),
        query.words,
        rank=lambda words: search.cached_ranked_pks(FichePage, words, request=request),
    )
    results = catalogue.results(fiches, query.criteria())
    lean = fiches.select_related(None).prefetch_related(None).order_by()
    counted = lazy(
        lambda: facets.counted(lean, query, reference, scope=index_page.pk, request=request)
    )
    if query.order == facets.SEARCH_ORDER:
        page = _ranked_page(
            results,
            ranked,
            params.get("page"),
            index_page.per_page,
            key=[index_page.pk, query.querystring()],
            request=request,
        )
    else:
        ordered = catalogue.ordered(results, query.order)
        # The number of results is counted with the facets: no query of its own.
        page = paginate(
            ordered, params.get("page"), index_page.per_page, count=counted[facets.TOTAL]
        )
    # Shown in the results fragment only; reading the locale's language costs a query.
    exports = lazy(lambda: facets.export_params(query, locale=locale))
    return {
        "fiches": page,
        "paginator": page.paginator,
        "query": query,
        "q": query.q,
        # Keys of the fragments of the template: the filter form shows the search and the
        # filters; the results also the order, the page and, in the pagination's links, the
        # parameters as given.
        "form_key": query.querystring(),
        "results_key": f"{page.number}?{params.urlencode()}",
        "facet_groups": lazy(lambda: facets.groups(facets.facets_of(counted, query, reference))),
        "orders": facets.orders(query),
        "active_filters": facets.active_filters(query, reference),
        "notices": query.notices,
        "export_params": lazy(lambda: exports[0]),
        "export_partial": lazy(lambda: exports[1]),
    }


def _ranked_page(results, ranked, page_number, per_page, *, key, request=None):
    """One page of ``results`` in the order of ``ranked`` (the search's primary keys, best
    first): the order is applied to the keys in Python rather than in SQL, and only the fiches
    of the page are loaded — when the template reads them (a results fragment from the cache
    does not). The ordered keys matching the filters are kept in the fragment cache under
    ``key`` (the catalogue and the state of its search and filters) until the content changes."""
    from cms.cache import fragments

    ordered = fragments.get_or_set(
        "catalogue-ranked",
        key,
        lambda: catalogue.matching_in_order(results, ranked),
        request=request,
    )
    page = paginate(ordered, page_number, per_page)
    keys = list(page.object_list)

    page.object_list = lazy(lambda: catalogue.fiches_in_order(results, keys))
    return page
