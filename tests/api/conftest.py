import pytest
from wagtail.models import PageViewRestriction

from fiches import factories


@pytest.fixture
def api_get(client):
    """GET an API path and return the response (JSON in ``response.json()``)."""

    def get(path, **params):
        return client.get(path, params, HTTP_HOST="localhost")

    return get


@pytest.fixture
def restricted_fiche(index):
    """A live fiche behind a password: live, but not public."""
    fiche = factories.FichePageFactory(parent=index, title="Fiche protégée")
    PageViewRestriction.objects.create(
        page=fiche, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    return fiche


@pytest.fixture
def draft_fiche(index):
    """A fiche never published, with its own buyer."""
    return factories.FichePageFactory(
        parent=index,
        title="Brouillon jamais publié",
        publish=False,
        buyers=[factories.BuyerFactory(name="Acheteur du brouillon")],
    )
