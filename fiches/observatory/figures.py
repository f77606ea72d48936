"""The figures of the observatory (« Chiffres clés »): the published fiches of a selection,
broken down along the catalogue's filters, and the sums of what is known of them, as
sections of rows that the page (charts and tables), the CSV and the API all read, so that they
cannot differ.

How the sums count (see docs/observatory.md):

- insertion hours: the sum of the fiches that give them; the others are counted apart as
  « non renseigné »;
- amounts: only exact amounts are added up, totals and yearly amounts separately (a yearly
  amount covers another period than a total: they are never added together, nor is a yearly
  amount multiplied by a number of years); estimated amounts, framework ranges (minimum and
  maximum) and unknown amounts are counted, never added up;
- jobs: the impact indicators whose unit is ETP (full-time equivalents) or « emplois », each
  unit added up apart, exact values only; approximate values, bounds and ranges are counted
  apart; fiches without such an indicator are counted as « non renseigné ».
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from fiches.catalogue import facets, search
from fiches.catalogue import filters as catalogue_filters
from fiches.catalogue import selectors as catalogue
from fiches.catalogue.reference import Reference
from fiches.discovery import context as discovery
from fiches.models import FichePage
from fiches.numbers import format_number
from fiches.observatory import charts
from fiches.observatory import selectors as observatory
from fiches.opendata.values import number as plain_number

#: The title of each breakdown's chart, by catalogue filter.
TITLES = {
    "lever": gettext_lazy("Fiches par levier"),
    "legal_article": gettext_lazy("Fiches par article du code de la commande publique"),
    "award_year": gettext_lazy("Fiches par année d'attribution"),
    "family": gettext_lazy("Fiches par famille de la structure de l'ESS"),
    "status": gettext_lazy("Fiches par statut d'inclusion ou de handicap"),
    "buyer_type": gettext_lazy("Fiches par type d'acheteur"),
    "nature": gettext_lazy("Fiches par nature du marché"),
    "cpv": gettext_lazy("Fiches par secteur (division CPV)"),
}
#: Breakdowns where a fiche has at most one value: the fiches without one are counted.
SINGLE_VALUED = ("award_year", "nature")
FICHES = gettext_lazy("fiches")


@dataclass(frozen=True)
class Row:
    """One figure: ``code`` (stable, for the CSV and the API), its French ``label``, its
    ``value`` (a number) and ``unit``; ``url`` the catalogue's fiches it counts, if any."""

    code: str
    label: str
    value: object
    unit: str
    url: str = ""
    money: bool = False

    def __post_init__(self):
        # One number whatever the database: a sum of decimals is « 120000 », not PostgreSQL's
        # « 120000.00 », on the page, in the CSV and in the API.
        object.__setattr__(self, "value", plain_number(self.value))

    @property
    def text(self):
        return format_number(self.value, money=self.money)


@dataclass
class Section:
    key: str
    title: str
    rows: list
    notes: list = field(default_factory=list)
    chart: object = None


def _catalogue_link(catalogue_url, query, name, value):
    """The catalogue's fiches that a row counts; none for another value of a filter already
    chosen (fiches with both levers: the catalogue takes one value per filter)."""
    if not catalogue_url or query.filters.get(name, value) != value:
        return ""
    return catalogue_url + query.querystring(without=name, **{name: value})


def _breakdown(name, counts, total, query, reference, catalogue_url):
    spec = catalogue_filters.BY_NAME[name]
    if isinstance(spec, catalogue_filters.YearFilter):
        values = {year: year for year in sorted(counts)}
    else:
        values = spec.values(reference)
    rows = [
        Row(
            code=str(value),
            label=str(label),
            value=counts[value],
            unit=str(FICHES),
            url=_catalogue_link(catalogue_url, query, name, value),
        )
        for value, label in values.items()
        if counts.get(value)
    ]
    notes = []
    if name in SINGLE_VALUED:
        unknown = total - sum(row.value for row in rows)
        if unknown:
            rows.append(Row(code="", label=_("Non renseigné"), value=unknown, unit=str(FICHES)))
    else:
        notes.append(
            _(
                "Une fiche peut compter sous plusieurs valeurs : le total peut dépasser le "
                "nombre de fiches."
            )
        )
    title = str(TITLES[name])
    return Section(key=name, title=title, rows=rows, notes=notes, chart=_chart(name, title, rows))


def _chart(key, title, rows):
    largest = max(rows, key=lambda row: row.value, default=None)
    if largest is None:
        description = _("Aucune fiche ne correspond à la sélection.")
    else:
        description = ngettext(
            "Diagramme en barres horizontales, %(count)s valeur. La plus fréquente : "
            "%(label)s (%(fiches)s). Les chiffres sont repris dans le tableau.",
            "Diagramme en barres horizontales, %(count)s valeurs. La plus fréquente : "
            "%(label)s (%(fiches)s). Les chiffres sont repris dans le tableau.",
            len(rows),
        ) % {
            "count": len(rows),
            "label": largest.label,
            "fiches": ngettext("%(count)s fiche", "%(count)s fiches", largest.value)
            % {"count": largest.value},
        }
    return charts.bar_chart(
        chart_id=f"chart-{key}",
        title=title,
        description=description,
        rows=[(row.label, row.value, row.text) for row in rows],
    )


def _region_section(the_map, total):
    rows = [
        Row(
            code=region["code"],
            label=region["name"],
            value=region["count"],
            unit=str(FICHES),
            url=region["url"],
        )
        for region in the_map["table"]
        if region["count"]
    ]
    unknown = total - the_map["total"]
    if unknown:
        rows.append(Row(code="", label=_("Non renseigné"), value=unknown, unit=str(FICHES)))
    return Section(key="region", title=_("Fiches par région"), rows=rows)


def _known_sum(sums, key, code, unit, labels, *, money=False):
    """The sum of the known values ``{key}_sum`` of ``sums`` and the number of fiches it adds
    up, ``{key}_known``: the rows ``{code}sum`` and ``{code}known``, labelled by ``labels``
    (a fiche that gives no value is not counted for zero)."""
    sum_label, known_label = labels
    return [
        Row(f"{code}sum", sum_label, sums[f"{key}_sum"] or 0, unit, money=money),
        Row(f"{code}known", known_label, sums[f"{key}_known"], str(FICHES)),
    ]


def _hours_section(sums):
    labels = (
        _("Heures d'insertion (somme des valeurs connues)"),
        _("Fiches qui donnent leurs heures d'insertion"),
    )
    unknown, fiches = sums["fiche_count"] - sums["hours_known"], str(FICHES)
    return Section(
        key="insertion_hours",
        title=_("Heures d'insertion"),
        rows=[
            *_known_sum(sums, "hours", "", _("heures"), labels),
            Row("unknown", _("Fiches sans heures d'insertion (non renseigné)"), unknown, fiches),
        ],
        notes=[
            _(
                "Seules les heures connues sont additionnées ; une fiche qui ne les donne pas "
                "compte à part, jamais pour zéro."
            )
        ],
    )


def _amounts_section(sums):
    total = (_("Montants totaux exacts (somme)"), _("Fiches au montant total exact"))
    yearly = (_("Montants annuels exacts (somme, par an)"), _("Fiches au montant annuel exact"))
    counted = (
        ("estimated", "estimated", _("Fiches au montant estimé (non additionné)")),
        ("ranges", "ranges", _("Fiches au montant minimum et maximum (non additionné)")),
        ("unknown", "amount_unknown", _("Fiches au montant non renseigné")),
    )
    return Section(
        key="amounts",
        title=_("Montants des marchés"),
        rows=[
            *_known_sum(sums, "total", "total_", _("€ HT"), total, money=True),
            *_known_sum(sums, "yearly", "yearly_", _("€ HT par an"), yearly, money=True),
            *(Row(code, label, sums[key], str(FICHES)) for code, key, label in counted),
        ],
        notes=[
            _(
                "Seuls les montants exacts sont additionnés. Un montant annuel ne couvre pas la "
                "même période qu'un montant total : les deux sommes restent séparées."
            ),
            _(
                "Les montants estimés, les fourchettes d'accord-cadre et les montants non "
                "renseignés sont comptés à part, jamais additionnés."
            ),
        ],
    )


def _unit_rows(unit, figures):
    key, names = unit.lower(), {"unit": unit}
    return [
        Row(
            f"{key}_sum",
            _("%(unit)s (somme des valeurs exactes)") % names,
            figures.get("exact_sum", 0),
            unit,
        ),
        Row(
            f"{key}_indicators",
            _("Indicateurs exacts en %(unit)s additionnés") % names,
            figures.get("exact_count", 0),
            _("indicateurs"),
        ),
        Row(
            f"{key}_fiches",
            _("Fiches qui les donnent (%(unit)s)") % names,
            figures.get("exact_fiches", 0),
            str(FICHES),
        ),
        Row(
            f"{key}_inexact",
            _("Indicateurs en %(unit)s approchés ou en fourchette (non additionnés)") % names,
            figures.get("inexact_count", 0),
            _("indicateurs"),
        ),
    ]


def _jobs_section(jobs, total):
    rows = []
    for unit in dict.fromkeys(observatory.JOB_UNITS.values()):
        rows += _unit_rows(unit, jobs["units"].get(unit, {}))
    rows.append(
        Row(
            "unknown",
            _("Fiches sans indicateur d'emplois (non renseigné)"),
            total - jobs["fiches_with"],
            str(FICHES),
        )
    )
    return Section(
        key="jobs",
        title=_("Emplois"),
        rows=rows,
        notes=[
            _(
                "Les emplois sont lus dans les indicateurs d'impact dont l'unité est « ETP » ou "
                "« emplois » ; ETP et emplois ne s'additionnent pas entre eux."
            ),
            _(
                "Seules les valeurs exactes sont additionnées, chacune pour la période que "
                "donne sa fiche."
            ),
        ],
    )


def page_query(params, *, locale, request=None):
    """The catalogue's reading of the GET ``params`` (``fiches.catalogue.facets``: a value that
    does not exist is dropped with a notice), and the reference tables it checked them with."""
    from cms.cache import fragments

    reference = fragments.get_or_set(
        "catalogue-reference", [locale.pk], lambda: Reference.load(locale=locale), request=request
    )
    return facets.parse(params, reference), reference


def observatory_figures(*, query, reference, locale, catalogue_url, request=None):
    """Everything the observatory shows for ``query`` (a ``facets.Query``: the catalogue's
    search and filters): the number of fiches, the map of the regions and the sections. A
    fixed number of queries, whatever the number of fiches."""
    fiches, _ranked = catalogue.searched(
        observatory.observed_fiches(locale=locale),
        query.words,
        rank=lambda words: search.cached_ranked_pks(FichePage, words, request=request),
    )
    selected = observatory.selection(fiches, query.criteria())
    sums = observatory.known_sums(selected)
    total = sums["fiche_count"]
    counts = observatory.breakdowns(selected, reference)
    kept = {name: value for name, value in query.filters.items() if name != "region"}
    if query.q:
        kept["q"] = query.q
    the_map = discovery.france_map(
        locale=locale, catalogue_url=catalogue_url, fiches=selected, params=kept
    )
    sections = [
        _breakdown(name, counts[name], total, query, reference, catalogue_url)
        for name in observatory.BREAKDOWNS
    ]
    sections.insert(3, _region_section(the_map, total))
    sections += [
        _hours_section(sums),
        _amounts_section(sums),
        _jobs_section(observatory.job_indicators(selected), total),
    ]
    return {"fiche_count": total, "map": the_map, "sections": sections}


#: The columns of the CSV download.
CSV_COLUMNS = ("rubrique", "titre", "code", "libelle", "valeur", "unite")


def csv_rows(sections):
    """The rows of the CSV download (dicts by ``CSV_COLUMNS``): one per figure of every
    section, in the page's order."""
    for section in sections:
        for row in section.rows:
            yield dict(
                zip(
                    CSV_COLUMNS,
                    (
                        section.key,
                        section.title,
                        row.code,
                        row.label,
                        row.value,
                        row.unit,
                    ),
                    strict=True,
                )
            )


def api_payload(figures, *, query, locale):
    """The figures as the API gives them (``/api/v2/observatory/``)."""
    return {
        "locale": locale.language_code,
        "q": query.q,
        "filters": dict(query.filters),
        "fiche_count": figures["fiche_count"],
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "notes": section.notes,
                "rows": [
                    {
                        "code": row.code,
                        "label": row.label,
                        "value": row.value,
                        "unit": row.unit,
                    }
                    for row in section.rows
                ],
            }
            for section in figures["sections"]
        ],
    }
