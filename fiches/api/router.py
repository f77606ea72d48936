"""The one Wagtail API router of the public API (``/api/v2/``) with every endpoint registered."""

from wagtail.api.v2.router import WagtailAPIRouter

from fiches.api.endpoints.actors import BuyersEndpoint, ESSStructuresEndpoint, OperatorsEndpoint
from fiches.api.endpoints.media import DocumentsEndpoint, ImagesEndpoint
from fiches.api.endpoints.pages import PagesEndpoint
from fiches.api.endpoints.reference import (
    CPVCodesEndpoint,
    DepartmentsEndpoint,
    RegionsEndpoint,
    ThemesEndpoint,
)


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
