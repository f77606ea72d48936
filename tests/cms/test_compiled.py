"""cms.compiled: a queryset built and compiled once, run again with other values, returns what
the queryset built for those values returns; a builder whose query is not a function of its
values alone is refused."""

import uuid
from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone
from wagtail.models import Locale, Page

from cms.compiled import CompileError, compiled
from fiches import factories
from fiches.models import FichePage

pytestmark = pytest.mark.django_db


def _fiches(*, path, depth, slug):
    return (
        FichePage.objects.filter(path__startswith=path, depth=depth, slug=slug)
        .select_related("region", "locale")
        .annotate(parent_depth=F("depth") - 1)
        .prefetch_related("themes")
    )


def _slugs(*, path, after):
    return (
        Page.objects.filter(path__startswith=path, last_published_at__gt=after)
        .order_by("path")
        .values_list("slug", flat=True)
    )


def _key(*, key):
    return Page.objects.filter(translation_key=key).values_list("pk", flat=True)


def test_each_run_returns_what_the_queryset_built_for_its_values_returns(
    index, django_assert_num_queries
):
    first = factories.FichePageFactory(parent=index, slug="premiere")
    second = factories.FichePageFactory(parent=index, slug="seconde")
    for fiche in (first, second):
        themes = list(fiche.themes.all())
        with django_assert_num_queries(2):  # the fiche with its keys, then its themes
            (found,) = compiled(
                "test-fiches",
                _fiches,
                FichePage,
                path=index.path,
                depth=index.depth + 1,
                slug=fiche.slug,
            )
        with django_assert_num_queries(0):
            assert found.pk == fiche.pk
            assert found.region.code == fiche.region_id
            assert found.locale.language_code == "fr"
            assert found.parent_depth == index.depth
            assert list(found.themes.all()) == themes
    missing = compiled(
        "test-fiches", _fiches, FichePage, path=index.path, depth=index.depth + 1, slug="aucune"
    )
    assert list(missing) == []


def test_a_like_pattern_a_datetime_and_a_uuid_are_bound_too(index):
    older = factories.FichePageFactory(parent=index, slug="ancienne")
    newer = factories.FichePageFactory(parent=index, slug="recente")
    Page.objects.filter(pk__in=[index.pk, older.pk]).update(
        last_published_at=timezone.now() - timedelta(days=9)
    )
    Page.objects.filter(pk=newer.pk).update(last_published_at=timezone.now())
    week_ago = timezone.now() - timedelta(days=7)
    assert list(compiled("test-slugs", _slugs, Page, path=index.path, after=week_ago)) == [
        "recente"
    ]
    assert list(
        compiled("test-slugs", _slugs, Page, path=index.path, after=week_ago - timedelta(days=7))
    ) == ["fiches", "ancienne", "recente"]
    assert list(compiled("test-slugs", _slugs, Page, path=newer.path, after=week_ago)) == [
        "recente"
    ]
    assert list(compiled("test-key", _key, Page, key=newer.translation_key)) == [newer.pk]
    assert list(compiled("test-key", _key, Page, key=uuid.uuid4())) == []


def test_the_query_is_built_twice_once_per_kind_of_values(index, monkeypatch):
    calls = []

    def counted(**values):
        calls.append(values)
        return _slugs(**values)

    for days in (1, 2, 3):
        list(compiled("test-counted", counted, Page, path=index.path, after=timezone.now()))
        assert len(calls) == 2, days


def _reads_the_clock(*, path):
    return Page.objects.filter(path__startswith=path, last_published_at__lt=timezone.now())


def _transforms_its_value(*, depth):
    return Page.objects.filter(depth=depth + 1)


def _shape_follows_the_value(*, depth):
    return Page.objects.filter(depth__in=range(depth % 3 + 1))


@pytest.mark.parametrize(
    ("build", "values", "message"),
    [
        (_reads_the_clock, {"path": "0001"}, "not one of the values"),
        (_transforms_its_value, {"depth": 2}, "not one of the values"),
        (_shape_follows_the_value, {"depth": 2}, "depends on the values"),
    ],
)
def test_a_query_that_is_not_a_function_of_its_values_is_refused(build, values, message):
    with pytest.raises(CompileError, match=message):
        compiled("test-refused", build, Page, **values)


def test_a_like_wildcard_in_a_value_is_refused(index):
    with pytest.raises(CompileError, match="wildcard"):
        compiled("test-slugs", _slugs, Page, path=f"{index.path}%", after=timezone.now())


@pytest.mark.parametrize("value", [True, 1.5, timezone.now().replace(tzinfo=None)])
def test_values_of_other_kinds_are_refused(value):
    with pytest.raises(TypeError):
        compiled("test-kind", _key, Page, key=value)


def test_a_compiled_queryset_is_not_refined(index):
    queryset = compiled("test-slugs", _slugs, Page, path=index.path, after=timezone.now())
    with pytest.raises(CompileError):
        queryset.filter(depth=3)


def _locales(*, code):
    return Locale.objects.filter(language_code=code).values_list("language_code", flat=True)


def test_a_statement_compiled_in_one_thread_runs_in_another():
    """A threaded server serves each request in a thread of its own, with its own connection:
    the kept statement runs on that thread's (reading rows committed by the migrations)."""
    import threading

    from django.db import connection

    assert list(compiled("test-threads", _locales, Locale, code="fr")) == ["fr"]
    found, errors = [], []

    def other_thread():
        try:
            found.extend(compiled("test-threads", _locales, Locale, code="fr"))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert errors == []
    assert found == ["fr"]


def _first(*, count, path):
    return (
        Page.objects.filter(path__startswith=path)
        .order_by("path")
        .values_list("slug", flat=True)[:count]
    )


def test_what_sets_the_querys_form_is_its_shape_one_statement_each(index):
    factories.FichePageFactory(parent=index, slug="seule")
    one = compiled("test-shape", _first, Page, shape={"count": 1}, path=index.path)
    two = compiled("test-shape", _first, Page, shape={"count": 2}, path=index.path)
    assert list(one) == ["fiches"]
    assert list(two) == ["fiches", "seule"]
