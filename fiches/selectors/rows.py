"""The tables a fiche shows beside its own row — its themes and departments, the rows it owns
(reserved articles, award criteria, milestones, impact indicators, unnamed members of its
groupement, additional CPV codes with their code) and its links to its buyers, ESS suppliers
and operators (with the actor, its logo and its region) — read for any number of fiches in one
query instead of one per table (issue 16: the fiche page and the API read them on every cold
view).

The query is a ``UNION ALL`` of one ``SELECT`` per relation (a *branch*). The branches share
their columns by type (a column holds a criterion's name in one branch and a theme's in
another), ``NULL`` cast to the column's type where a branch has fewer; each branch's order
(its model's ``Meta.ordering``, then its key) goes in ordering columns that only the ordering
reads. The rows come back as the model instances Django's ``prefetch_related`` would give, in
the models' order, cached where ``prefetch_related`` caches them: ``fiche.award_criteria.all()``
and ``fiche.themes.all()`` then read no database. Values go through the database converters of
their field, and decimals are brought back to their field's places (SQLite returns them as
floats: ``12.50`` must not come back as ``12.5``).

The Python side is kept small (a listing of 20 fiches builds some 500 instances and 220
caches): each relation is cached as modelcluster's ``FakeQuerySet`` of its rows (what a
previewed fiche's relations are) rather than as a ``QuerySet`` made by the relation's managers
for every fiche: ``all()``, iteration, ``count()`` and ``first()`` answer the
same; a ``filter()`` filters the rows read instead of querying the database.

The ORM takes longer to build and compile this query (about 13 ms) than PostgreSQL to plan and
run it (2 ms): it is compiled once per process and number of fiches (``_statement``) and run
with each call's ids."""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from functools import lru_cache

from django.db import connections, router
from django.db.models import DecimalField, F, IntegerField, Q, Value
from django.db.models.functions import Cast
from modelcluster.queryset import FakeQuerySet

from fiches.models import ACTOR_KINDS, FichePage

#: A link to an actor is shown once the actor was published (an actor awaiting moderation is
#: not named): ``core.link_prefetches`` applies the same filter.
PUBLIC_LINK = Q(actor__live=True)

#: The relations of ``FichePage`` read by ``prefetch_rows``: the foreign keys read with each
#: row (lookups from the row), and the filter of the rows shown.
ROW_RELATIONS = {
    "themes": ((), None),
    "departments": ((), None),
    "reserved_articles": ((), None),
    "award_criteria": ((), None),
    "milestones": ((), None),
    "impact_indicators": ((), None),
    "unnamed_members": ((), None),
    "additional_cpvs": (("cpv",), None),
    **{
        kind.relation: (("actor", "actor__logo", "actor__region"), PUBLIC_LINK)
        for kind in ACTOR_KINDS
    },
}

_BRANCH, _FICHE = "rows_branch", "rows_fiche"


@dataclass
class _Part:
    """One model a branch reads: its fields and the columns that hold them."""

    model: type
    path: str  # the lookup from the branch's table to the model ("" for the table itself)
    fields: list
    slots: list = dataclass_field(default_factory=list)  # the names of its columns
    places: list = dataclass_field(default_factory=list)  # their indexes in a row
    parent: int | None = None  # a joined model: the part that holds it …
    key: object = None  # … through this foreign key

    attnames: list = dataclass_field(default_factory=list)
    quantizers: list = dataclass_field(default_factory=list)  # (index, exponent) of decimals
    pk_place: int = 0

    def prepare(self, names):
        """Once the query is compiled: the columns' indexes in a row (``names``), the field
        names and the decimals' places."""
        self.places = [names[slot] for slot in self.slots]
        self.attnames = [field.attname for field in self.fields]
        self.quantizers = [
            (index, Decimal(1).scaleb(-field.decimal_places))
            for index, field in enumerate(self.fields)
            if isinstance(field, DecimalField)
        ]
        self.pk_place = self.places[self.fields.index(self.model._meta.pk)]

    def build(self, row, db):
        if row[self.pk_place] is None:
            return None
        values = [row[place] for place in self.places]
        for index, exponent in self.quantizers:
            if values[index] is not None:
                values[index] = Decimal(values[index]).quantize(exponent)
        return self.model.from_db(db, self.attnames, values)


@dataclass
class _Branch:
    relation: str
    table: type  # the model the branch selects from (the row model, or the M2M through table)
    fiche_key: str  # its column that holds the fiche's id
    parts: list  # the row's model first, then the models of its foreign keys
    where: Q | None
    order: list = dataclass_field(default_factory=list)  # (ordering column, field)
    parent_key: object = None  # a row table: its key to the fiche

    @property
    def many_to_many(self):
        return self.table is not self.parts[0].model


def _parts(relation, joined):
    """The table a relation's branch reads, its column of the fiche's id, and its parts."""
    field = FichePage._meta.get_field(relation)
    if field.many_to_many:
        table = field.remote_field.through
        target = field.related_model
        path = f"{field.m2m_reverse_field_name()}__"
        return table, f"{field.m2m_field_name()}_id", [_Part(target, path, _fields(target))]
    table = field.related_model
    parts = [_Part(table, "", _fields(table))]
    for lookup in joined:
        parent_lookup, _, name = lookup.rpartition("__")
        parent = next(
            number
            for number, part in enumerate(parts)
            if part.path == (f"{parent_lookup}__" if parent_lookup else "")
        )
        key = parts[parent].model._meta.get_field(name)
        model = key.related_model
        parts.append(_Part(model, f"{lookup}__", _fields(model), parent=parent, key=key))
    return table, field.field.attname, parts


def _fields(model):
    return list(model._meta.concrete_fields)


def _column_type(field, connection):
    """What a column shared by several branches must agree on: the field's class (its
    converters) and its database type, lengths of text aside (a decimal's places too: SQLite
    rounds a column's values to the places of its first field)."""
    db_type = re.sub(r"\(\d+\)", "", field.cast_db_type(connection) or "")
    return (
        type(field),
        db_type,
        getattr(field, "max_digits", None),
        getattr(field, "decimal_places", None),
    )


def _branches(connection):
    """The branches, their columns allocated; the columns' fields (of their first branch: the
    union takes its converters from the first ``SELECT``); the ordering columns, each with its
    field and whether it is descending."""
    branches, columns, ordering = [], {}, {}
    for relation, (joined, where) in ROW_RELATIONS.items():
        table, fiche_key, parts = _parts(relation, joined)
        branch = _Branch(relation, table, fiche_key, parts, where)
        if not branch.many_to_many:
            branch.parent_key = FichePage._meta.get_field(relation).field
        taken = defaultdict(int)  # the columns of each type this branch fills
        for part in parts:
            for field in part.fields:
                kind = _column_type(field, connection)
                if (kind, taken[kind]) not in columns:
                    columns[kind, taken[kind]] = (f"rows_c{len(columns)}", field)
                part.slots.append(columns[kind, taken[kind]][0])
                taken[kind] += 1
        model = parts[0].model
        keys = [*model._meta.ordering, model._meta.pk.name]
        for position, name in enumerate(keys):
            key = model._meta.get_field(name.lstrip("-"))
            place = (position, _column_type(key, connection), name.startswith("-"))
            if place not in ordering:
                ordering[place] = (f"rows_o{len(ordering)}", key)
            branch.order.append((ordering[place][0], key))
        branches.append(branch)
    ordering = [(name, key, place[2]) for place, (name, key) in ordering.items()]
    return branches, dict(columns.values()), ordering


def _query(branches, columns, ordering, fiche_ids):
    """The ``UNION ALL`` of every branch for ``fiche_ids``, ordered by branch then row order."""
    selects = []
    for number, branch in enumerate(branches):
        own = {
            slot: F(f"{part.path}{field.attname}")
            for part in branch.parts
            for field, slot in zip(part.fields, part.slots, strict=True)
        }
        own.update(
            (column, F(f"{branch.parts[0].path}{key.attname}")) for column, key in branch.order
        )
        values = {_BRANCH: Value(number, output_field=IntegerField()), _FICHE: F(branch.fiche_key)}
        for name, field in (*columns.items(), *((name, key) for name, key, _ in ordering)):
            values[name] = own.get(name) or Cast(Value(None), output_field=field)
        # A branch has no order of its own (SQLite refuses one in a compound statement).
        queryset = branch.table._base_manager.filter(**{f"{branch.fiche_key}__in": fiche_ids})
        if branch.where is not None:
            queryset = queryset.filter(branch.where)
        selects.append(queryset.order_by().annotate(**values).values(*values))
    combined = selects[0].union(*selects[1:], all=True)
    return combined.order_by(
        _BRANCH, *(f"-{name}" if descending else name for name, _, descending in ordering)
    )


@dataclass
class _Statement:
    """The query compiled once for a number of fiches (the ORM takes longer to build and
    compile this ``UNION ALL`` than the database to plan and run it): its SQL, its parameters
    with the places of the fiches' ids, and each column's converters."""

    branches: list
    sql: str
    params: list
    id_places: list  # (index in params, index of the fiche id)
    columns: dict  # column name → index in a row
    converters: dict  # column index → (converters, expression)

    def execute(self, connection, fiche_ids):
        params = list(self.params)
        for place, number in self.id_places:
            params[place] = fiche_ids[number]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        for row in rows:
            row = list(row)
            for index, (converters, expression) in self.converters.items():
                for converter in converters:
                    row[index] = converter(row[index], expression, connection)
            yield row


@lru_cache(maxsize=64)
def _statement(db, count):
    connection = connections[db]
    branches, columns, ordering = _branches(connection)
    # Ids that no fiche has, replaced by the real ones at each execution.
    sentinels = {-(10**15) - number: number for number in range(count)}
    compiler = _query(branches, columns, ordering, list(sentinels)).query.get_compiler(db)
    sql, params = compiler.as_sql()
    places = [(place, sentinels[value]) for place, value in enumerate(params) if value in sentinels]
    if Counter(number for _, number in places) != dict.fromkeys(range(count), len(branches)):
        raise RuntimeError("prefetch_rows: the fiches' ids are not parameters of the query")
    select = [expression for expression, _sql, _alias in compiler.select]
    names = {alias: index for index, (_expr, _sql, alias) in enumerate(compiler.select)}
    for part in (part for branch in branches for part in branch.parts):
        part.prepare(names)
    return _Statement(branches, sql, list(params), places, names, compiler.get_converters(select))


def prefetch_rows(fiches):
    """Loads ``ROW_RELATIONS`` on ``fiches`` (saved ``FichePage`` instances) in one query; a
    relation a fiche already has loaded (prefetched, or edited rows of a preview) is left as
    it is."""
    pending = {
        fiche.pk: fiche
        for fiche in fiches
        if fiche.pk is not None
        and not all(
            relation in getattr(fiche, "_prefetched_objects_cache", {})
            for relation in ROW_RELATIONS
        )
    }
    if not pending:
        return
    db = router.db_for_read(FichePage)
    statement = _statement(db, len(pending))
    branches = statement.branches
    at_branch, at_fiche = statement.columns[_BRANCH], statement.columns[_FICHE]
    found = {(fiche_id, branch.relation): [] for fiche_id in pending for branch in branches}
    # The target of a foreign key is one instance per row of its table, as ``prefetch_related``
    # gives it (an actor of several links, a region of several actors).
    targets = {}
    for row in statement.execute(connections[db], list(pending)):
        branch = branches[row[at_branch]]
        fiche = pending[row[at_fiche]]
        instances = []
        for part in branch.parts:
            if part.key is None:
                instance = part.build(row, db)
            else:
                target = (part.model, row[part.pk_place])
                instance = targets.get(target)
                if instance is None:
                    instance = targets[target] = part.build(row, db)
            if part.key is not None and instances[part.parent] is not None:
                part.key.set_cached_value(instances[part.parent], instance)
            instances.append(instance)
        if not branch.many_to_many:
            branch.parent_key.set_cached_value(instances[0], fiche)
        found[fiche.pk, branch.relation].append(instances[0])
    for fiche in pending.values():
        cache = fiche.__dict__.setdefault("_prefetched_objects_cache", {})
        for branch in branches:
            if branch.relation not in cache:
                cache[branch.relation] = FakeQuerySet(
                    branch.parts[0].model, found[fiche.pk, branch.relation]
                )
