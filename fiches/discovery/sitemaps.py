"""What crawlers read at the root of the site: ``/sitemap.xml`` and ``/robots.txt``.

The sitemap lists every live, public page of the site in every language (aliases, the untranslated
copies wagtail-localize makes, are left out), the list pages that are not Wagtail pages (actor
directory, regions, open data), each region page and each actor that appears in a published
fiche. A page that exists in several languages carries all its versions as
``<xhtml:link rel="alternate" hreflang>`` plus an ``x-default`` (its first language in
``LANGUAGES``), as the ``<head>`` of its HTML does. Wagtail's own sitemap lists only the tree of
the site's root page, so the other languages would be missing, and has no alternates.

URLs are absolute on the host and scheme of the request, as Django's sitemaps build them."""

from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views
from wagtail.models import Locale, Page

from cms.cache import fragments
from cms.sites import without_site_root_paths
from fiches import selectors
from fiches.models import ACTOR_KINDS, Region

#: List pages that are Django views, by URL name; names not (yet) installed are skipped.
LIST_VIEWS = ["actor_directory", "region_index", "open_data"]
SITEMAP_MAX_AGE = 3600
ROBOTS_MAX_AGE = 24 * 3600


def _language_order():
    return [code for code, _name in settings.LANGUAGES]


def alternates(versions):
    """``<xhtml:link>`` entries for ``versions``, ``(language_code, url)`` pairs of one page:
    every version in the order of ``LANGUAGES`` and the first one as ``x-default``; none when
    the page exists in one language only."""
    order = _language_order()
    versions = sorted(
        (item for item in versions if item[0] in order), key=lambda item: order.index(item[0])
    )
    if len(versions) < 2:
        return []
    links = [{"lang_code": code, "location": url} for code, url in versions]
    return [*links, {"lang_code": "x-default", "location": versions[0][1]}]


class PageSitemap(WagtailSitemap):
    """Every live, public, non-alias Wagtail page of the site, in all its language trees, with
    the other languages of each page as alternates, in a few queries whatever their number
    (site, roots, view restrictions, pages, locales). Pages are not made specific: a page type
    that overrides ``get_url_parts`` or ``get_sitemap_urls`` is not consulted."""

    def __init__(self, request=None):
        super().__init__(request)
        self._pages = None

    def items(self):
        if self._pages is None:
            root = self.get_wagtail_site().root_page
            root_paths = Page.objects.filter(translation_key=root.translation_key).values_list(
                "path", flat=True
            )
            in_site = Q()
            for path in root_paths:
                in_site |= Q(path__startswith=path)
            # Plain Page rows: their URL and dates are all the sitemap needs, so no page type's
            # own table is read (one query, however many fiches).
            self._pages = list(
                selectors.visible_pages(Page.objects.filter(in_site)).order_by("path")
            )
        return self._pages

    def location(self, page):
        url = page.get_url(self.request)
        return self.request.build_absolute_uri(url) if url else None

    def _urls(self, page, protocol, domain):
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        locations = {item.pk: self.location(item) for item in self.items()}
        versions = defaultdict(list)
        for item in self.items():
            if locations[item.pk]:
                versions[item.translation_key].append(
                    (languages[item.locale_id], locations[item.pk])
                )
        urls = []
        for item in self.paginator.page(page).object_list:
            location = locations[item.pk]
            if location is None:
                continue
            urls.append(
                {
                    "item": item,
                    "location": location,
                    "lastmod": self.lastmod(item),
                    "changefreq": None,
                    "priority": "",
                    "alternates": alternates(versions[item.translation_key]),
                }
            )
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


class TranslatedViewSitemap(Sitemap):
    """Django views that exist under every language prefix: one entry per language, each with
    the others as alternates."""

    i18n = True
    alternates = True

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            url["alternates"] = alternates(
                (item["lang_code"], item["location"]) for item in url["alternates"]
            )
        return urls


class ListSitemap(TranslatedViewSitemap):
    """The list pages that are Django views: actor directory, regions, open data."""

    def items(self):
        installed = []
        for name in LIST_VIEWS:
            try:
                reverse(name)
            except NoReverseMatch:
                continue
            installed.append(name)
        return installed

    def location(self, name):
        return reverse(name)


class RegionSitemap(TranslatedViewSitemap):
    """The landing page of each region."""

    def items(self):
        try:
            reverse("region_detail", kwargs={"slug": "x"})
        except NoReverseMatch:
            return []
        return Region.objects.order_by("code")

    def location(self, region):
        return reverse("region_detail", kwargs={"slug": region.slug})


def sitemap_actors():
    """The actors whose page is worth indexing: those that appear in a live, public fiche of
    their own language (as a stakeholder, or as its author for operators), with their locale.
    One query per kind of actor."""
    public = selectors.visible_fiches().values("pk")
    actors = []
    for model in (kind.model for kind in ACTOR_KINDS):
        shown = selectors.public_actor_filter(model, public, same_locale=True)
        actors += model.objects.filter(shown).select_related("locale").order_by("name", "pk")
    return actors


class ActorSitemap(Sitemap):
    """The actor pages (buyers, ESS structures, operators), each in its own language, with its
    translations as alternates."""

    def __init__(self):
        self._actors = None

    def items(self):
        if self._actors is None:
            self._actors = sitemap_actors()
        return self._actors

    def location(self, actor):
        with translation.override(actor.locale.language_code):
            return actor.get_absolute_url()

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        versions = defaultdict(list)
        for actor in self.items():
            versions[(type(actor), actor.translation_key)].append(
                (actor.locale.language_code, f"{protocol}://{domain}{self.location(actor)}")
            )
        for url in urls:
            actor = url["item"]
            url["alternates"] = alternates(versions[(type(actor), actor.translation_key)])
        return urls


SITEMAPS = {
    "pages": PageSitemap,
    "lists": ListSitemap,
    "regions": RegionSitemap,
    "actors": ActorSitemap,
}


#: The headers of the sitemap's response kept with its content.
KEPT_HEADERS = ("Content-Type", "Last-Modified", "X-Robots-Tag")


@require_safe
@cache_control(max_age=SITEMAP_MAX_AGE)
def sitemap(request):
    """``/sitemap.xml``: one file (up to 50,000 addresses per section). Built from every page
    and actor (two seconds at 10,000 fiches), it is kept in the fragment cache
    (``cms.cache.fragments``) until the content changes, per scheme, host and page (``p``)."""

    def build():
        response = wagtail_sitemap_views.sitemap(request, sitemaps=SITEMAPS)
        response.render()
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        return response.content, headers

    content, headers = fragments.get_or_set(
        "sitemap",
        [request.scheme, request.get_host(), request.GET.get("p", "")],
        build,
        request=request,
    )
    return HttpResponse(content, headers=headers)


@without_site_root_paths
@require_safe
@cache_control(max_age=ROBOTS_MAX_AGE)
def robots_txt(request):
    """``/robots.txt``: everything public may be crawled except the admin, the search results
    (endless combinations of words), the alert pages and the API's draft preview; points to
    the sitemap."""
    disallow = [f"/{settings.ADMIN_URL_PATH}"]
    for code in _language_order():
        with translation.override(code):
            try:
                # The alert pages (fiches.alerts): forms and one-time links, nothing to index.
                disallow += [reverse("site_search"), reverse("alerts_subscribe")]
            except NoReverseMatch:
                break
    disallow.append(reverse("api_preview"))
    # The catalogue's full-text search: its results pages are not canonical
    # (see fiches.discovery.seo).
    disallow += ["/*?q=", "/*&q="]
    context = {
        "disallow": disallow,
        "sitemap_url": request.build_absolute_uri(reverse("sitemap")),
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")
