"""Work done once per transaction, after it commits.

Publishing or deleting several pages in one transaction (a catalogue deleted with its fiches, a
bulk action, an import) sends one signal per page; what the signals start (a background task)
should run once, when the transaction commits, with what every page of it asked for.
"""

from django.db import transaction


class _Pending:
    """The values gathered for one callback in the current transaction."""

    def __init__(self, callback, pending):
        self.callback = callback
        self.values = set()
        self._pending = pending

    def run(self):
        self._pending.pop(self.callback, None)
        self.callback(self.values)


def on_commit_once(callback, *values):
    """Calls ``callback(values)`` once when the current transaction commits, ``values`` being
    the set of the values of every call made for ``callback`` in that transaction; at once
    outside a transaction (as ``transaction.on_commit`` does). A transaction rolled back (or
    the savepoint that asked first) forgets its values: the next call starts afresh."""
    connection = transaction.get_connection()
    pending = connection.__dict__.setdefault("pending_on_commit", {})
    entry = pending.get(callback)
    if entry is not None and any(
        registered == entry.run for _sids, registered, _robust in connection.run_on_commit
    ):
        entry.values.update(values)
        return
    entry = pending[callback] = _Pending(callback, pending)
    entry.values.update(values)
    transaction.on_commit(entry.run)
