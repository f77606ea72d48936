"""Open-data downloads under /api/v2/exports/ and the public « Données ouvertes » page.

The views only check the filters (``_filters``, the one place that parses them) and shape the
HTTP response: the read is ``fiches.opendata.selectors.export_fiches`` and the layouts are in
``csv_xlsx``, ``json_export``, ``decp`` and ``ocds``.
"""

import gc
from contextlib import contextmanager

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from fiches.catalogue import filters as catalogue_filters
from fiches.catalogue.reference import LiveReference
from fiches.opendata import (
    columns,
    csv_xlsx,
    datapackage,
    decp,
    files,
    json_export,
    ocds,
    selectors,
    values,
)
from fiches.opendata.files import CATALOGUE_JSON_PARAMS, XLSX_TYPE

#: The parameters the export links keep: every catalogue filter (and its older names) and locale.
FILTERS = (
    *(name for spec in catalogue_filters.FILTERS for name in (spec.name, *spec.export_aliases)),
    "locale",
)
CACHE_SECONDS = 300
JSON_PARAMS = {"ensure_ascii": False, "indent": 2}


class BadFilter(Exception):
    pass


def _filters(params):
    """The validated filters of the query string (every catalogue filter of
    ``fiches.catalogue.filters``, ``year`` still read as ``award_year``, and ``locale``), as
    keyword arguments of ``selectors.export_fiches``; raises ``BadFilter`` with a French
    message (a NUL character, which the database cannot compare, included)."""
    for name, given in params.lists():
        if any("\x00" in value for value in given):
            raise BadFilter(
                _("Le paramètre « %(name)s » contient un caractère nul.") % {"name": name}
            )
    language = params.get("locale", "").strip()
    locale = Locale.get_default()
    if language:
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None:
            raise BadFilter(_("Langue inconnue : « %(value)s » (fr ou en).") % {"value": language})
    try:
        parsed = catalogue_filters.parse_strict(params, LiveReference(locale=locale), export=True)
    except catalogue_filters.InvalidParameter as error:
        raise BadFilter(error.error) from error
    return {"locale": locale, **parsed}


def _public(response, filename=None):
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _bad_request(error):
    return _public(JsonResponse({"erreur": str(error)}, status=400, json_dumps_params=JSON_PARAMS))


@contextmanager
def cyclic_gc_paused():
    """Python's cyclic garbage collector off while a whole-catalogue export is built: its tens
    of thousands of model instances (which refer to one another) all live until the response is
    written, and every full collection walked them all for nothing, which made an export 2.5
    times slower. Collections resume afterwards and free what the export left."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _catalogue(request):
    parsed = _filters(request.GET)
    locale = parsed.pop("locale")
    fiches = list(selectors.export_fiches(locale=locale, **catalogue_filters.criteria(parsed)))
    # The filters as the document states them: the parameters' names and values.
    shown = {**parsed, "locale": locale.language_code}
    return fiches, shown


def _not_modified(request, etag):
    tags = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
    return etag in tags or "*" in tags


def _file_download(request, format_name):
    """The whole catalogue of a locale: the file built by the task (``files``), with its ETag
    and date; 304 when the client already has it."""
    try:
        locale = _filters(request.GET)["locale"]
    except BadFilter as error:
        return _bad_request(error)
    with cyclic_gc_paused():
        export = files.current(files.FORMATS[format_name], locale)
    if _not_modified(request, export.etag):
        response = HttpResponse(status=304)
    else:
        # Read whole rather than streamed (FileResponse): a few megabytes at most, and every
        # client of the test suite reads ``response.content``.
        response = HttpResponse(export.path.read_bytes(), content_type=export.format.content_type)
        for name, value in export.headers.items():
            response[name] = value
    response["ETag"] = export.etag
    response["Last-Modified"] = export.last_modified
    return _public(response, export.format.filename if response.status_code == 200 else None)


def _export(render_response):
    """An export view: the file of the whole catalogue when the query string names at most the
    locale, built live for the fiches that other filters keep."""
    format_name = render_response.__name__.removeprefix("fiches_")

    @require_GET
    def view(request):
        if set(request.GET) <= {"locale"}:
            return _file_download(request, format_name)
        with cyclic_gc_paused():
            try:
                fiches, filters = _catalogue(request)
            except BadFilter as error:
                return _bad_request(error)
            return render_response(request, fiches, filters)

    return view


@_export
def fiches_csv(request, fiches, filters):
    response = HttpResponse(
        csv_xlsx.catalogue_csv(fiches, request=request), content_type="text/csv; charset=utf-8"
    )
    return _public(response, "fiches-rex.csv")


@_export
def fiches_xlsx(request, fiches, filters):
    response = HttpResponse(csv_xlsx.catalogue_xlsx(fiches, request=request), XLSX_TYPE)
    return _public(response, "fiches-rex.xlsx")


@_export
def fiches_json(request, fiches, filters):
    document = json_export.catalogue_json(fiches, request=request, filters=filters)
    return _public(
        JsonResponse(document, json_dumps_params=CATALOGUE_JSON_PARAMS), "fiches-rex.json"
    )


@_export
def fiches_decp(request, fiches, filters):
    document, omitted = decp.decp_document(fiches)
    response = JsonResponse(document, json_dumps_params=CATALOGUE_JSON_PARAMS)
    # DECP allows no extra field: how many fiches lacked the required data goes in a header.
    response["X-Fiches-Omises"] = str(len(omitted))
    return _public(response, "fiches-rex.decp.json")


@_export
def fiches_ocds(request, fiches, filters):
    package = ocds.ocds_package(fiches, uri=request.build_absolute_uri(), request=request)
    return _public(
        JsonResponse(package, json_dumps_params=CATALOGUE_JSON_PARAMS), "fiches-rex.ocds.json"
    )


def _one(fiche_id):
    fiche = selectors.export_fiches(fiche_id=fiche_id).first()
    if fiche is None:
        raise Http404(_("Aucune fiche publiée n'a cet identifiant."))
    return fiche


@require_GET
def fiche_decp(request, fiche_id):
    fiche = _one(fiche_id)
    record = decp.decp_marche(fiche)
    if record is None:
        return _public(
            JsonResponse(
                {
                    "erreur": _("Cette fiche n'a pas les données qu'exige le format DECP."),
                    "raisons": decp.decp_missing(fiche),
                },
                status=404,
                json_dumps_params=JSON_PARAMS,
            )
        )
    document = {"marches": {"marche": [record]}}
    return _public(
        JsonResponse(document, json_dumps_params=JSON_PARAMS), f"fiche-{fiche.pk}.decp.json"
    )


@require_GET
def fiche_ocds(request, fiche_id):
    fiche = _one(fiche_id)
    package = ocds.ocds_package([fiche], uri=request.build_absolute_uri(), request=request)
    return _public(
        JsonResponse(package, json_dumps_params=JSON_PARAMS), f"fiche-{fiche.pk}.ocds.json"
    )


EXPORT_FORMATS = [
    ("export_fiches_csv", "CSV", "text/csv"),
    ("export_fiches_xlsx", "XLSX", XLSX_TYPE),
    ("export_fiches_json", "JSON", "application/json"),
    ("export_fiches_decp", "DECP (JSON)", "application/json"),
    ("export_fiches_ocds", "OCDS (JSON)", "application/json"),
]


def export_links(params=None):
    """The download links of every format, keeping the catalogue filters in ``params``."""
    query = ""
    if params:
        kept = params.copy()
        for key in list(kept.keys()):
            if key not in FILTERS:
                del kept[key]
        query = kept.urlencode()
    return [
        {
            "label": label,
            "content_type": content_type,
            "url": reverse(name) + (f"?{query}" if query else ""),
        }
        for name, label, content_type in EXPORT_FORMATS
    ]


@require_GET
def schema_json(request):
    """The Table Schema of the fiches CSV and XLSX (``datapackage.table_schema``)."""
    schema = datapackage.table_schema(
        schema_url=request.build_absolute_uri(reverse("export_schema")),
        homepage=request.build_absolute_uri(reverse("open_data")),
    )
    return _public(JsonResponse(schema, json_dumps_params=JSON_PARAMS))


@require_GET
def datapackage_json(request):
    """The Data Package of every export file (``datapackage.data_package``)."""
    package = datapackage.data_package(absolute=request.build_absolute_uri)
    return _public(JsonResponse(package, json_dumps_params=JSON_PARAMS))


def open_data(request):
    """The « Données ouvertes » page: formats, column layout, licence and links."""
    return render(
        request,
        "fiches/open_data.html",
        {
            "licence": values.licence(),
            "export_links": export_links(),
            "columns": columns.IMPORT_COLUMNS,
            "leading_columns": [column.name for column in columns.LEADING_COLUMNS],
            "trailing_columns": [column.name for column in columns.TRAILING_COLUMNS],
            "separator": columns.LIST_SEPARATOR,
            "schema_url": reverse("export_schema"),
            "datapackage_url": reverse("export_datapackage"),
        },
    )


urlpatterns = [
    path("fiches.csv", fiches_csv, name="export_fiches_csv"),
    path("fiches.xlsx", fiches_xlsx, name="export_fiches_xlsx"),
    path("fiches.json", fiches_json, name="export_fiches_json"),
    path("fiches.decp.json", fiches_decp, name="export_fiches_decp"),
    path("fiches.ocds.json", fiches_ocds, name="export_fiches_ocds"),
    path("fiches/<int:fiche_id>.decp.json", fiche_decp, name="export_fiche_decp"),
    path("fiches/<int:fiche_id>.ocds.json", fiche_ocds, name="export_fiche_ocds"),
    path("schema.json", schema_json, name="export_schema"),
    path("datapackage.json", datapackage_json, name="export_datapackage"),
]
