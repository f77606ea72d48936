"""The figures stored when content is published (fiches.models.figures): what is stored equals
what the live selectors compute, in every content state; every change to published content
makes them unusable; a figure computed from old content is never stored; a miss computes live."""

import datetime
import json
from unittest import mock

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend
from wagtail.models import Locale, PageViewRestriction, Site

from fiches import factories
from fiches.discovery import directory, figures, tasks
from fiches.discovery import selectors as discovery
from fiches.models import FigureGeneration, Region, StoredFigure
from fiches.selectors import figures as stored_figures
from fiches.selectors import stored
from tests.helpers import LEAN, restrict


def generation():
    return FigureGeneration.objects.values_list("value", flat=True).first()


def json_of(value):
    return json.loads(json.dumps(value))


def stored_and_live(locale):
    """Each stored figure of ``locale`` as read (stored or recomputed) and as computed live."""
    bretagne = Region.objects.get(code="53")
    locale_id = locale.pk
    return {
        "region-counts": (
            discovery.region_counts(locale=locale_id),
            {
                r.code: r.fiche_count
                for r in discovery.regions_with_counts(locale=locale_id)
                if r.fiche_count
            },
        ),
        "region-figures": (
            _stored_payload("region-figures", ["53", locale_id, 30]),
            discovery._region_numbers(region=bretagne, locale=locale_id, actor_limit=30),
        ),
        "directory-rows": (
            _stored_payload("directory-rows", [locale_id, ""]),
            directory._ranked(locale=locale, region=""),
        ),
    }


def _stored_payload(name, key):
    row = StoredFigure.objects.filter(
        name=name, key=":".join(str(part) for part in key), generation=generation()
    ).first()
    return row.payload if row else None


def read_all(locale):
    """Reads every figure of ``locale`` through its selector (storing it on a miss)."""
    discovery.region_counts(locale=locale.pk)
    discovery.region_figures(region=Region.objects.get(code="53"), locale=locale.pk)
    directory.directory_rows(locale=locale)


def assert_exact(*locales):
    for locale in locales:
        read_all(locale)
        for name, (kept, live) in stored_and_live(locale).items():
            assert kept is not None, name
            assert kept == json_of(live), name


@pytest.fixture
def catalogue(index):
    """Fiches in Bretagne and elsewhere, with buyers and ESS structures shared between them."""
    buyer, supplier = factories.BuyerFactory(), factories.ESSStructureFactory()
    based = factories.ESSStructureFactory(region=Region.objects.get(code="53"))
    first = factories.FichePageFactory(parent=index, buyers=[buyer], suppliers=[supplier])
    second = factories.FichePageFactory(
        parent=index, buyers=[buyer, factories.BuyerFactory()], suppliers=[supplier], amount=50
    )
    elsewhere = factories.FichePageFactory(
        parent=index, region=Region.objects.get(code="84"), buyers=[], suppliers=[based]
    )
    spare = factories.BuyerFactory()  # in no fiche
    return {
        "first": first,
        "second": second,
        "elsewhere": elsewhere,
        "buyer": buyer,
        "spare": spare,
    }


class TestExactness:
    """Read before each change (the figures stored), then after it: the figures read equal the
    live computation, so each change must have made the stored ones unusable."""

    def test_published_and_unpublished(self, index, catalogue):
        locale = Locale.get_default()
        assert_exact(locale)
        factories.FichePageFactory(parent=index, buyers=[factories.BuyerFactory()])
        assert_exact(locale)
        catalogue["second"].unpublish()
        assert_exact(locale)
        assert _stored_payload("region-figures", ["53", locale.pk, 30])["fiche_count"] == 2

    def test_restricted_and_moved(self, index, home, catalogue):
        locale = Locale.get_default()
        assert_exact(locale)
        restriction = restrict(catalogue["first"])
        assert_exact(locale)
        restriction.delete()
        assert_exact(locale)
        private = factories.FicheIndexPageFactory(parent=home, title="Privé", slug="prive")
        restrict(private)
        assert_exact(locale)
        catalogue["second"].move(private, pos="last-child")
        assert_exact(locale)
        assert _stored_payload("region-counts", [locale.pk]) == {"53": 1, "84": 1}

    def test_actor_edited(self, catalogue):
        locale = Locale.get_default()
        assert_exact(locale)
        buyer = catalogue["buyer"]
        buyer.live = False
        buyer.save()
        assert_exact(locale)
        assert _stored_payload("region-figures", ["53", locale.pk, 30])["buyer_count"] == 1

    def test_expired_without_a_signal(self, index, catalogue):
        locale = Locale.get_default()
        soon = timezone.now() + datetime.timedelta(hours=1)
        factories.FichePageFactory(parent=index, expire_at=soon, buyers=[])
        assert_exact(locale)
        assert _stored_payload("region-counts", [locale.pk]) == {"53": 3, "84": 1}
        # No signal when the fiche expires (publish_scheduled unpublishes it later).
        later = soon + datetime.timedelta(minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            assert discovery.region_counts(locale=locale.pk) == {"53": 2, "84": 1}
            assert_exact(locale)

    def test_second_locale(self, catalogue):
        french = Locale.get_default()
        english = Locale.objects.create(language_code="en")
        assert_exact(french, english)
        index = catalogue["first"].get_parent()
        for page in (index.get_parent(), index, catalogue["first"]):
            page.copy_for_translation(english).save_revision().publish()
        assert_exact(french, english)
        assert _stored_payload("region-counts", [english.pk]) == {"53": 1}
        assert _stored_payload("region-counts", [french.pk]) == {"53": 2, "84": 1}


class TestReadTimeCheck:
    def test_a_stale_ranking_never_lists_an_actor_no_longer_public(self, index, catalogue):
        locale = Locale.get_default()
        bretagne = Region.objects.get(code="53")
        before = discovery.region_figures(region=bretagne, locale=locale.pk)
        assert catalogue["buyer"] in before["buyers"]
        # Changed behind the signals' back: the stored rows still name the buyer.
        type(catalogue["buyer"]).objects.filter(pk=catalogue["buyer"].pk).update(live=False)

        after = discovery.region_figures(region=bretagne, locale=locale.pk)

        assert catalogue["buyer"] not in after["buyers"]
        page = directory.actor_directory(locale=locale, params={})["actors"]
        listed = {(type(actor), actor.pk) for actor in page.object_list}
        assert (type(catalogue["buyer"]), catalogue["buyer"].pk) not in listed
        assert (type(catalogue["spare"]), catalogue["spare"].pk) not in listed  # in no fiche
        assert len(listed) == 6  # another buyer, two ESS structures, three operators


class TestInvalidation:
    @pytest.fixture
    def kept(self, catalogue):
        """A figure stored: the test checks that its event makes it unusable."""
        assert stored("test", ["k"], lambda: "old") == "old"
        assert stored("test", ["k"], lambda: "new") == "old"
        return catalogue

    def assert_unusable(self):
        assert stored("test", ["k"], lambda: "new") == "new"

    def test_publish(self, kept):
        kept["first"].save_revision().publish()
        self.assert_unusable()

    def test_unpublish(self, kept):
        kept["first"].unpublish()
        self.assert_unusable()

    def test_move(self, kept, home):
        kept["first"].move(home, pos="last-child")
        self.assert_unusable()

    def test_delete(self, kept):
        kept["first"].delete()
        self.assert_unusable()

    def test_view_restriction_saved(self, kept):
        restrict(kept["first"])
        self.assert_unusable()

    def test_view_restriction_deleted(self, catalogue):
        restriction = restrict(catalogue["first"])
        stored("test", ["k"], lambda: "old")
        PageViewRestriction.objects.get(pk=restriction.pk).delete()
        self.assert_unusable()

    @pytest.mark.parametrize(
        "make",
        [
            factories.BuyerFactory,
            factories.ESSStructureFactory,
            factories.OperatorFactory,
            factories.ThemeFactory,
            factories.ImageFactory,
        ],
    )
    def test_snippets_and_images(self, kept, make):
        make()
        self.assert_unusable()

    def test_actor_deleted(self, kept):
        kept["spare"].delete()
        self.assert_unusable()

    def test_site(self, kept):
        site = Site.objects.get(is_default_site=True)
        site.site_name = "Autre"
        site.save()
        self.assert_unusable()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_invalidated_in_the_transaction_and_again_once_it_commits(index):
    fiche = factories.FichePageFactory(parent=index, **LEAN)
    stored("test", ["k"], lambda: "old")
    assert StoredFigure.objects.exists()
    with transaction.atomic():
        fiche.save_revision().publish()
        inside = generation()
        assert stored("test", ["k"], lambda: "inside") == "inside"
    # Once more after the commit, and the rows of older generations deleted.
    assert generation() == inside + 1
    assert not StoredFigure.objects.exists()
    assert stored("test", ["k"], lambda: "new") == "new"


class TestRace:
    def test_a_store_after_an_invalidation_is_refused(self, db):
        stored("test", ["k"], lambda: "warm")  # the generation row exists
        seen = generation()
        figures.invalidate()

        assert not StoredFigure.objects.record(
            name="test", key="late", payload=1, generation=seen, valid_until=None
        )
        assert not StoredFigure.objects.filter(key="late").exists()
        assert StoredFigure.objects.record(
            name="test", key="late", payload=1, generation=generation(), valid_until=None
        )

    def test_a_figure_computed_while_the_content_changes_is_not_kept(self, index, catalogue):
        def compute():
            counts = {"53": 2, "84": 1}
            # A publication commits while this request computes from the old rows.
            factories.FichePageFactory(parent=index, buyers=[])
            return counts

        assert stored("region-counts", [Locale.get_default().pk], compute) == {"53": 2, "84": 1}

        assert discovery.region_counts(locale=Locale.get_default().pk) == {"53": 3, "84": 1}


class TestMiss:
    def test_without_a_generation_the_figure_is_computed_live(self, db):
        FigureGeneration.objects.all().delete()
        assert stored("test", ["k"], lambda: "live") == "live"
        assert not StoredFigure.objects.exists()
        assert generation() == 0
        assert stored("test", ["k"], lambda: "stored") == "stored"
        assert stored("test", ["k"], lambda: "again") == "stored"

    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    def test_an_unreachable_table_computes_live(self):
        with mock.patch.object(stored_figures, "_read", side_effect=DatabaseError("down")):
            assert stored("test", ["k"], lambda: "live") == "live"

    def test_in_a_transaction_an_unreachable_table_raises(self, db):
        # The transaction is broken: computing would fail too.
        down = mock.patch.object(stored_figures, "_read", side_effect=DatabaseError("down"))
        with down, pytest.raises(DatabaseError):
            stored("test", ["k"], lambda: "live")


class TestRefresh:
    def test_the_refresh_stores_the_common_figures(
        self, home, catalogue, django_assert_num_queries
    ):
        FigureGeneration.objects.bump()
        figures.refresh()
        locale = Locale.get_default()
        names = set(StoredFigure.objects.filter(generation=generation()).values_list("name", "key"))
        assert ("region-counts", str(locale.pk)) in names
        assert ("directory-rows", f"{locale.pk}:") in names
        assert ("region-figures", f"53:{locale.pk}:30") in names
        assert ("home-figures", str(locale.pk)) in names
        with django_assert_num_queries(1):
            discovery.region_counts(locale=locale.pk)

    def test_the_worker_is_asked_after_the_commit(self, catalogue):
        task = mock.Mock()
        with mock.patch.object(tasks, "refresh_figures", task):
            figures._after_commit()
        task.enqueue.assert_called_once_with()

    def test_nothing_is_enqueued_with_the_immediate_backend(self, catalogue):
        task = mock.Mock()
        task.get_backend.return_value = mock.Mock(spec=ImmediateBackend)
        with mock.patch.object(tasks, "refresh_figures", task):
            figures._after_commit()
        task.enqueue.assert_not_called()


def test_lean_fiches_keep_their_counts(index):
    # A fiche without actors counts in its region, not among the actors.
    factories.FichePageFactory(parent=index, **LEAN)
    locale = Locale.get_default()
    assert_exact(locale)
    assert _stored_payload("region-figures", ["53", locale.pk, 30])["buyer_count"] == 0
