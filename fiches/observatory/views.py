"""The observatory's pages (« Chiffres clés », /fr/chiffres-cles/): the figures of the published
fiches for the catalogue's search and filters, as charts and tables, and the same figures as
a CSV file (/fr/chiffres-cles/chiffres.csv)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from fiches.catalogue import facets
from fiches.catalogue.filters import FILTERS, YearFilter
from fiches.discovery import context as discovery
from fiches.observatory import figures
from fiches.opendata.spreadsheets import write_csv


def _figures(request):
    locale = Locale.get_active()
    query, reference = figures.page_query(request.GET, locale=locale, request=request)
    data = figures.observatory_figures(
        query=query,
        reference=reference,
        locale=locale,
        catalogue_url=discovery.catalogue_url(locale=locale),
        request=request,
    )
    return query, reference, data


def _form_groups(query, reference):
    """The filter form: the catalogue's fieldsets, each filter with every value it accepts (a
    year is typed)."""
    groups = []
    for legend, names in facets.GROUPS:
        fields = []
        for spec in FILTERS:
            if spec.name not in names:
                continue
            selected = query.filters.get(spec.name, "")
            fields.append(
                {
                    "name": spec.name,
                    "label": str(spec.label),
                    "is_year": isinstance(spec, YearFilter),
                    "value": selected,
                    "options": [
                        (value, str(label), value == selected)
                        for value, label in spec.values(reference).items()
                    ],
                }
            )
        groups.append((str(legend), fields))
    return groups


@require_safe
def observatory(request):
    query, reference, data = _figures(request)
    return render(
        request,
        "fiches/observatory.html",
        {
            **data,
            "query": query,
            "notices": query.notices,
            "active_filters": facets.active_filters(query, reference),
            "form_groups": _form_groups(query, reference),
            "csv_url": reverse("observatory_csv") + query.querystring(),
        },
    )


@require_safe
def observatory_csv(request):
    _query, _reference, data = _figures(request)
    response = HttpResponse(
        write_csv(figures.CSV_COLUMNS, figures.csv_rows(data["sections"])),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="chiffres-cles.csv"'
    return response
