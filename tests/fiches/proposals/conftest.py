"""A catalogue to propose to, the data of a valid proposal and the post of the form (the
started token is a minute old: fast enough for a person)."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from fiches import factories
from fiches.editorial.groups import MODERATORS_GROUP
from fiches.proposals.forms import started_token
from tests.helpers import make_user

STORY = (
    "La commune a réservé l'entretien de ses espaces verts à un ESAT du territoire. "
    "Le sourcing mené avec la CRESS a permis de trouver la structure ; six travailleurs "
    "handicapés entretiennent aujourd'hui les parcs."
)


@pytest.fixture
def moderator(db):
    return make_user("mona", MODERATORS_GROUP)


@pytest.fixture
def proposal_data(index):
    """What a buyer fills in (the catalogue ``index`` exists)."""
    factories.cpv("77310000-6")
    return {
        "role": "acheteur",
        "organisation": "Mairie de Plouzané",
        "contact_name": "Zoé Proposante",
        "contact_email": "zoe.proposante@example.org",
        "contact_phone": "02 98 00 00 00",
        "title": "Espaces verts réservés à un ESAT à Plouzané",
        "buyer_name": "Commune de Plouzané",
        "supplier_name": "ESAT des Abers",
        "region": "53",
        "nature": "services",
        "levers": ["marche_reserve", "clause_sociale"],
        "reserved_article": "L2113-12",
        "cpv": "77310000",
        "year": "2023",
        "amount": "120 000 €",
        "story": STORY,
        "consent": "on",
        "website": "",
        "started": started_token(time.time() - 60),
    }


@pytest.fixture
def propose(client, django_capture_on_commit_callbacks):
    """Posts the form with ``data`` (and files), from a fresh address counter, running what
    waits for the commit (the e-mail tasks)."""

    def post(data, **files):
        cache.clear()
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("propose"), {**data, **files})

    return post
