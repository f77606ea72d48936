"""The data migration of the legal bases (``fiches/migrations/0010_reserved_articles_rows.py``):
the one article a fiche held before is carried over to its rows, in the fiche and in its
revisions (a draft opened in the admin keeps it)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fiches import factories
from fiches.models import FichePage

BEFORE = [("fiches", "0009_levers_and_groupements")]
AFTER = [("fiches", "0010_reserved_articles_rows")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_single_article_becomes_a_row_in_the_fiche_and_its_revisions(index):
    fiche = factories.FichePageFactory(parent=index, reserved=True, reserved_articles=[])
    apps = migrate(BEFORE)
    try:
        OldFiche = apps.get_model("fiches", "FichePage")
        OldFiche.objects.filter(pk=fiche.pk).update(reserved_article="L2113-12")
        Revision = apps.get_model("wagtailcore", "Revision")
        revision = Revision.objects.get(pk=fiche.latest_revision_id)
        content = dict(revision.content)
        content.pop("reserved_articles", None)
        content["reserved_article"] = "L2113-12"
        revision.content = content
        revision.save()
    finally:
        migrate(AFTER)

    fiche = FichePage.objects.get(pk=fiche.pk)
    assert [row.article for row in fiche.reserved_articles.all()] == ["L2113-12"]
    revision = fiche.latest_revision
    assert "reserved_article" not in revision.content
    draft = fiche.get_latest_revision_as_object()
    assert [row.article for row in draft.reserved_articles.all()] == ["L2113-12"]
