"""The tables a catalogue filter's values come from (regions, departments, CPV divisions,
themes), read once per request: :class:`Reference` all at once for the catalogue (kept in the
fragment cache), :class:`LiveReference` on first use for the API, the exports and the widget."""

from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.db import connections, router
from django.db.models import TextField, Value
from django.db.models.functions import Cast

from fiches.models import CPVCode, Department, Region, Theme


@dataclass(frozen=True)
class Reference:
    """The labels of the values that live in tables, loaded once per request (one query):
    regions, departments, CPV divisions and the themes of the catalogue's language. Kept in the
    fragment cache by the catalogue (``catalogue-reference``)."""

    regions: dict
    departments: dict
    divisions: dict
    themes: dict
    theme_slugs: dict

    @classmethod
    def load(cls, *, locale):
        """The four tables in one ``UNION ALL`` query, each in the order of its own listing."""
        rows = {"region": [], "department": [], "division": [], "theme": []}
        for kind, key, first, second, _ in _table_rows(locale):
            rows[kind].append((key, first, second))
        return cls(
            regions={
                code: Region(code=code, name=name, name_en=name_en).label
                for code, name, name_en in rows["region"]
            },
            departments={
                code: str(Department(code=code, name=name)) for code, name, _ in rows["department"]
            },
            divisions={
                division: f"{division} — {CPVCode(label_fr=fr, label_en=en).label}"
                for division, fr, en in rows["division"]
            },
            themes={slug: name for _, slug, name in rows["theme"]},
            theme_slugs={int(pk): slug for pk, slug, _ in rows["theme"]},
        )

    def cpv_code(self, digits):
        return CPVCode.objects.filter(digits=digits).first()


class LiveReference:
    """The same tables as :class:`Reference`, each read on first use only: the API, the exports
    and the widget check a handful of parameters and should not load the tables they do not
    need. ``locale`` ``None`` accepts the themes of every language (the API)."""

    def __init__(self, *, locale=None):
        self.locale = locale

    regions = cached_property(lambda self: _regions())
    departments = cached_property(lambda self: _departments())
    divisions = cached_property(lambda self: _divisions())

    @cached_property
    def themes(self):
        themes = Theme.objects.order_by("name")
        if self.locale is not None:
            themes = themes.filter(locale=self.locale)
        return dict(themes.values_list("slug", "name"))

    def cpv_code(self, digits):
        return CPVCode.objects.filter(digits=digits).first()


def _text(expression):
    return Cast(expression, TextField())


def _table(queryset, kind, key, first, second, order):
    """Rows ``(kind, key, first, second, order)`` of ``queryset``, every column text."""
    columns = {
        "ref_kind": Value(kind, output_field=TextField()),
        "ref_key": _text(key),
        "ref_first": _text(first),
        "ref_second": _text(second),
        "ref_order": _text(order),
    }
    return queryset.order_by().annotate(**columns).values_list(*columns)


def _table_rows(locale):
    """The rows of :meth:`Reference.load`, by table, each in its listing's order."""
    db = router.db_for_read(Region)
    sql, params = _tables_sql(db, locale.pk)
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@lru_cache(maxsize=16)
def _tables_sql(db, locale_pk):
    """The SQL of :func:`_tables`, compiled once per process and language (every column is
    text: the rows need no converter)."""
    return _tables(locale_pk).query.get_compiler(using=db).as_sql()


def _tables(locale_pk):
    parts = [
        _table(Region.objects.all(), "region", "code", "name", "name_en", "name"),
        _table(Department.objects.all(), "department", "code", "name", "name", "code"),
        _table(CPVCode.objects.divisions(), "division", "division", "label_fr", "label_en", "code"),
        _table(Theme.objects.filter(locale_id=locale_pk), "theme", "pk", "slug", "name", "name"),
    ]
    return parts[0].union(*parts[1:], all=True).order_by("ref_kind", "ref_order")


def _regions():
    return {region.code: region.label for region in Region.objects.order_by("name")}


def _departments():
    return {item.code: str(item) for item in Department.objects.order_by("code")}


def _divisions():
    return {
        code.division: f"{code.division} — {code.label}"
        for code in CPVCode.objects.divisions().order_by("code")
    }
