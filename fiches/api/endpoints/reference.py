"""The endpoints of the reference data: themes, and the data keyed by a code (regions,
departments, CPV codes)."""

import re

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from wagtail.api import APIField
from wagtail.api.v2.views import BaseAPIViewSet

from fiches.api import fields as api
from fiches.api import validation
from fiches.api.endpoints.base import ReferenceEndpoint
from fiches.api.fields import Computed
from fiches.api.filters import LocaleFilter, bad_parameter
from fiches.models import CPVCode, Department, Region
from fiches.models import Theme as ThemeModel


class ThemesEndpoint(ReferenceEndpoint):
    model = ThemeModel
    name = "themes"
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
    #: What a key looks like (the OpenAPI document's pattern), and one that exists.
    key_pattern = ""
    key_example = ""

    @classmethod
    def get_urlpatterns(cls):
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<str:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
        ]

    def lookup_value(self):
        """The key of the path; one that cannot exist (a NUL character, a letter in a region
        code) is a 404 before any query."""
        if not validation.compiled(self.key_pattern).fullmatch(self.kwargs["pk"]):
            raise Http404(_("objet introuvable"))
        return self.kwargs["pk"]


class RegionsEndpoint(CodeEndpoint):
    model = Region
    name = "regions"
    key_pattern, key_example = "^[0-9]{2}$", "53"
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
    key_pattern, key_example = "^(?:[0-9]{2,3}|2[AB])$", "35"
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
    key_pattern, key_example = "^[0-9]{8}-[0-9]$", "77310000-6"
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
            # Its length and characters are checked with the other parameters.
            words = params["search"].split()
            if not words:
                return queryset.none()
            for word in words:
                queryset = queryset.filter(label_fr__icontains=word)
        return queryset
