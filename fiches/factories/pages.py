"""The page factory (added under its parent and published as an editor would), the catalogue
page factory and the local datetimes of the demo and the tests."""

from datetime import datetime, time

import factory
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published, published

from fiches.models import FicheIndexPage


class PageFactory(factory.django.DjangoModelFactory):
    """Adds the page under ``parent`` and publishes a first revision, as an editor would."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title)[:80])

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, **kwargs):
        if parent is None:
            parent = cls.default_parent()
        page = model_class(*args, **kwargs)
        scheduled = page.go_live_at is not None and page.go_live_at > timezone.now()
        page.live = publish and not scheduled
        # Each save would index the page's references again: once, at the end, is the same index.
        with disable_reference_index_auto_update():
            parent.add_child(instance=page)  # validates the page (full_clean) and saves its rows
            revision = page.save_revision(clean=False)
            if publish and scheduled:
                revision.publish()
            elif publish:
                publish_first_revision(page, revision)
        ReferenceIndex.create_or_update_for_object(page)
        if publish:
            page.refresh_from_db()
        return page

    @classmethod
    def default_parent(cls):
        return Page.objects.get(depth=2).specific


def publish_first_revision(page, revision):
    """What ``revision.publish()`` does for a page just created from this revision's content
    (Wagtail 8.0, ``PublishPageRevisionAction``): the revision becomes the live one, the
    publication is logged, ``page_published`` and ``published`` are sent. Without rebuilding
    the page from the revision and saving it and its rows again, which made up half the cost
    of a factory page (about 0.1 s); a page with comments, aliases, a workflow or a future
    ``go_live_at`` goes through ``revision.publish()``.
    ``tests/fiches/test_factories.py`` compares both."""
    now = timezone.now()
    page.live = True
    page.expired = False
    page.has_unpublished_changes = False
    page.live_revision = revision
    page.last_published_at = now
    page.first_published_at = page.first_published_at or now
    page.save(
        update_fields=[
            "live",
            "expired",
            "has_unpublished_changes",
            "live_revision",
            "last_published_at",
            "first_published_at",
        ],
        clean=False,
    )
    log(instance=page, action="wagtail.publish", revision=revision, content_changed=True)
    page_published.send(sender=page.specific_class, instance=page.specific, revision=revision)
    published.send(sender=type(page), instance=page, revision=revision)


class FicheIndexPageFactory(PageFactory):
    class Meta:
        model = FicheIndexPage

    title = "Les fiches REX"
    slug = "fiches"
    intro = "<p>Tous les retours d'expérience, par territoire, secteur et levier.</p>"


# ---------- Dates ----------


def local_datetime(day, hour=9, minute=0):
    """An aware datetime at ``hour:minute`` (time of the site, Europe/Paris) on ``day``."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))
