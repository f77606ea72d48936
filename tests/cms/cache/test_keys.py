"""The one key builder: every key holds the release, the content version, the language and the
site; the PDF's too, so that a new PDF layout is seen at once."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from cms.cache import keys
from fiches import factories
from fiches.rendering import pdf
from fiches.rendering.pdf import response as pdf_response


def test_a_key_changes_with_the_release_version_language_and_parts(monkeypatch):
    with translation.override("fr"):
        key = keys.make_key("fiche-card", 1, "abc")
        assert key.startswith("cms:fiche-card:")
        assert keys.make_key("fiche-card", 1, "abc") == key
        assert keys.make_key("fiche-card", 2, "abc") != key
        keys.invalidate()
        assert keys.make_key("fiche-card", 1, "abc") != key
        key = keys.make_key("fiche-card", 1, "abc")
        monkeypatch.setattr(keys, "release", lambda: "next-release")
        assert keys.make_key("fiche-card", 1, "abc") != key
    with translation.override("en"):
        assert keys.make_key("fiche-card", 1, "abc") != key


def test_an_unregistered_name_is_refused():
    with pytest.raises(ImproperlyConfigured, match="not-registered"):
        keys.make_key("not-registered")


@pytest.fixture
def builds(monkeypatch):
    built = []
    render = pdf.render_fiche_pdf

    def counting(**kwargs):
        built.append(kwargs["fiche"].pk)
        return render(**kwargs)

    monkeypatch.setattr(pdf_response, "render_fiche_pdf", counting)
    cache.clear()
    yield built
    cache.clear()


def test_a_new_release_builds_a_new_pdf(client, fiche, builds, monkeypatch):
    for _ in range(2):
        assert client.get(f"{fiche.url}pdf/").status_code == 200
    assert builds == [fiche.pk]
    monkeypatch.setattr(keys, "release", lambda: "next-release")
    assert client.get(f"{fiche.url}pdf/").status_code == 200
    assert builds == [fiche.pk, fiche.pk]


def test_an_actor_saved_builds_a_new_pdf(client, fiche, builds):
    assert client.get(f"{fiche.url}pdf/").status_code == 200
    factories.BuyerFactory(name="Ville de Brest")  # bumps the content version
    assert client.get(f"{fiche.url}pdf/").status_code == 200
    assert builds == [fiche.pk, fiche.pk]
