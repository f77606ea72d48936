"""The shortcuts of the API's cold path (docs/api.md « Computing a payload ») give what the
generic code gives: Wagtail's serializer loop, ``reverse()``, the related managers, Django's
prefetches."""

import pytest
from django.db.models import prefetch_related_objects
from django.utils import translation
from wagtail.api.v2 import serializers as wagtail_serializers

from fiches import factories
from fiches.api import serializers
from fiches.api.fields import base, loaded
from fiches.api.fields import fiche as fiche_fields
from fiches.api.fields.base import actor_path
from fiches.models import AwardCriterion, FichePage
from fiches.selectors import api_fiches, prefetch_api_fiches
from fiches.selectors.rows import prefetch_rows

pytestmark = pytest.mark.django_db


def generic(monkeypatch):
    """Every shortcut of the fields and the serializer replaced by the generic code."""
    from wagtail.api.utils import get_full_url

    monkeypatch.setattr(
        serializers.PlannedRepresentationMixin,
        "to_representation",
        wagtail_serializers.BaseSerializer.to_representation,
    )
    monkeypatch.setattr(
        serializers.PageHtmlUrlField,
        "to_representation",
        wagtail_serializers.PageHtmlUrlField.to_representation,
    )
    monkeypatch.setattr(base, "actor_path", lambda actor: actor.get_absolute_url())
    monkeypatch.setattr(
        base, "absolute_url", lambda request, path: path and get_full_url(request, path)
    )
    monkeypatch.setattr(base, "_filters", lambda specs: specs)
    monkeypatch.setattr(
        fiche_fields, "loaded", lambda instance, name: getattr(instance, name).all()
    )


@pytest.mark.parametrize("detail", [False, True])
def test_payloads_are_those_of_the_generic_code(index, client, monkeypatch, detail):
    logo = factories.ImageFactory()
    for number in range(3):
        factories.FichePageFactory(
            parent=index,
            hero_image=factories.ImageFactory(),
            author=factories.OperatorFactory(logo=logo),
            buyers=[factories.BuyerFactory(logo=logo), factories.BuyerFactory()],
            suppliers=[factories.ESSStructureFactory(logo=factories.ImageFactory())],
            themes=[factories.ThemeFactory()],
            criteria=[("Prix", 40), ("Valeur", "59.5")],
            milestones=[("premiere_attribution", f"201{number}", "")],
        )
    pk = FichePage.objects.order_by("pk").values_list("pk", flat=True).last()
    path = f"/api/v2/pages/{pk}/" if detail else "/api/v2/pages/"
    params = {} if detail else {"type": "fiches.FichePage", "fields": "*"}
    for language in ("fr", "en"):
        headers = {"HTTP_HOST": "localhost", "HTTP_ACCEPT_LANGUAGE": language}
        ours = client.get(path, params, **headers)
        with monkeypatch.context() as patch:
            generic(patch)
            theirs = client.get(path, params, **headers)

        assert ours.status_code == theirs.status_code == 200
        assert ours.content == theirs.content
    payload = ours.json() if detail else ours.json()["items"][0]
    assert payload["stakeholders"]["buyers"][0]["actor"]["logo"]["renditions"]["small"]["url"]
    assert payload["meta"]["html_url"].startswith("http")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_actor_s_path_is_its_absolute_url(language):
    actors = [
        factories.BuyerFactory(slug="mairie-de-rennes"),
        factories.ESSStructureFactory(slug="esat_2"),
        factories.OperatorFactory(slug="cress-35"),
    ]
    with translation.override(language):
        for actor in actors:
            assert actor_path(actor) == actor.get_absolute_url()
            assert actor.slug in actor_path(actor)


def test_a_slug_reverse_would_not_take_as_is_goes_through_reverse(monkeypatch):
    actor = factories.BuyerFactory(slug="mairie-de-rennes")
    actor.slug = "mairie de rennes"  # not a slug: reverse() refuses it, as actor_path must
    monkeypatch.setattr(type(actor), "get_absolute_url", lambda self: f"reversed:{self.slug}")

    assert actor_path(actor) == "reversed:mairie de rennes"


def test_loaded_rows_are_the_managers_rows_without_a_query(index, django_assert_num_queries):
    fiche = factories.FichePageFactory(parent=index, themes=[factories.ThemeFactory()])
    fiche = FichePage.objects.get(pk=fiche.pk)
    prefetch_rows([fiche])

    with django_assert_num_queries(0):
        assert list(loaded(fiche, "themes")) == list(fiche.themes.all())
        assert list(loaded(fiche, "buyer_links")) == list(fiche.buyer_links.all())


def test_loaded_rows_of_a_preview_are_its_edited_rows(index):
    fiche = factories.FichePageFactory(parent=index, criteria=[("Prix", 40)])
    fiche = FichePage.objects.get(pk=fiche.pk)
    prefetch_rows([fiche])
    # What a preview holds: the rows of the edit form, not the database's.
    fiche.award_criteria = [AwardCriterion(name="Édité", weight=10)]

    assert [row.name for row in loaded(fiche, "award_criteria")] == ["Édité"]
    assert [row.name for row in fiche.award_criteria.all()] == ["Édité"]


def test_loaded_rows_not_prefetched_are_read():
    fiche = FichePage.objects.filter(pk=factories.FichePageFactory(criteria=[("Prix", 1)]).pk)
    assert [row.name for row in loaded(fiche.get(), "award_criteria")] == ["Prix"]


def test_a_target_shared_by_rows_is_one_instance_as_prefetch_related_gives_it(index):
    buyer = factories.BuyerFactory(logo=factories.ImageFactory())
    pks = [factories.FichePageFactory(parent=index, buyers=[buyer]).pk for _ in range(2)]
    fiches = list(FichePage.objects.filter(pk__in=pks).order_by("pk"))
    django = list(FichePage.objects.filter(pk__in=pks).order_by("pk"))
    prefetch_rows(fiches)
    prefetch_related_objects(django, "buyer_links__actor__logo")

    actors = [fiche.buyer_links.all()[0].actor for fiche in fiches]
    expected = [fiche.buyer_links.all()[0].actor for fiche in django]
    assert (actors[0] is actors[1]) == (expected[0] is expected[1]) is True
    assert actors[0].logo is actors[1].logo


def test_authors_and_hero_images_of_any_number_of_fiches(index, django_assert_num_queries):
    authors = [factories.OperatorFactory(logo=factories.ImageFactory()) for _ in range(3)]
    pks = [
        factories.FichePageFactory(
            parent=index, author=authors[number % 3], hero_image=factories.ImageFactory()
        ).pk
        for number in range(5)
    ]
    pks.append(factories.FichePageFactory(parent=index, author=None, hero_image=None).pk)
    fiches = list(api_fiches(FichePage.objects.filter(pk__in=pks)).order_by("pk"))
    expected = list(FichePage.objects.filter(pk__in=pks).order_by("pk"))

    with django_assert_num_queries(4):  # images, authors with their logos, rows, renditions
        prefetch_api_fiches(fiches)
    with django_assert_num_queries(0):
        got = [(f.hero_image, f.author, f.author and f.author.logo) for f in fiches]

    assert got == [(f.hero_image, f.author, f.author and f.author.logo) for f in expected]
    assert got[-1] == (None, None, None)
    assert fiches[0].author is fiches[3].author
