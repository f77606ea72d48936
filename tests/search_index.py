"""The search backend of the tests: the configured one, indexing lazily.

Indexing a fiche costs about as much as building it (Wagtail indexes a page on each save, the
fiche is indexed again once published, every actor save indexes its fiches), and most tests
never search. Inside a test (``tests/conftest.py`` turns it on), what is added to the index
waits, last version per object, until something reads the index: a search, an autocomplete,
or the start of a query count (so that a counted block never pays for earlier writes). Then
it is written in the order it came, as it would have been. Deletions are not deferred: they
also drop what waits for the object. Outside a test (``seed_demo``, the benchmark), the
backend indexes at once, as configured.
"""

from modelsearch.backends import import_backend

# (model label, pk) -> object, in the order of the first write; None when indexing at once.
_pending = None


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    params = dict(params)
    backend = import_backend(params.pop("INDEXED_BY"))(params)
    return LazyIndexBackend(backend)


def defer():
    """Writes to the index wait until it is read (the start of a test)."""
    global _pending
    _pending = {}


def stop():
    """Forgets what waits (the end of a test: its rows are rolled back) and indexes at once."""
    global _pending
    _pending = None


def flush():
    """Writes what waits into the index of the configured backend."""
    global _pending
    if not _pending:
        return
    waiting, _pending = _pending, {}
    from wagtail.search.backends import get_search_backends

    for backend in get_search_backends(with_auto_update=True):
        for obj in waiting.values():
            backend.indexer.add(obj)


def _key(obj):
    return (obj._meta.label_lower, obj.pk)


class LazyIndexBackend:
    """The configured backend, whose writes wait in ``_pending`` while a test runs."""

    def __init__(self, backend):
        self.indexer = backend

    def __getattr__(self, name):
        return getattr(self.indexer, name)

    def add(self, obj):
        if _pending is None:
            return self.indexer.add(obj)
        _pending[_key(obj)] = obj
        return None

    def add_bulk(self, model, obj_list):
        if _pending is None:
            return self.indexer.add_bulk(model, obj_list)
        for obj in obj_list:
            _pending[_key(obj)] = obj
        return None

    def delete(self, obj):
        if _pending is not None:
            _pending.pop(_key(obj), None)
        return self.indexer.delete(obj)

    def search(self, *args, **kwargs):
        flush()
        return self.indexer.search(*args, **kwargs)

    def autocomplete(self, *args, **kwargs):
        flush()
        return self.indexer.autocomplete(*args, **kwargs)

    def refresh_indexes(self):
        flush()
        return self.indexer.refresh_indexes()
