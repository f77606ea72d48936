"""Data migrations, run on the current models: what they change and what they leave. The legal
bases' migration (``0013_reserved_articles_rows``) runs for real: the one article a fiche held
before is carried over to its rows, in the fiche and in its revisions (a draft opened in the
admin keeps it)."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fiches import factories
from fiches.models import FichePage

amount_periods = importlib.import_module("fiches.migrations.0010_amount_period_total")


@pytest.mark.django_db
def test_amounts_recorded_before_the_period_are_totals_in_fiches_and_revisions(index):
    old = factories.FichePageFactory(parent=index, amount=630000)
    without = factories.FichePageFactory(parent=index, amount_kind="", amount=None)
    yearly = factories.FichePageFactory(parent=index, amount_period="par_an", amount=105000)
    FichePage.objects.filter(pk=old.pk).update(amount_period="")
    revision = old.latest_revision
    del revision.content["amount_period"]
    revision.save(update_fields=["content"])

    amount_periods.amounts_are_totals(apps, None)

    periods = dict(FichePage.objects.values_list("pk", "amount_period"))
    assert periods == {old.pk: "total", without.pk: "", yearly.pk: "par_an"}
    revision.refresh_from_db()
    assert revision.content["amount_period"] == "total"
    assert yearly.latest_revision.content["amount_period"] == "par_an"


BEFORE = [("fiches", "0012_levers_and_groupements")]


def latest():
    """Every app's last migration: the migrations after the one tested run again too."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_single_article_becomes_a_row_in_the_fiche_and_its_revisions(index):
    fiche = factories.FichePageFactory(parent=index, reserved=True, reserved_articles=[])
    old_apps = migrate(BEFORE)
    try:
        OldFiche = old_apps.get_model("fiches", "FichePage")
        OldFiche.objects.filter(pk=fiche.pk).update(reserved_article="L2113-12")
        Revision = old_apps.get_model("wagtailcore", "Revision")
        revision = Revision.objects.get(pk=fiche.latest_revision_id)
        content = dict(revision.content)
        content.pop("reserved_articles", None)
        content["reserved_article"] = "L2113-12"
        revision.content = content
        revision.save()
    finally:
        migrate(latest())

    fiche = FichePage.objects.get(pk=fiche.pk)
    assert [row.article for row in fiche.reserved_articles.all()] == ["L2113-12"]
    revision = fiche.latest_revision
    assert "reserved_article" not in revision.content
    draft = fiche.get_latest_revision_as_object()
    assert [row.article for row in draft.reserved_articles.all()] == ["L2113-12"]
