"""cms.transactions.on_commit_once: one call per transaction, with what every caller asked."""

import pytest
from django.db import transaction

from cms.transactions import on_commit_once

pytestmark = pytest.mark.django_db


class Calls(list):
    def __call__(self, values):
        self.append(values)

    def __hash__(self):
        return id(self)


def test_one_call_per_transaction_with_every_value(django_capture_on_commit_callbacks):
    calls = Calls()
    with django_capture_on_commit_callbacks(execute=True):
        on_commit_once(calls, 1)
        on_commit_once(calls, 2, 3)
        on_commit_once(calls)
        assert calls == []  # not before the commit
    assert calls == [{1, 2, 3}]


def test_the_next_transaction_starts_afresh(django_capture_on_commit_callbacks):
    calls = Calls()
    with django_capture_on_commit_callbacks(execute=True):
        on_commit_once(calls, 1)
    with django_capture_on_commit_callbacks(execute=True):
        on_commit_once(calls, 2)
    assert calls == [{1}, {2}]


def test_a_rolled_back_savepoint_forgets_its_values(django_capture_on_commit_callbacks):
    calls = Calls()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            on_commit_once(calls, "rolled back")
            1 / 0  # noqa: B018
        on_commit_once(calls, "kept")
    assert calls == [{"kept"}]


def test_two_callbacks_are_called_apart(django_capture_on_commit_callbacks):
    first, second = Calls(), Calls()
    with django_capture_on_commit_callbacks(execute=True):
        on_commit_once(first, 1)
        on_commit_once(second, 2)
        on_commit_once(first, 3)
    assert (first, second) == ([{1, 3}], [{2}])
