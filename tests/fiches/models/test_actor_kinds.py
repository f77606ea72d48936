"""The one registry of actor kinds (``fiches.models.ACTOR_KINDS``): every place that handles
actors handles each registered kind. A kind added to the registry and forgotten by one of
them fails here; the places that loop over the registry are checked by what they produce."""

import pytest
from wagtail.admin.panels import InlinePanel

from cms.cache.signals import SHOWN_ON_PAGES
from fiches import selectors
from fiches.api.fields import fiche_stakeholders
from fiches.api.urls import api_router
from fiches.discovery import selectors as discovery_selectors
from fiches.discovery import site_search
from fiches.editorial import completeness, snippets
from fiches.models import ACTOR_KINDS, ACTOR_MODELS, FichePage, actor_kind, panels
from fiches.opendata.importer import actors as import_actors
from fiches.rendering.pdf import actors as pdf_actors

KEYS = [kind.key for kind in ACTOR_KINDS]
MODELS = [kind.model for kind in ACTOR_KINDS]


def test_each_kind_has_its_own_names_model_and_rows():
    for attribute in ("key", "model", "link_model", "relation", "group", "api_name"):
        values = [getattr(kind, attribute) for kind in ACTOR_KINDS]
        assert len(set(values)) == len(values), attribute
    for kind in ACTOR_KINDS:
        assert kind.link_model._meta.get_field("actor").related_model is kind.model
        assert FichePage._meta.get_field(kind.relation).related_model is kind.link_model
        assert kind.link_model._meta.get_field("role").choices == kind.roles.choices
        for field in kind.classification:
            kind.model._meta.get_field(field)
        assert str(kind.singular) and str(kind.plural)
        assert actor_kind(kind.model) is kind
    assert list(ACTOR_MODELS) == [kind.url_segment for kind in ACTOR_KINDS]
    assert list(ACTOR_MODELS.values()) == MODELS


def test_the_directory_and_site_search_list_every_kind_with_its_names():
    assert [(k.slug, k.model, k.plural, k.singular) for k in site_search.KINDS] == [
        (kind.url_segment, kind.model, kind.plural, kind.singular) for kind in ACTOR_KINDS
    ]


def test_the_admin_lists_every_kind():
    viewsets = snippets.ActorViewSetGroup.items
    assert [viewset.model for viewset in viewsets] == MODELS
    assert [viewset.menu_label for viewset in viewsets] == [kind.plural for kind in ACTOR_KINDS]


def test_the_edit_page_has_an_inline_panel_per_kind():
    inline = [p.relation_name for p in panels.STAKEHOLDER_PANELS if isinstance(p, InlinePanel)]
    assert inline == [kind.relation for kind in ACTOR_KINDS]


def test_the_importer_reads_every_kind():
    assert [
        (k.model, k.link_model, k.relation, k.roles, k.type_field)
        for k in import_actors.ACTOR_KINDS
    ] == [
        (kind.model, kind.link_model, kind.relation, kind.roles, kind.classification[0])
        for kind in ACTOR_KINDS
    ]
    assert set(import_actors.IMPORT_NAMES) == {kind.key for kind in ACTOR_KINDS}


def test_the_api_has_an_endpoint_per_kind_and_a_stakeholder_group_per_kind():
    for kind in ACTOR_KINDS:
        assert api_router._endpoints[kind.api_name].model is kind.model
    assert list(fiche_stakeholders(FichePage(title="Vide"), None)) == [
        kind.group for kind in ACTOR_KINDS
    ]


@pytest.mark.django_db
def test_the_page_context_the_pdf_and_the_completeness_have_each_kind(fiche):
    context = selectors.fiche_page(fiche=fiche)
    assert {kind.group for kind in ACTOR_KINDS} <= set(context)
    assert list(pdf_actors.HEADINGS) == KEYS
    assert list(completeness.MISSING_STAKEHOLDERS) == KEYS


def test_the_filters_and_the_widget_know_every_kind():
    assert list(selectors.STAKEHOLDER_LINKS) == KEYS
    assert list(discovery_selectors.WIDGET_ACTOR_ROLES) == MODELS


def test_pages_showing_an_actor_leave_the_cache_when_it_changes():
    for kind in ACTOR_KINDS:
        assert (kind.model._meta.app_label, kind.model.__name__) in SHOWN_ON_PAGES


def test_a_fiche_without_stakeholders_lacks_one_of_each_kind():
    fiche = FichePage(title="Sans acteurs", chapo="Un chapô.")
    gaps = completeness.fiche_gaps(fiche)
    for kind in ACTOR_KINDS:
        assert completeness.MISSING_STAKEHOLDERS[kind.key] in gaps
