"""The endpoints the harness measures, as a plain table that each feature extends.

A path may hold placeholders filled after seeding: ``{fiche_url}`` (the first fiche of the
catalogue, e.g. ``/fr/fiches/entretien-des-espaces-verts-1/``), ``{fiche_id}`` (its page id),
``{actor_url}`` (one of its buyers) and ``{static_url}`` (the site's stylesheet, as collected).
An endpoint that answers 404 (or 400) when the server starts is reported as skipped, so entries
for features still being built (filters, feeds, PDF, the API) can be listed ahead of them.
"""

from dataclasses import dataclass, replace

#: Query string of the catalogue and API filters: a region, a nature and a lever. On the bench
#: seed about one fiche in 85 matches (Bretagne, services, social clause): 116 of 10,000.
THREE_FILTERS = "region=53&nature=services&lever=clause_sociale"
#: One fiche in six is about green spaces (bench.seed.SUBJECTS).
SEARCH = "q=espaces+verts"
#: Catalogue filters through the fiches' actors (ESS family of a supplier, type of a buyer),
#: sorted by amount: the facets that join the stakeholder rows.
ACTOR_FILTERS = "family=association&buyer_type=commune&order=amount"


@dataclass(frozen=True)
class Target:
    """What the issue asks of an endpoint: a minimum share of the floor's throughput, a maximum
    95th-percentile latency, and when it applies."""

    floor_ratio: float | None = None
    p95_ms: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Endpoint:
    """One URL to measure. ``kind`` groups the table; ``load`` puts it in the load-test mix;
    ``cached`` measures it a second time with the full-page cache on (``<name> (cache)``);
    ``cold`` (a ``Target``, issue 16) measures it again in the cold table, with
    ``FRAGMENT_CACHE_SECONDS=0`` and the page cache off."""

    name: str
    path: str
    kind: str = "page"
    target: Target | None = None
    load: bool = False
    cached: bool = False
    cold: Target | None = None

    def resolve(self, context):
        """The path with its placeholders filled from ``context``."""
        return self.path.format(**context)


FLOOR = "floor"
FLOOR_PATH = "/bench/floor/"

DETAIL_TARGET = Target(floor_ratio=0.08, p95_ms=60)
FILTER_TARGET = Target(floor_ratio=0.03, p95_ms=150, note="à 10 000 fiches")
#: Pages served from the full-page cache to anonymous visitors.
CACHED_TARGET = Target(floor_ratio=0.60, note="depuis le cache")
#: The cold render path (issue 16): FRAGMENT_CACHE_SECONDS=0 and the page cache off.
COLD_PAGE = Target(floor_ratio=0.03)
COLD_FILTERS = Target(floor_ratio=0.03, note="à 10 000 fiches")

ENDPOINTS = [
    Endpoint(FLOOR, FLOOR_PATH, kind="reference"),
    Endpoint("static", "{static_url}", kind="reference"),
    Endpoint("home", "/fr/", cached=True, cold=COLD_PAGE),
    Endpoint("catalogue", "/fr/fiches/", load=True, cached=True, cold=Target()),
    Endpoint(
        "catalogue-filters",
        f"/fr/fiches/?{THREE_FILTERS}",
        target=FILTER_TARGET,
        cold=COLD_FILTERS,
    ),
    Endpoint("catalogue-search", f"/fr/fiches/?{SEARCH}", target=FILTER_TARGET, cold=COLD_FILTERS),
    Endpoint("catalogue-actors", f"/fr/fiches/?{ACTOR_FILTERS}"),
    Endpoint(
        "fiche",
        "{fiche_url}",
        target=DETAIL_TARGET,
        load=True,
        cached=True,
        cold=Target(floor_ratio=0.05, p95_ms=120),
    ),
    Endpoint("actor", "{actor_url}"),
    Endpoint("actors", "/fr/acteurs/", cold=COLD_PAGE),
    Endpoint("search", f"/fr/recherche/?{SEARCH}", target=FILTER_TARGET, cold=Target()),
    Endpoint("suggestions", "/fr/recherche/suggestions/?q=espa"),
    Endpoint("regions", "/fr/regions/"),
    Endpoint("region", "/fr/regions/bretagne/", cold=COLD_PAGE),
    Endpoint("widget", "/fr/widget/fiches/?region=53&limit=10", cached=True),
    Endpoint("news", "/fr/actualites/"),
    Endpoint("feed", "/fr/flux/fiches/rss/", kind="feed", cold=COLD_PAGE),
    Endpoint("sitemap", "/sitemap.xml", kind="feed"),
    # The fiche's PDF (fiches.rendering.pdf): built once per published revision, then cached.
    Endpoint("pdf", "{fiche_url}pdf/", kind="document"),
    Endpoint(
        "api-list",
        "/api/v2/pages/?type=fiches.FichePage&fields=*&limit=20",
        kind="api",
        target=Target(floor_ratio=0.03, note="20 fiches, tous les champs"),
        load=True,
        cold=Target(floor_ratio=0.03, note="20 fiches, tous les champs"),
    ),
    Endpoint(
        "api-list-filters",
        "/api/v2/pages/?type=fiches.FichePage&fields=*&limit=20&region=53&nature=services",
        kind="api",
    ),
    Endpoint(
        "api-detail",
        "/api/v2/pages/{fiche_id}/",
        kind="api",
        target=DETAIL_TARGET,
        cold=Target(floor_ratio=0.08),
    ),
    Endpoint(
        "api-search",
        "/api/v2/pages/?type=fiches.FichePage&search=espaces+verts",
        kind="api",
    ),
    # Full open-data exports (every published fiche per request); see also bench/import_export.py.
    Endpoint("export-csv", "/api/v2/exports/fiches.csv", kind="export"),
    Endpoint("export-xlsx", "/api/v2/exports/fiches.xlsx", kind="export"),
    Endpoint("export-json", "/api/v2/exports/fiches.json", kind="export"),
    Endpoint("export-decp", "/api/v2/exports/fiches.decp.json", kind="export"),
    Endpoint("export-ocds", "/api/v2/exports/fiches.ocds.json", kind="export"),
    Endpoint("export-fiche-ocds", "/api/v2/exports/fiches/{fiche_id}.ocds.json", kind="export"),
]


def select(names=None, *, endpoints=ENDPOINTS):
    """The endpoints named in ``names`` (all by default), the floor always first: every ratio is
    computed against it."""
    chosen = [e for e in endpoints if names is None or e.name in names or e.name == FLOOR]
    unknown = set(names or ()) - {e.name for e in endpoints}
    if unknown:
        raise ValueError(f"Unknown endpoints: {', '.join(sorted(unknown))}")
    return sorted(chosen, key=lambda e: e.name != FLOOR)


def cached_variants(chosen):
    """The cached twin of each chosen endpoint that has one, held to the cache target."""
    return [
        replace(e, name=f"{e.name} (cache)", target=CACHED_TARGET, load=False, cached=False)
        for e in chosen
        if e.cached
    ]


def cold_variants(chosen):
    """The endpoints of the cold table (those with a ``cold`` target, and the floor, measured
    again on the cold server), held to their cold targets."""
    return [
        replace(e, target=_stated(e.cold), cached=False, load=False)
        for e in chosen
        if e.cold is not None or e.name == FLOOR
    ]


def _stated(target):
    """``target``, or ``None`` when it states nothing (an endpoint listed without a target)."""
    if target is None or (target.floor_ratio is None and target.p95_ms is None):
        return None
    return target


def load_mix(*, endpoints=ENDPOINTS):
    """The endpoints of the load test (fiche page, catalogue and API)."""
    return [e for e in endpoints if e.load]
