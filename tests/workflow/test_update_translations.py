"""wagtail-localize's « update translations » form publishes the translations only for a user
who may publish them: a contributor synchronises English fiches and actors as drafts."""

import pytest
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from fiches import factories
from fiches.models import Buyer, FichePage

PUBLISH = 'name="publish_translations"'


@pytest.fixture
def english(db):
    return Locale.objects.create(language_code="en")


def submit(client, url, english, source):
    """Translates ``source`` into English as a moderator, publishes the English copy, then
    changes and publishes the French source: a synchronisation is due."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(url, {"locales": [english.pk]}).status_code == 302
        translation = Translation.objects.get(
            source__object_id=source.translation_key, target_locale=english
        )
        translation.save_target(user=None, publish=True)
    return TranslationSource.objects.get(object_id=source.translation_key)


@pytest.fixture
def fiche_source(client, moderator, index, english):
    fiche = factories.FichePageFactory(parent=index, title="Entretien des parcs")
    client.force_login(moderator)
    url = reverse("wagtail_localize:submit_page_translation", args=[fiche.pk])
    source = submit(client, url, english, fiche)
    fiche.title = "Entretien des parcs et jardins"
    fiche.save_revision().publish()
    client.logout()
    return source


@pytest.fixture
def buyer_source(client, moderator, english):
    buyer = factories.BuyerFactory(name="Ville de Rennes")
    client.force_login(moderator)
    url = reverse("wagtail_localize:submit_snippet_translation", args=["fiches", "buyer", buyer.pk])
    source = submit(client, url, english, buyer)
    buyer.name = "Rennes Métropole"
    buyer.save_revision().publish()
    client.logout()
    return source


def update_url(source):
    return reverse("wagtail_localize:update_translations", args=[source.pk])


def english_title(source, english):
    fiche = FichePage.objects.get(translation_key=source.object_id, locale=english)
    return fiche.title, fiche.live_revision_id


def english_name(source, english):
    buyer = Buyer.objects.get(translation_key=source.object_id, locale=english)
    return buyer.name, buyer.live_revision_id


def post_update(client, user, source):
    client.force_login(user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(update_url(source), {"publish_translations": "on"})
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("source", ["fiche_source", "buyer_source"])
def test_a_contributor_is_not_offered_to_publish(request, client, contributor, moderator, source):
    source = request.getfixturevalue(source)

    client.force_login(contributor)
    response = client.get(update_url(source))
    assert response.status_code == 200
    assert PUBLISH not in response.content.decode()

    client.force_login(moderator)
    assert PUBLISH in client.get(update_url(source)).content.decode()


@pytest.mark.parametrize(
    ("source", "read", "before", "after"),
    [
        ("fiche_source", english_title, "Entretien des parcs", "Entretien des parcs et jardins"),
        ("buyer_source", english_name, "Ville de Rennes", "Rennes Métropole"),
    ],
)
def test_a_contributor_cannot_publish_by_synchronising(
    request, client, contributor, moderator, english, source, read, before, after
):
    source = request.getfixturevalue(source)
    published = read(source, english)
    assert published[0] == before

    post_update(client, contributor, source)
    # The English copy that is live is unchanged: nothing was published.
    assert read(source, english) == published

    post_update(client, moderator, source)
    title, revision = read(source, english)
    assert title == after
    assert revision != published[1]
