"""Wagtail's rendition cache is off (cms/settings/base.py): the pages prefetch the renditions they
show, and Wagtail would otherwise write each rendition it renders into the shared cache — one
round trip to Redis per image on every page, even for a prefetched one."""

from django.core.cache import cache

from fiches import factories
from fiches.models import CustomRendition


def rendition_keys():
    return [key for key in cache._cache if "wagtail-rendition-" in key]


def test_a_page_with_images_writes_no_rendition_to_the_cache(client, index):
    image = factories.ImageFactory()
    fiche = factories.FichePageFactory(
        parent=index,
        hero_image=image,
        buyers=[factories.BuyerFactory(logo=factories.ImageFactory())],
        body=factories.fiche_body(image=image),
    )
    assert client.get(fiche.url).status_code == 200  # renditions created
    cache.clear()

    response = client.get(fiche.url)

    assert response.status_code == 200
    assert CustomRendition.objects.filter(image=image).exists()
    assert 'srcset="' in response.content.decode()
    assert rendition_keys() == []


def test_wagtail_would_write_them_to_the_default_cache(client, index, monkeypatch):
    """The test above can fail: with Wagtail's default (its renditions in the default cache),
    rendering the same page writes them."""
    monkeypatch.setattr(CustomRendition, "cache_backend", cache)
    image = factories.ImageFactory()
    fiche = factories.FichePageFactory(parent=index, hero_image=image)
    assert client.get(fiche.url).status_code == 200
    cache.clear()

    assert client.get(fiche.url).status_code == 200

    assert rendition_keys() != []
