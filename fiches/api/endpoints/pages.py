"""The pages endpoint (``/api/v2/pages/``): every public page, with the fiche filters and
orderings for ``type=fiches.FichePage`` and the fiche payloads from the fragment cache."""

import functools

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.models import Locale, Page, PageViewRestriction, Site, get_page_models

from cms.cache import fragments as cms_fragments
from cms.compiled import compiled
from fiches import selectors
from fiches.api import filters, fragments
from fiches.api.endpoints.base import EndpointMixin
from fiches.api.filters import FicheFilter as FicheFilterBackend
from fiches.api.filters import (
    LocaleFilter,
    OrderingFilter,
    SearchFilter,
    SlugFilter,
    TreeFilter,
    bad_parameter,
)
from fiches.api.serializers import PageSerializer
from fiches.api.validation import MAX_ID
from fiches.models import FichePage

#: What a listing shows by default, beyond Wagtail's id, type, URLs, title and locale.
FICHE_LISTING_FIELDS = [
    "chapo",
    "hero_image",
    "themes",
    "nature",
    "procedure",
    "levers",
    "cpv",
    "amount",
    "notification_date",
    "region",
]


def site_roots(site):
    """``(path, depth)`` of the root page of ``site`` and of its translations."""
    roots = [site.root_page]
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        roots.extend(site.root_page.get_translations())
    return [(root.path, root.depth) for root in roots]


def public_queryset(model, *, now, restricted, roots):
    """Live pages of ``model`` at ``now`` (the current time when ``None``), not aliases, under
    none of the ``restricted`` pages (``(path, depth)``: the restrictions a request does not
    pass) and below one of the site ``roots`` (``(path, depth)``): ``PagesEndpoint.
    public_pages``, filtered on ``model``'s own table."""
    # The rule of fiches.selectors.visibility, the view restrictions aside: a request may see
    # the restricted pages it passes, as on the HTML pages.
    queryset = model._default_manager.filter(selectors.published_q(now))
    for path, depth in restricted:
        # Treebeard's not_descendant_of(page, inclusive=True).
        queryset = queryset.exclude(path__startswith=path, depth__gte=depth)
    in_site = Q()
    for root_path, root_depth in roots:
        in_site |= Q(path__startswith=root_path, depth__gte=root_depth)
    return queryset.filter(in_site) if roots else queryset.none()


def _restrictions():
    return PageViewRestriction.objects.select_related("page").only(
        "restriction_type", "password", "page__path", "page__depth"
    )


def _numbered(values, name):
    return [
        values[f"{name}_{number}"] for number in range(len(values)) if f"{name}_{number}" in values
    ]


def _public_fiche(*, pk, now, **places):
    restricted = zip(
        _numbered(places, "restricted_path"), _numbered(places, "restricted_depth"), strict=True
    )
    roots = zip(_numbered(places, "root_path"), _numbered(places, "root_depth"), strict=True)
    fiches = public_queryset(FichePage, now=now, restricted=list(restricted), roots=list(roots))
    # Not first(): its ORDER BY costs more to compile than the rest of the query.
    return selectors.api_fiches(fiches.filter(pk=pk)).order_by()[:1]


class PagesEndpoint(EndpointMixin, PagesAPIViewSet):
    """Every public page; with ``type=fiches.FichePage`` the fiche filters and orderings too."""

    filter_backends = [
        SlugFilter,
        TreeFilter,
        LocaleFilter,
        FicheFilterBackend,
        OrderingFilter,
        SearchFilter,
    ]
    # The body is served by the detail view only: its media are loaded per page.
    detail_only_fields = ["parent", "body"]
    base_serializer_class = PageSerializer

    @classmethod
    def _get_serializer_class(cls, router, model, fields_config, show_details=False, nested=False):
        """``fields`` may name a field of any page type (the document lists them all for every
        page): one that ``model`` does not have is left out, as ``fields=*`` would."""
        if fields_config and not nested:
            own = {*cls.get_body_fields_names(model), *cls.get_meta_fields_names(model)}
            fields_config = [
                field
                for field in fields_config
                if field[0] in ("*", "_") or field[0] in own or field[0] not in all_field_names()
            ]
        return super()._get_serializer_class(
            router, model, fields_config, show_details=show_details, nested=nested
        )

    @classmethod
    def get_listing_default_fields(cls, model):
        fields = super().get_listing_default_fields(model)
        if model is FichePage:
            fields += FICHE_LISTING_FIELDS
        return fields

    def visibility(self):
        """What decides which pages this request may see, read once per request (Wagtail's
        ``get_public_pages_queryset`` reads it again for each of the three querysets a request
        builds): the view restrictions this request does not pass and the roots of the site in
        every language."""
        if not hasattr(self, "_visibility"):
            restrictions = compiled("api_restrictions", _restrictions, PageViewRestriction)
            restricted = [
                restriction.page
                for restriction in restrictions
                if not restriction.accept_request(self.request)
            ]
            # The site of the request from the fragment cache when it is on (no query).
            cms_fragments.find_site(self.request)
            try:
                site = SiteFilterValidator(
                    site=self.request.GET.get("site"), request=self.request
                ).site_obj
            except ValueError as error:
                raise BadRequestError(str(error)) from error
            roots = (
                cms_fragments.get_or_set(
                    "api-site-roots", [site.pk], lambda: site_roots(site), request=self.request
                )
                if site
                else []
            )
            self._visibility = (restricted, roots)
        return self._visibility

    def public_pages(self, model=Page):
        """Live pages of ``model`` this request may see, as ``get_public_pages_queryset``
        selects them, but filtered on ``model``'s own table: the ``pk IN (subquery)`` Wagtail
        uses for a page type made PostgreSQL plan the listing query for 20 ms.

        Alias pages stand in for untranslated ones: they are French content under another
        locale, so the API never lists or serves them. Built once per request and model (callers
        only derive querysets from it)."""
        built = self.__dict__.setdefault("_public_pages", {})
        if model not in built:
            restricted, roots = self.visibility()
            built[model] = public_queryset(
                model,
                now=None,
                restricted=[(page.path, page.depth) for page in restricted],
                roots=roots,
            )
        return built[model]

    def get_base_queryset(self):
        return self.public_pages(Page)

    def get_serializer_context(self):
        """Wagtail's context, with the visible pages built only if a serializer reads them (a
        page's ``parent`` not served from the fragment cache): building them costs a detail
        request 7 % of its time."""
        context = BaseAPIViewSet.get_serializer_context(self)
        context["base_queryset"] = SimpleLazyObject(self.get_base_queryset)
        return context

    def get_queryset(self):
        models_type = self.request.GET.get("type")
        if models_type and models_type not in page_models():
            raise bad_parameter("type", _("type de page inconnu"))
        models = page_models_from_string(models_type) if models_type else []
        if len(models) != 1:
            return super().get_queryset().select_related("locale", "content_type")
        if models[0] is FichePage:
            return selectors.api_fiches(self.public_pages(FichePage))
        return self.public_pages(models[0]).select_related("locale", "content_type")

    def listing_view(self, request):
        """Fiche listings with the fragment cache on: which fiches, in which order and their
        count are read as usual (the count from the cache, ``cached_count``), but of each fiche
        only the row's state (``fragments.DETAIL_STATE``); its item comes from the fragment
        cache, kept per revision, place and fields like a detail. The others are serialized
        as Wagtail does, in one go."""
        queryset = self.get_queryset()
        if queryset.model is not FichePage or not cms_fragments.enabled():
            return super().listing_view(request)
        self.check_query_parameters(queryset)
        # ``fields`` checked even when no item is to be serialized (an empty page).
        self.get_serializer_class()
        queryset = self.filter_queryset(queryset)
        states = with_count(
            queryset.values_list("pk", *fragments.DETAIL_STATE),
            functools.partial(self.cached_count, queryset),
        )
        rows = self.paginator.paginate_queryset(states, request, view=self)

        def serialized(pks):
            fiches = {fiche.pk: fiche for fiche in queryset.filter(pk__in=pks).order_by()}
            page = fragments.load([fiches[pk] for pk in pks if pk in fiches], request)
            data = self.get_serializer(page, many=True).data
            return zip([fiche.pk for fiche in page], data, strict=True)

        return self.get_paginated_response(fragments.cached_items(rows, request, serialized))

    def paginate_queryset(self, queryset):
        """One page of the listing, with what its items serialize read once for the page:
        the fiches' fragments, or whatever a page type's ``prefetch_api_listing(pages)``
        classmethod reads (the related fiches of news articles)."""
        page = super().paginate_queryset(queryset)
        if queryset.model is FichePage:
            page = fragments.load(page, self.request)
        prefetch = getattr(queryset.model, "prefetch_api_listing", None)
        if prefetch is not None:
            page = list(page)
            prefetch(page)
        return page

    def cached_count(self, queryset):
        """How many fiches the listing has, from the fragment cache (counting 10,000 fiches
        costs 9 ms): under every parameter but the page's, and the restrictions this request
        does not pass (which pages it may see)."""
        restricted, roots = self.visibility()
        params = sorted(
            (name, value)
            for name, values in self.request.GET.lists()
            if name not in COUNT_IGNORED_PARAMETERS
            for value in values
        )
        return cms_fragments.get_or_set(
            "api-fiche-count",
            [params, sorted(page.path for page in restricted), roots],
            queryset.count,
            request=self.request,
        )

    def detail_view(self, request, pk):
        """A fiche's payload from the fragment cache when it is on, as long as its page row
        (read on every request, with the view restrictions) says it is still live, visible to
        this request, at the same place and in the same published revision; computed and kept
        otherwise. Other pages, and fiches this request may not see, take Wagtail's way (a
        404 for the latter)."""
        state = None
        if cms_fragments.enabled() and pk <= MAX_ID:
            state = fragments.detail_state(pk)
        if state is None or not self.may_see(state):
            return super().detail_view(request, pk)
        data = cms_fragments.get_or_set(
            "api-fiche-detail",
            fragments.payload_parts(pk, state, request),
            lambda: dict(super(PagesEndpoint, self).detail_view(request, pk).data),
            request=request,
        )
        return Response(data)

    def may_see(self, state):
        """Whether the page row ``state`` (``fragments.DETAIL_STATE``) is one of
        ``public_pages()``: live, not an alias, not expired, in the site, under no restriction
        this request does not pass."""
        if (
            not state["live"]
            or state["alias_of_id"] is not None
            or selectors.is_expired(state["expire_at"])
        ):
            return False
        restricted, roots = self.visibility()
        path, depth = state["path"], state["depth"]
        return any(
            path.startswith(root_path) and depth >= root_depth for root_path, root_depth in roots
        ) and not any(path.startswith(page.path) for page in restricted)

    def get_object(self):
        if hasattr(self, "_cached_object"):
            return self._cached_object
        pk = int(self.kwargs["pk"])
        if pk > MAX_ID:
            raise Http404(_("page introuvable"))
        # Fiches first, in one query with what their payload shows; other pages after.
        page = self._public_fiche(pk)
        if page is not None:
            fragments.load([page], self.request, context=self.get_serializer_context())
        else:
            page = self.get_base_queryset().filter(pk=pk).first()
            if page is None:
                raise Http404(_("page introuvable"))
            page = page.specific
        self._cached_object = page
        return page

    def _public_fiche(self, pk):
        """The fiche ``pk`` if this request may see it, with what ``api_fiches`` joins, in one
        query compiled once per number of restrictions and site roots (``cms.compiled``)."""
        restricted, roots = self.visibility()
        if not roots:
            return None
        values = {"pk": pk, "now": timezone.now()}
        for number, page in enumerate(restricted):
            values[f"restricted_path_{number}"] = page.path
            values[f"restricted_depth_{number}"] = page.depth
        for number, (path, depth) in enumerate(roots):
            values[f"root_path_{number}"] = path
            values[f"root_depth_{number}"] = depth
        return next(iter(compiled("api_fiche", _public_fiche, FichePage, **values)), None)

    def find_object(self, queryset, request):
        """``html_path`` as the public site shows it, language prefix included (``/fr/...``)."""
        html_path = request.GET.get("html_path")
        if html_path is None:
            return super().find_object(queryset, request)
        if len(html_path) > filters.MAX_HTML_PATH or "\x00" in html_path:
            raise bad_parameter(
                "html_path",
                _("un chemin d'au plus %(max)s caractères, sans caractère nul, est attendu")
                % {"max": filters.MAX_HTML_PATH},
            )
        components = [component for component in html_path.split("/") if component]
        languages = {code for code, _name in settings.LANGUAGES}
        site = Site.find_for_request(request)
        if site is None:
            return None
        root = site.root_page
        if components and components[0] in languages:
            locale = Locale.objects.filter(language_code=components.pop(0)).first()
            root = root.get_translation_or_none(locale) if locale else None
            if root is None:
                return None
        try:
            page, _args, _kwargs = root.specific.route(request, components)
        except Http404:
            return None
        return page if queryset.filter(pk=page.pk).exists() else None


@functools.cache
def page_models():
    """``{"app.Model": model}`` of every page type (``type=``), Wagtail's root type apart; read
    once (the page types are known when the apps are loaded)."""
    return {
        f"{model._meta.app_label}.{model.__name__}": model
        for model in sorted(get_page_models(), key=lambda model: model._meta.label)
        if model is not Page
    }


@functools.cache
def all_field_names():
    """Every name ``fields`` may take on the pages endpoint, whatever the page type."""
    names = set()
    for model in [Page, *page_models().values()]:
        names |= {
            *PagesEndpoint.get_body_fields_names(model),
            *PagesEndpoint.get_meta_fields_names(model),
        }
    return frozenset(names)


#: Parameters that do not change which fiches a listing counts.
COUNT_IGNORED_PARAMETERS = frozenset(["limit", "offset", "fields", "format", "order"])


def with_count(queryset, count):
    """A copy of ``queryset`` whose ``count()`` is ``count()`` (e.g. read from a cache); its own
    copies, slices included, count as usual."""
    queryset = queryset.all()
    queryset.count = count
    return queryset
