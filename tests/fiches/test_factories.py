"""The factories publish a new page faster than ``revision.publish()``: the result must be the
same (``fiches.factories.publish_first_revision``)."""

from wagtail.models import PageLogEntry, ReferenceIndex

from cms.cache import keys
from fiches import factories
from fiches.models import FichePage


def published_state(page):
    page = FichePage.objects.get(pk=page.pk)
    return {
        "live": page.live,
        "expired": page.expired,
        "has_unpublished_changes": page.has_unpublished_changes,
        "live_is_latest": page.live_revision_id == page.latest_revision_id,
        "published": page.first_published_at is not None and page.last_published_at is not None,
        "logged": list(PageLogEntry.objects.filter(page=page).values_list("action", flat=True)),
        "references": sorted(
            ReferenceIndex.get_references_for_object(page).values_list(
                "to_content_type", "to_object_id", "content_path"
            )
        ),
    }


def test_a_factory_page_is_published_as_revision_publish_would(index):
    version = keys.current_version()
    quick = factories.FichePageFactory(parent=index, title="Rapide")
    assert keys.current_version() != version  # page_published reached the cache layer

    slow = factories.FichePageFactory(parent=index, title="Lente", publish=False)
    slow.get_latest_revision().publish()

    assert published_state(quick) == {
        **published_state(slow),
        "references": published_state(quick)["references"],
    }
    assert sorted(published_state(quick)["logged"]) == ["wagtail.create", "wagtail.publish"]
    assert published_state(quick)["references"]  # buyer, supplier, operator, CPV, region…
    # Its references are those Wagtail computes from the page as saved.
    before = published_state(quick)["references"]
    ReferenceIndex.create_or_update_for_object(FichePage.objects.get(pk=quick.pk))
    assert published_state(quick)["references"] == before


def test_a_factory_page_is_found_by_search_once_published(index):
    fiche = factories.FichePageFactory(parent=index, title="Recyclerie solidaire de Tulle")
    assert list(FichePage.objects.live().search("Tulle")) == [fiche]


def test_a_scheduled_page_waits_for_its_date(index):
    from datetime import timedelta

    from django.utils import timezone

    fiche = factories.FichePageFactory(parent=index, go_live_at=timezone.now() + timedelta(days=2))
    fiche.refresh_from_db()
    assert not fiche.live
    assert fiche.get_latest_revision().approved_go_live_at is not None
