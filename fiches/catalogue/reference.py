"""The tables a catalogue filter's values come from (regions, departments, CPV divisions,
themes), read once per request: :class:`Reference` all at once for the catalogue (kept in the
fragment cache), :class:`LiveReference` on first use for the API, the exports and the widget."""

from dataclasses import dataclass
from functools import cached_property

from fiches.models import CPVCode, Department, Region, Theme


@dataclass(frozen=True)
class Reference:
    """The labels of the values that live in tables, loaded once per request (four queries):
    regions, departments, CPV divisions and the themes of the catalogue's language. Kept in the
    fragment cache by the catalogue (``catalogue-reference``)."""

    regions: dict
    departments: dict
    divisions: dict
    themes: dict
    theme_slugs: dict

    @classmethod
    def load(cls, *, locale):
        themes = list(Theme.objects.filter(locale=locale).order_by("name"))
        return cls(
            regions=_regions(),
            departments=_departments(),
            divisions=_divisions(),
            themes={theme.slug: theme.name for theme in themes},
            theme_slugs={theme.pk: theme.slug for theme in themes},
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


def _regions():
    return {region.code: region.label for region in Region.objects.order_by("name")}


def _departments():
    return {item.code: str(item) for item in Department.objects.order_by("code")}


def _divisions():
    return {
        code.division: f"{code.division} — {code.label}"
        for code in CPVCode.objects.divisions().order_by("code")
    }
