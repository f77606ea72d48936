"""The endpoints of the public API, registered on one Wagtail API router (``/api/v2/``): pages
(with the fiche filters), images, documents, actors, themes and reference data."""

import functools
import re
from urllib.parse import quote

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.urls import get_script_prefix, path, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext as _
from rest_framework.response import Response
from wagtail.api import APIField
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.documents import get_document_model
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Page, PageViewRestriction, Site

from cms.cache import fragments as cms_fragments
from fiches import selectors
from fiches.api import fields as api
from fiches.api import filters, fragments
from fiches.api.fields import Computed
from fiches.api.filters import (
    FICHE_PARAMETERS,
    LocaleFilter,
    OrderingFilter,
    SearchFilter,
    SlugFilter,
    bad_parameter,
    one_of,
)
from fiches.api.filters import FicheFilter as FicheFilterBackend
from fiches.api.serializers import PageSerializer, SerializerCacheMixin
from fiches.choices import BuyerRole, InclusionStatus, OperatorRole, SupplierRole
from fiches.models import (
    Buyer,
    CPVCode,
    CustomImage,
    Department,
    ESSStructure,
    FichePage,
    Operator,
    Region,
)
from fiches.models import Theme as ThemeModel

MAX_ID = 2**31 - 1
PAGE_ID_PARAMETERS = ("child_of", "ancestor_of", "descendant_of", "translation_of", "id")
COMMON_PARAMETERS = frozenset(["limit", "offset", "fields", "format"])

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


class StrictParametersMixin:
    """Accepts only the documented query parameters (no filtering on arbitrary model fields), and
    checks identifiers before they reach the database."""

    known_query_parameters = COMMON_PARAMETERS

    def check_query_parameters(self, queryset):
        known = set(self.known_query_parameters)
        if self.action == "find_view":
            # ``find/`` takes what identifies the object (``id``, ``html_path``) on top.
            known |= self.find_query_parameters
        unknown = set(self.request.GET) - known
        if unknown:
            raise BadRequestError(
                _("paramètre inconnu : %(names)s") % {"names": ", ".join(sorted(unknown))}
            )
        for name in PAGE_ID_PARAMETERS:
            value = self.request.GET.get(name)
            if value not in (None, "root") and (
                not re.fullmatch(r"\d{1,10}", value) or int(value) > MAX_ID
            ):
                raise bad_parameter(name, _("un identifiant entier est attendu"))

    def find_view(self, request):
        self.check_query_parameters(self.get_queryset())
        return super().find_view(request)


class EndpointMixin(StrictParametersMixin, SerializerCacheMixin):
    """What every endpoint shares: strict parameters, serializer classes built once, and
    compact JSON (Wagtail indents it, which makes Python encode it several times slower; a
    client that wants it indented sends ``Accept: application/json; indent=4``).

    ``format`` chooses the output: ``json``, or ``api`` for the browsable HTML page of Django
    REST framework (what a browser gets by default); any other value is a 400 that names the
    parameter, as for every other parameter, rather than Django REST framework's bare 404."""

    def perform_content_negotiation(self, request, force=False):
        name = self.settings.URL_FORMAT_OVERRIDE
        value = request.query_params.get(name) if name else None
        if value and not force:
            one_of(name, value, [renderer.format for renderer in self.get_renderers()])
        return super().perform_content_negotiation(request, force)

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context

    @classmethod
    def get_object_detail_urlpath(cls, model, pk, namespace=""):
        # Every item's ``detail_url``: ``reverse()`` once per endpoint, then the key put in.
        template = _detail_urlpath_template(cls, namespace, get_script_prefix())
        return template.replace(URL_PLACEHOLDER, quote(str(pk), safe=URL_SAFE), 1)


#: A key no object has, reversed once into the detail URL of each endpoint.
URL_PLACEHOLDER = "18446744073709551557"
#: What ``reverse()`` leaves unquoted in a path (RFC 3986 ``pchar``).
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"


@functools.lru_cache(maxsize=64)
def _detail_urlpath_template(endpoint, namespace, script_prefix):
    return super(EndpointMixin, endpoint).get_object_detail_urlpath(
        None, URL_PLACEHOLDER, namespace=namespace
    )


def site_roots(site):
    """``(path, depth)`` of the root page of ``site`` and of its translations."""
    roots = [site.root_page]
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        roots.extend(site.root_page.get_translations())
    return [(root.path, root.depth) for root in roots]


class PagesEndpoint(EndpointMixin, PagesAPIViewSet):
    """Every public page; with ``type=fiches.FichePage`` the fiche filters and orderings too."""

    filter_backends = [
        SlugFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        TranslationOfFilter,
        LocaleFilter,
        FicheFilterBackend,
        OrderingFilter,
        SearchFilter,
    ]
    known_query_parameters = COMMON_PARAMETERS.union(
        [
            "type",
            "child_of",
            "ancestor_of",
            "descendant_of",
            "translation_of",
            "locale",
            "slug",
            "order",
            "search",
            "search_operator",
            *FICHE_PARAMETERS,
        ]
    )
    # The body is served by the detail view only: its media are loaded per page.
    detail_only_fields = ["parent", "body"]
    base_serializer_class = PageSerializer

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
            restrictions = PageViewRestriction.objects.select_related("page").only(
                "restriction_type", "password", "page__path", "page__depth"
            )
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
            queryset = model._default_manager.live().filter(alias_of__isnull=True)
            for page in restricted:
                queryset = queryset.not_descendant_of(page, inclusive=True)
            in_site = Q()
            for root_path, root_depth in roots:
                in_site |= Q(path__startswith=root_path, depth__gte=root_depth)
            built[model] = queryset.filter(in_site) if roots else queryset.none()
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
        try:
            models = page_models_from_string(models_type) if models_type else []
        except (LookupError, ValueError) as error:
            raise BadRequestError("type doesn't exist") from error
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
        page = super().paginate_queryset(queryset)
        if queryset.model is FichePage:
            page = fragments.load(page, self.request)
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
        ``public_pages()``: live, not an alias, in the site, under no restriction this request
        does not pass."""
        if not state["live"] or state["alias_of_id"] is not None:
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
        # Fiches first, in one query with what their payload shows; other pages after. Not
        # first(): its ORDER BY costs more to compile (1.4 ms) than the rest of the query.
        page = next(
            iter(selectors.api_fiches(self.public_pages(FichePage).filter(pk=pk)).order_by()[:1]),
            None,
        )
        if page is not None:
            fragments.load([page], self.request, context=self.get_serializer_context())
        else:
            page = self.get_base_queryset().filter(pk=pk).first()
            if page is None:
                raise Http404(_("page introuvable"))
            page = page.specific
        self._cached_object = page
        return page

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


#: Parameters that do not change which fiches a listing counts.
COUNT_IGNORED_PARAMETERS = frozenset(["limit", "offset", "fields", "format", "order"])


def with_count(queryset, count):
    """A copy of ``queryset`` whose ``count()`` is ``count()`` (e.g. read from a cache); its own
    copies, slices included, count as usual."""
    queryset = queryset.all()
    queryset.count = count
    return queryset


class ImagesEndpoint(EndpointMixin, ImagesAPIViewSet):
    filter_backends = [OrderingFilter, SearchFilter]
    known_query_parameters = COMMON_PARAMETERS.union(["order", "search"])
    orderings = ("id", "title", "created_at")
    body_fields = [
        *ImagesAPIViewSet.body_fields,
        APIField("alt", serializer=Computed(lambda image, request: image.description)),
        APIField("credit"),
        APIField(
            "renditions",
            serializer=Computed(lambda image, request: api.image(image, request)["renditions"]),
        ),
    ]
    # Tags are not used by the editors; serializing them costs one query per image.
    meta_fields = ["type", "detail_url", "download_url"]
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "title",
        "download_url",
        "alt",
        "renditions",
    ]
    nested_default_fields = ["id", "type", "detail_url", "title", "download_url"]

    def get_queryset(self):
        public = selectors.public_media(CustomImage).values("pk")
        return super().get_queryset().filter(pk__in=public).prefetch_related("renditions")


class DocumentsEndpoint(EndpointMixin, DocumentsAPIViewSet):
    filter_backends = [OrderingFilter, SearchFilter]
    known_query_parameters = COMMON_PARAMETERS.union(["order", "search"])
    orderings = ("id", "title", "created_at")
    meta_fields = ["type", "detail_url", "download_url"]
    listing_default_fields = ["id", "type", "detail_url", "title", "download_url"]
    nested_default_fields = ["id", "type", "detail_url", "title", "download_url"]

    def get_queryset(self):
        public = selectors.public_media(get_document_model()).values("pk")
        return super().get_queryset().filter(pk__in=public)


def actor_fiches(role_choices):
    def represent(actor, request):
        return [
            {
                "id": link.fiche.pk,
                "title": link.fiche.title,
                "html_url": link.fiche.get_full_url(request),
                "detail_url": api.absolute_url(
                    request, reverse("wagtailapi_v2:pages:detail", args=[link.fiche.pk])
                ),
                "locale": link.fiche.locale.language_code,
                "role": api.choice(link.role, role_choices),
                "presentation": link.presentation,
            }
            for link in actor.public_links
        ]

    return represent


class ReferenceEndpoint(EndpointMixin, BaseAPIViewSet):
    """Models outside the page tree: default ordering of the model, strict parameters."""

    filter_backends = [OrderingFilter, SearchFilter]
    known_query_parameters = COMMON_PARAMETERS.union(["order", "search"])
    orderings = ("id",)

    def get_queryset(self):
        return self.model.objects.all()

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            found = self.get_queryset().filter(pk=self.lookup_value()).first()
            if found is None:
                raise Http404(_("objet introuvable"))
            self._cached_object = found
        return self._cached_object

    def lookup_value(self):
        pk = int(self.kwargs["pk"])
        if pk > MAX_ID:
            raise Http404(_("objet introuvable"))
        return pk


class ActorEndpoint(ReferenceEndpoint):
    role_choices = None
    known_query_parameters = COMMON_PARAMETERS.union(["order", "search", "slug", "region"])
    orderings = ("id", "name")
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "name",
        "slug",
        "category",
        "region",
    ]

    @classmethod
    def actor_fields(cls, category):
        return [
            *BaseAPIViewSet.body_fields,
            APIField("name"),
            APIField("slug"),
            APIField("category", serializer=Computed(lambda actor, request: category(actor))),
            APIField("short_description"),
            APIField(
                "logo",
                serializer=Computed(
                    lambda actor, request: api.image(
                        actor.logo, request, renditions=api.LOGO_RENDITIONS
                    )
                ),
            ),
            APIField("website"),
            APIField("commune"),
            APIField(
                "department",
                serializer=Computed(lambda actor, request: api.department(actor.department)),
            ),
            APIField(
                "region", serializer=Computed(lambda actor, request: api.region(actor.region))
            ),
            APIField("siret"),
            APIField(
                "html_url",
                serializer=Computed(
                    lambda actor, request: api.absolute_url(request, actor.get_absolute_url())
                ),
            ),
        ]

    def get_queryset(self):
        queryset = selectors.public_actors(self.model)
        if "slug" in self.request.GET:
            queryset = queryset.filter(slug=self.request.GET["slug"])
        if "region" in self.request.GET:
            queryset = queryset.filter(region_id=self.request.GET["region"])
        return queryset


class BuyersEndpoint(ActorEndpoint):
    model = Buyer
    name = "buyers"
    body_fields = [
        *ActorEndpoint.actor_fields(api.actor_type),
        APIField("fiches", serializer=Computed(actor_fiches(BuyerRole))),
    ]


class ESSStructuresEndpoint(ActorEndpoint):
    model = ESSStructure
    name = "ess-structures"
    body_fields = [
        *ActorEndpoint.actor_fields(api.actor_type),
        APIField(
            "inclusion_status",
            serializer=Computed(
                lambda actor, request: api.choice(actor.inclusion_status, InclusionStatus)
            ),
        ),
        APIField("esus"),
        APIField("fiches", serializer=Computed(actor_fiches(SupplierRole))),
    ]


class OperatorsEndpoint(ActorEndpoint):
    model = Operator
    name = "operators"
    body_fields = [
        *ActorEndpoint.actor_fields(api.actor_type),
        APIField("fiches", serializer=Computed(actor_fiches(OperatorRole))),
    ]


class ThemesEndpoint(ReferenceEndpoint):
    model = ThemeModel
    name = "themes"
    known_query_parameters = COMMON_PARAMETERS.union(["order", "search", "slug", "locale"])
    orderings = ("id", "name")
    body_fields = [
        *BaseAPIViewSet.body_fields,
        APIField("name"),
        APIField("slug"),
        APIField("description"),
        APIField("locale", serializer=Computed(lambda theme, request: theme.locale.language_code)),
    ]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "name", "slug", "locale"]

    def get_queryset(self):
        queryset = ThemeModel.objects.select_related("locale")
        if "slug" in self.request.GET:
            queryset = queryset.filter(slug=self.request.GET["slug"])
        return LocaleFilter().filter_queryset(self.request, queryset, self)


class CodeEndpoint(ReferenceEndpoint):
    """Reference data keyed by a code (``/regions/53/``, ``/cpv-codes/77310000-6/``)."""

    filter_backends = []
    known_query_parameters = COMMON_PARAMETERS

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<str:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
        ]

    def lookup_value(self):
        return self.kwargs["pk"]


class RegionsEndpoint(CodeEndpoint):
    model = Region
    name = "regions"
    body_fields = [
        APIField("code"),
        APIField("name"),
        APIField("name_en"),
        APIField("slug"),
        APIField(
            "departments",
            serializer=Computed(
                lambda region, request: [api.department(item) for item in region.departments.all()]
            ),
        ),
    ]
    listing_default_fields = ["code", "type", "detail_url", "name", "departments"]
    nested_default_fields = ["code", "name"]

    def get_queryset(self):
        return Region.objects.prefetch_related("departments").order_by("code")


class DepartmentsEndpoint(CodeEndpoint):
    model = Department
    name = "departments"
    known_query_parameters = COMMON_PARAMETERS.union(["region"])
    body_fields = [
        APIField("code"),
        APIField("name"),
        APIField(
            "region", serializer=Computed(lambda department, request: api.region(department.region))
        ),
    ]
    listing_default_fields = ["code", "type", "detail_url", "name", "region"]
    nested_default_fields = ["code", "name"]

    def get_queryset(self):
        queryset = Department.objects.select_related("region").order_by("code")
        if "region" in self.request.GET:
            queryset = queryset.filter(region_id=self.request.GET["region"])
        return queryset


class CPVCodesEndpoint(CodeEndpoint):
    """The CPV nomenclature: lookup by code (with or without check digit) or prefix, search by
    label."""

    model = CPVCode
    name = "cpv-codes"
    known_query_parameters = COMMON_PARAMETERS.union(["code", "prefix", "search", "level"])
    body_fields = [
        APIField("code"),
        APIField("label", serializer=Computed(lambda code, request: code.label_fr)),
        APIField("label_en"),
        APIField("division"),
        APIField("level"),
    ]
    listing_default_fields = ["code", "type", "detail_url", "label", "division", "level"]
    nested_default_fields = ["code", "label"]

    def get_queryset(self):
        params = self.request.GET
        queryset = CPVCode.objects.order_by("code")
        if "code" in params:
            parts = CPVCode.split(params["code"])
            if parts is None:
                raise bad_parameter("code", _("8 chiffres, puis éventuellement -chiffre attendus"))
            digits, check = parts
            queryset = queryset.filter(digits=digits)
            if check is not None:
                queryset = queryset.filter(code=f"{digits}-{check}")
        if "prefix" in params:
            if not re.fullmatch(r"\d{1,8}", params["prefix"]):
                raise bad_parameter("prefix", _("de 1 à 8 chiffres attendus"))
            queryset = queryset.filter(digits__startswith=params["prefix"])
        if "level" in params:
            if not re.fullmatch(r"[1-7]", params["level"]):
                raise bad_parameter("level", _("un niveau de 1 à 7 est attendu"))
            queryset = queryset.filter(level=int(params["level"]))
        if "search" in params:
            words = params["search"].split()
            if not words or len(params["search"]) > 200 or "\x00" in params["search"]:
                raise bad_parameter("search", _("saisissez de 1 à 200 caractères"))
            for word in words:
                queryset = queryset.filter(label_fr__icontains=word)
        return queryset


def build_router():
    router = WagtailAPIRouter("wagtailapi_v2")
    # Pages first: the router links a fiche to the first endpoint whose model it is.
    router.register_endpoint("pages", PagesEndpoint)
    router.register_endpoint("images", ImagesEndpoint)
    router.register_endpoint("documents", DocumentsEndpoint)
    for endpoint in (
        BuyersEndpoint,
        ESSStructuresEndpoint,
        OperatorsEndpoint,
        ThemesEndpoint,
        RegionsEndpoint,
        DepartmentsEndpoint,
        CPVCodesEndpoint,
    ):
        router.register_endpoint(endpoint.name, endpoint)
    return router


api_router = build_router()
