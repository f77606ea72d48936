"""The endpoints of the three actor kinds (buyers, ESS structures, operators), each with the
fiches it takes part in."""

from django.urls import reverse
from wagtail.api import APIField
from wagtail.api.v2.views import BaseAPIViewSet

from fiches import selectors
from fiches.api import fields as api
from fiches.api.endpoints.base import ReferenceEndpoint
from fiches.api.fields import Computed
from fiches.choices import BuyerRole, ESUSStatus, InclusionStatus, OperatorRole, SupplierRole
from fiches.models import Buyer, ESSStructure, Operator


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


class ActorEndpoint(ReferenceEndpoint):
    role_choices = None
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
        APIField(
            "esus",
            serializer=Computed(lambda actor, request: api.choice(actor.esus, ESUSStatus)),
        ),
        APIField("fiches", serializer=Computed(actor_fiches(SupplierRole))),
    ]


class OperatorsEndpoint(ActorEndpoint):
    model = Operator
    name = "operators"
    body_fields = [
        *ActorEndpoint.actor_fields(api.actor_type),
        APIField("fiches", serializer=Computed(actor_fiches(OperatorRole))),
    ]
