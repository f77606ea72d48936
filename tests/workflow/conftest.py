"""Editorial users (one per role, in the groups created by the migrations) and a draft; the
form helpers are in ``tests.helpers``."""

import pytest

from fiches import factories
from fiches.editorial.groups import CONTRIBUTORS_GROUP, MODERATORS_GROUP
from tests.helpers import make_user


@pytest.fixture
def contributor(db):
    return make_user("claire", CONTRIBUTORS_GROUP)


@pytest.fixture
def other_contributor(db):
    return make_user("olivier", CONTRIBUTORS_GROUP)


@pytest.fixture
def moderator(db):
    return make_user("mona", MODERATORS_GROUP)


@pytest.fixture
def draft(index, contributor):
    """A complete fiche drafted (never published) by the contributor."""
    return factories.FichePageFactory(
        parent=index, owner=contributor, publish=False, title="Entretien des parcs de Rennes"
    )
