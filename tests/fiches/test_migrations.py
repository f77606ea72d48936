"""Data migrations, run on the current models: what they change and what they leave."""

import importlib

import pytest
from django.apps import apps

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
