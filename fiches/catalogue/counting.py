"""The one query that counts (``fiches.catalogue.counts``): a :class:`Counter`'s ``parts`` are
counted over a set of rows (a queryset), each part giving rows of a value and its count, and
its ``read`` turns their rows into ``{value: count}``.

Every count is one query, whatever the number of counters: the rows counted are selected once,
as a common table expression (a *base*) with one column per value the parts group by, and each
part is a ``GROUP BY`` over the base (:class:`Grouped`, :class:`Flags`) or over a table linked
to it (:class:`Linked`), all of them in one ``UNION ALL``. :func:`count_all` counts counters over
querysets (those given as the same object share their base); :func:`count_facets` counts the
catalogue's disjunctive facets, each among the fiches matching every active filter but its own:
the base holds the fiches that match all of them but one at most, with a boolean column per
filter, and each part keeps the rows its facet counts (``WHERE`` on those columns). The filters
are not applied once per facet, and the counts stay exact whatever the filters: nothing is
stored.

A base is the rows counted (compiled by the ORM at each call: their parameters change) joined
to the columns its parts read, computed for the rows of the base only; those columns and the
parts over the base do not depend on the rows counted, and are compiled once per process
(``_columns_sql``, ``_linked_sql``): the ORM took longer to build the facets' query than the
database to run it."""

from dataclasses import dataclass
from functools import lru_cache, reduce
from operator import and_, or_

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

_ID = "base_id"


@dataclass(frozen=True, eq=False)
class Counter:
    """``parts``: what is counted (:class:`Grouped`, :class:`Flags`, :class:`Linked`);
    ``read(rows, reference)``: ``{value: count}`` from the rows ``(value, count)`` of each
    part, in the order of the parts."""

    parts: tuple
    read: object

    def __call__(self, fiches, reference):
        return count_all([(self, fiches)], reference)[0]


@dataclass(frozen=True)
class Grouped:
    """The rows of the base by ``key`` (an expression or a lookup of its model, as text; one
    row without), each value with the number of rows (of distinct ``counted`` values)."""

    key: object = None
    counted: object = None
    distinct: bool = False

    def columns(self):
        columns = {}
        if self.key is not None:
            columns["key"] = Cast(_expression(self.key), TextField())
        if self.counted is not None:
            columns["counted"] = _expression(self.counted)
        return columns

    def sql(self, base, column):
        key = column(self, "key") if self.key is not None else "CAST(NULL AS TEXT)"
        counted = column(self, "counted") if self.counted is not None else "*"
        number = f"COUNT({'DISTINCT ' if self.distinct else ''}{counted})"
        grouped = f" GROUP BY {key}" if self.key is not None else ""
        return f"SELECT {key} AS k, {number} AS n FROM {base.name}{base.where}{grouped}"


@dataclass(frozen=True)
class Flags:
    """How many rows of the base meet each of ``conditions`` (``Q`` objects), in one pass:
    the rows by the bit mask of the conditions they meet (read by :func:`_flag_totals`)."""

    conditions: tuple

    def columns(self):
        bits = [
            Case(
                When(condition, then=Value(1 << bit)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for bit, condition in enumerate(self.conditions)
        ]
        return {"key": Cast(reduce(lambda left, right: left + right, bits), TextField())}

    def sql(self, base, column):
        key = column(self, "key")
        return f"SELECT {key} AS k, COUNT(*) AS n FROM {base.name}{base.where} GROUP BY {key}"


@dataclass(frozen=True)
class Linked:
    """The rows of ``model`` whose ``fiche`` (a foreign key) is in the base and that match
    ``where``, by ``key`` (a lookup from ``model``, as text), each value with the number of
    its rows (of distinct fiches if ``distinct``)."""

    model: type
    key: str
    fiche: str = "fiche"
    distinct: bool = False
    where: Q | None = None

    def columns(self):
        return {}

    def sql(self, base, column):
        return _linked_sql(self, base.db, base.name, base.where)


def _expression(key):
    return F(key) if isinstance(key, str) else key


@lru_cache(maxsize=512)
def _linked_sql(part, db, name, where):
    connection = connections[db]
    fiche_column = part.model._meta.get_field(part.fiche).column
    quote = connection.ops.quote_name
    member = RawSQL(
        f"{quote(part.model._meta.db_table)}.{quote(fiche_column)} IN "
        f"(SELECT {_ID} FROM {name}{where})",
        (),
        output_field=BooleanField(),
    )
    rows = part.model.objects.filter(member)
    if part.where is not None:
        rows = rows.filter(part.where)
    rows = (
        rows.order_by()
        .annotate(k=Cast(part.key, TextField()))
        .values("k")
        .annotate(n=Count(part.fiche, distinct=part.distinct))
    )
    sql, params = rows.query.get_compiler(connection=connection).as_sql()
    if params:
        raise RuntimeError(f"counts.Linked: {part.model.__name__} needs parameters")
    return sql


@lru_cache(maxsize=64)
def _columns_sql(db, model, layout):
    """The SQL of the columns of a base's parts (``layout``: each part with its columns'
    aliases), for every row of ``model``: the same whatever the rows counted (the base joins
    them), so compiled once per process."""
    columns = {_ID: F("pk")}
    for part, aliases in layout:
        expressions = part.columns()
        columns.update({alias: expressions[column] for column, alias in aliases})
    rows = model._base_manager.order_by().annotate(**columns).values(*columns)
    return rows.query.get_compiler(using=db).as_sql()


class _Base:
    """One queryset's rows as a common table expression named ``name``: its parts' columns and,
    for :func:`count_facets`, a boolean column per condition that some of its counters leave
    out."""

    def __init__(self, queryset, conditions=None):
        self.queryset = queryset
        self.conditions = conditions or {}
        self.db = queryset.db
        self.parts = {}  # part → {column name → its alias}
        self.masks = []

    def plan(self, counter, without):
        """A job of ``counter`` over the rows matching every condition but ``without``."""
        mask = tuple(name for name in self.conditions if name != without)
        self.masks.append(mask)
        for part in counter.parts:
            if part not in self.parts:
                number = len(self.parts)
                self.parts[part] = {column: f"p{number}_{column}" for column in part.columns()}
        return mask

    def compile(self, name):
        """The SQL and parameters of the base, ``None`` when it is known to be empty; the
        conditions every job keeps narrow the base itself, the others become columns."""
        self.name = name
        shared = [c for c in self.conditions if all(c in mask for mask in self.masks)]
        self.columns = {c: f"m{n}" for n, c in enumerate(self.conditions) if c not in shared}
        rows = self.queryset.order_by()
        for condition in shared:
            rows = rows.filter(self.conditions[condition])
        kept = [
            [self.conditions[c] for c in mask if c in self.columns]
            for mask in dict.fromkeys(self.masks)
        ]
        if kept and all(kept):
            # No fiche failing two conditions is counted: the base leaves them out.
            rows = rows.filter(reduce(or_, (reduce(and_, conditions) for conditions in kept)))
        tests = {
            alias: Case(
                When(self.conditions[condition], then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
            for condition, alias in self.columns.items()
        }
        rows = rows.annotate(**{_ID: F("pk")}, **tests).values(_ID, *tests)
        try:
            rows_sql, rows_params = rows.query.get_compiler(using=self.db).as_sql()
        except EmptyResultSet:
            return None
        layout = tuple(
            (part, tuple(aliases.items())) for part, aliases in self.parts.items() if aliases
        )
        columns_sql, columns_params = _columns_sql(self.db, self.queryset.model, layout)
        selected = "".join(f", counted_rows.{self.quote(alias)}" for alias in tests)
        sql = (
            f"SELECT counted_columns.*{selected} FROM ({columns_sql}) AS counted_columns "
            f"INNER JOIN ({rows_sql}) AS counted_rows ON counted_rows.{_ID} = counted_columns.{_ID}"
        )
        return sql, (*columns_params, *rows_params)

    def column(self, part, column):
        return self.quote(self.parts[part][column])

    def where_of(self, mask):
        tested = [self.quote(self.columns[c]) for c in mask if c in self.columns]
        return f" WHERE {' AND '.join(tested)}" if tested else ""

    def quote(self, alias):
        return connections[self.db].ops.quote_name(alias)


@dataclass
class _Source:
    """What a part's SQL reads: the base's name, its database and the ``WHERE`` of a job."""

    name: str
    db: str
    where: str


def _run(jobs, reference):
    """``[{value: count}, …]`` of ``jobs``, a list of ``(counter, base, mask)``: one query."""
    bases = list(dict.fromkeys(base for _, base, _ in jobs))
    compiled = {base: base.compile(f"counted{number}") for number, base in enumerate(bases)}
    statements, params, spans = [], [], []
    for counter, base, mask in jobs:
        spans.append((len(statements), len(counter.parts)))
        if compiled[base] is None:
            statements.extend([None] * len(counter.parts))
            continue
        source = _Source(base.name, base.db, base.where_of(mask))
        for part in counter.parts:
            statements.append(part.sql(source, base.column))
    rows = [[] for _ in statements]
    used = [(n, sql) for n, sql in enumerate(statements) if sql is not None]
    if used:
        ctes = []
        for base in bases:
            if compiled[base] is not None:
                sql, base_params = compiled[base]
                ctes.append(f"{base.name} AS ({sql})")
                params.extend(base_params)
        union = " UNION ALL ".join(
            f"SELECT {n} AS part, k, n FROM ({sql}) AS part{n}" for n, sql in used
        )
        with connections[bases[0].db].cursor() as cursor:
            cursor.execute(f"WITH {', '.join(ctes)} {union}", params)
            for position, key, total in cursor.fetchall():
                rows[position].append((key, total))
    return [
        counter.read(rows[start : start + length], reference)
        for (counter, _, _), (start, length) in zip(jobs, spans, strict=True)
    ]


def count_all(jobs, reference):
    """``[{value: count}, …]`` for ``jobs``, a list of ``(counter, rows)`` (a queryset of any
    model): one query. The jobs given the same queryset object share its base."""
    bases = {}
    planned = []
    for counter, rows in jobs:
        base = bases.setdefault(id(rows), _Base(rows))
        planned.append((counter, base, base.plan(counter, None)))
    return _run(planned, reference)


def count_facets(fiches, conditions, jobs, reference):
    """``[{value: count}, …]`` for ``jobs``, a list of ``(counter, name)``: each counter counts
    the ``fiches`` that meet every one of ``conditions`` (``{name: Q}``, the active filters)
    but ``name`` (its own filter; ``None``: all of them). One query; the fiches are selected
    once."""
    base = _Base(fiches, conditions)
    return _run([(counter, base, base.plan(counter, name)) for counter, name in jobs], reference)
