"""The small tables a fiche shows beside its own row — its themes and departments, and the rows
it owns (reserved articles, award criteria, milestones, impact indicators, unnamed members of
its groupement, additional CPV codes with their code) — read for any number of fiches in one
query instead of one per table (issue 16: the fiche page and the API read them on every cold
view).

The query is a ``UNION ALL`` of one ``SELECT`` per table, each filling its own columns and
``NULL`` (cast to the column's type, so PostgreSQL can match the branches) in the others'; the
rows come back as the model instances Django's ``prefetch_related`` would give, in the models'
order, cached where ``prefetch_related`` caches them: ``fiche.award_criteria.all()`` and
``fiche.themes.all()`` then read no database. Values go through the database converters of
their field, and decimals are brought back to their field's places (SQLite returns them as
floats: ``12.50`` must not come back as ``12.5``)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, F, IntegerField, Value
from django.db.models.functions import Cast

from fiches.models import FichePage

#: The relations of ``FichePage`` read by ``prefetch_rows``, with the foreign keys of their rows
#: read with them (a CPV link's code).
ROW_RELATIONS = {
    "themes": (),
    "departments": (),
    "reserved_articles": (),
    "award_criteria": (),
    "milestones": (),
    "impact_indicators": (),
    "unnamed_members": (),
    "additional_cpvs": ("cpv",),
}

_BRANCH, _FICHE = "rows_branch", "rows_fiche"


@dataclass
class _Part:
    """One model read by a branch: where its columns are in the row, how to build it."""

    model: type
    path: str  # the lookup from the branch's table to the model ("" for the table itself)
    fields: list
    slots: list
    key: object = None  # a joined model: the foreign key of the row that holds it

    def build(self, row, db):
        pairs = zip(self.fields, self.slots, strict=True)
        values = [_exact(field, row[slot]) for field, slot in pairs]
        if values[self.fields.index(self.model._meta.pk)] is None:
            return None
        return self.model.from_db(db, [field.attname for field in self.fields], values)


@dataclass
class _Branch:
    relation: str
    table: type  # the model the branch selects from (the row model, or the M2M through table)
    fiche_key: str  # its column that holds the fiche's id
    parts: list  # the row's model first, then the models of its foreign keys
    order: list  # the slots the branch's rows are ordered by

    @property
    def many_to_many(self):
        return self.table is not self.parts[0].model


def _branches():
    branches, slot = [], 0
    for relation, joined in ROW_RELATIONS.items():
        field = FichePage._meta.get_field(relation)
        if field.many_to_many:
            table = field.remote_field.through
            fiche_key = f"{field.m2m_field_name()}_id"
            models = [(field.related_model, f"{field.m2m_reverse_field_name()}__", None)]
        else:
            table = field.related_model
            fiche_key = field.field.attname
            models = [(table, "", None)]
            models += [
                (
                    table._meta.get_field(name).related_model,
                    f"{name}__",
                    table._meta.get_field(name),
                )
                for name in joined
            ]
        parts = []
        for model, path, key in models:
            fields = list(model._meta.concrete_fields)
            slots = list(range(slot, slot + len(fields)))
            parts.append(_Part(model, path, fields, slots, key))
            slot += len(fields)
        row = parts[0]
        names = [field.name for field in row.fields]
        order = [row.slots[names.index(name.lstrip("-"))] for name in row.model._meta.ordering]
        order.append(row.slots[row.fields.index(row.model._meta.pk)])
        branches.append(_Branch(relation, table, fiche_key, parts, order))
    return branches, slot


def _slot(number):
    return f"rows_s{number}"


def _exact(field, value):
    if value is not None and isinstance(field, DecimalField):
        return Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places))
    return value


def _query(branches, width, fiche_ids):
    """The ``UNION ALL`` of every branch for ``fiche_ids``, ordered by branch then row order."""
    fields = {}
    for branch in branches:
        for part in branch.parts:
            fields.update(zip(part.slots, part.fields, strict=True))
    selects = []
    for number, branch in enumerate(branches):
        own = {}
        for part in branch.parts:
            for field, slot in zip(part.fields, part.slots, strict=True):
                own[slot] = F(f"{part.path}{field.attname}")
        columns = {_BRANCH: Value(number, output_field=IntegerField()), _FICHE: F(branch.fiche_key)}
        for slot in range(width):
            columns[_slot(slot)] = own.get(slot) or Cast(Value(None), output_field=fields[slot])
        # A branch has no order of its own (SQLite refuses one in a compound statement).
        queryset = branch.table._base_manager.filter(
            **{f"{branch.fiche_key}__in": fiche_ids}
        ).order_by()
        selects.append(queryset.annotate(**columns).values_list(*columns))
    order = [_BRANCH] + [_slot(slot) for branch in branches for slot in branch.order]
    return selects[0].union(*selects[1:], all=True).order_by(*order)


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
    branches, width = _branches()
    found = {(fiche_id, branch.relation): [] for fiche_id in pending for branch in branches}
    queryset = _query(branches, width, list(pending))
    db = queryset.db
    for values in queryset:
        branch = branches[values[0]]
        fiche = pending[values[1]]
        row = values[2:]
        instance, *joined = [part.build(row, db) for part in branch.parts]
        for part, value in zip(branch.parts[1:], joined, strict=True):
            part.key.set_cached_value(instance, value)
        if not branch.many_to_many:
            FichePage._meta.get_field(branch.relation).field.set_cached_value(instance, fiche)
        found[fiche.pk, branch.relation].append(instance)
    for fiche in pending.values():
        cache = fiche.__dict__.setdefault("_prefetched_objects_cache", {})
        for branch in branches:
            if branch.relation in cache:
                continue
            manager = getattr(fiche, branch.relation)
            live = getattr(manager, "get_live_queryset", manager.get_queryset)
            rows = live()
            rows._result_cache = found[fiche.pk, branch.relation]
            rows._prefetch_done = True
            cache[branch.relation] = rows
