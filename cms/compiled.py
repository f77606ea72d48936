"""Querysets built and compiled once, run again with other values.

Django builds and compiles a queryset's SQL on every request: for the site's wide page queries
(a fiche with its foreign keys and its view restrictions, the menu, a page's translations) this
takes longer than PostgreSQL takes to plan and run them. :func:`compiled` builds such a query
once per database, with stand-in values, and then only binds the request's values into the SQL
it keeps; what comes back is a queryset that iterates as the original would (model instances
with their ``select_related`` objects and annotations, its ``prefetch_related`` lookups done,
or its ``values_list`` rows).

Only what the query's values are may change from one run to the next, never its shape: the
query is compiled twice with two different sets of stand-ins, and it is refused if the SQL
differs, or if a parameter differs that is not one of the values (``timezone.now()`` read by
the builder, say: pass the time as a value instead), or if a value does not appear as a
parameter of its own (a value the builder transformed, such as ``depth + 1``).

A value is an int, a str (also inside a ``LIKE`` pattern: ``__startswith`` of a value without
``%``, ``_`` or ``\\``), a UUID or an aware datetime."""

import copy
import uuid
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from django.core.exceptions import EmptyResultSet
from django.db import connections, router

#: Stand-ins, one per value, different in each of the two compilations. Integers stay in the
#: range of every integer column (Django drops a lookup whose value a column cannot hold): a
#: real constant of the query equal to a stand-in is the same in both compilations, so it is
#: never taken for a value.
_INT_BASE = 31000
_LIKE_SPECIALS = ("%", "_", "\\")


class CompileError(RuntimeError):
    """The builder's query is not a function of its values alone (module docstring)."""


def compiled(name, build, model, shape=None, **values):
    """The queryset ``build(**shape, **values)`` would return, ready to iterate, built and
    compiled once per ``name``, database (``model``'s, for reading), ``shape`` and kinds of
    values. ``shape`` (a dict of hashable arguments) holds what sets the query's form rather
    than a parameter of it: a LIMIT, a model, the columns read; each one gets its own
    statement."""
    db = router.db_for_read(model)
    kinds = tuple(sorted((key, _kind(value)) for key, value in values.items()))
    statement = _statement(name, build, db, kinds, tuple(sorted((shape or {}).items())))
    return statement.queryset(values)


def _kind(value):
    if isinstance(value, bool):
        raise TypeError("compiled(): a bool is not a value (it changes the query's shape)")
    for kind in (int, str, uuid.UUID, datetime):
        if isinstance(value, kind):
            if kind is datetime and value.tzinfo is None:
                raise TypeError("compiled(): a datetime must be aware")
            return kind.__name__
    raise TypeError(f"compiled(): unsupported value {value!r}")


def _stand_in(kind, number, run):
    if kind == "int":
        return _INT_BASE + 100 * run + number
    if kind == "str":
        return f"zqx{run}v{number}qxz"
    if kind == "UUID":
        return uuid.UUID(int=(run << 64) + number + 1)
    return datetime(2999, 1, 1, tzinfo=UTC) + timedelta(days=run, microseconds=number + 1)


class _Statement:
    def __init__(self, queryset, compiler, sql, params, places, prepare):
        self._queryset = queryset
        # Compiled: its select, klass_info, annotation_col_map and col_count are filled.
        self._compiler = compiler
        self.sql = sql
        self.params = params
        self.places = places  # index → (name, kind of use: "exact" or the LIKE template)
        self._prepare = prepare  # reads only the backend's features and settings

    def queryset(self, values):
        params = list(self.params)
        for index, (name, template) in self.places.items():
            value = self._prepare(values[name])
            if template is None:
                params[index] = value
            else:
                if any(special in value for special in _LIKE_SPECIALS):
                    raise CompileError(f"compiled(): {name!r} holds a LIKE wildcard")
                params[index] = template.replace("\x00", value)
        result = self._queryset._chain()
        # Not the ``query`` setter: it would turn a values_list into dicts.
        result._query = _FrozenQuery(self._queryset.query, self._compiler, self.sql, params)
        return result


class _FrozenQuery:
    """Stands for the query of a compiled queryset: its compiler gives the SQL kept, with the
    request's parameters; everything else is the original query's."""

    def __init__(self, query, compiler, sql, params):
        self._query = query
        self._compiler = compiler
        self._sql = sql
        self._params = tuple(params)

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = copy.copy(self._compiler)
        # This thread's connection: the kept compiler holds the one of the thread that compiled
        # it (a threaded server, such as runserver, serves each request in its own thread).
        compiler.connection = connection or connections[using or compiler.using]
        compiler.as_sql = lambda *args, **kwargs: (self._sql, self._params)
        return compiler

    def chain(self, klass=None):
        raise CompileError("compiled(): a compiled queryset is only iterated, not refined")

    def __getattr__(self, name):
        return getattr(self._query, name)


def _prepared(connection):
    def prepare(value):
        if isinstance(value, uuid.UUID):
            return value if connection.features.has_native_uuid_field else value.hex
        if isinstance(value, datetime):
            return connection.ops.adapt_datetimefield_value(value)
        return value

    return prepare


@lru_cache(maxsize=256)
def _statement(name, build, db, kinds, shape):
    connection = connections[db]
    prepare = _prepared(connection)
    runs = []
    for run in (0, 1):
        values = {key: _stand_in(kind, number, run) for number, (key, kind) in enumerate(kinds)}
        queryset = build(**dict(shape), **values).using(db)
        compiler = queryset.query.get_compiler(db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet as error:
            raise CompileError(f"compiled({name!r}): the stand-ins select nothing") from error
        runs.append((queryset, compiler, values, sql, list(params)))
    (queryset, compiler, values, sql, params), (_, _, other_values, other_sql, other_params) = runs
    if sql != other_sql or len(params) != len(other_params):
        raise CompileError(f"compiled({name!r}): the SQL depends on the values")
    places = {}
    for index, (param, other) in enumerate(zip(params, other_params, strict=True)):
        place = _place(param, other, values, other_values, prepare)
        if place is not None:
            places[index] = place
        elif param != other:
            raise CompileError(
                f"compiled({name!r}): parameter {index} varies and is not one of the values"
                " (a value transformed by the builder, or the clock read by it)"
            )
    missing = set(values) - {name for name, _ in places.values()}
    if missing:
        raise CompileError(f"compiled({name!r}): values not passed as such: {sorted(missing)}")
    return _Statement(queryset, compiler, sql, params, places, prepare)


def _place(param, other, values, other_values, prepare):
    for key, value in values.items():
        own, theirs = prepare(value), prepare(other_values[key])
        if param == own and other == theirs:
            return key, None
        if isinstance(own, str) and isinstance(param, str) and own in param:
            template = param.replace(own, "\x00")
            if other == template.replace("\x00", theirs):
                return key, template
    return None
