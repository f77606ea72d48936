"""The whole-catalogue export files: built by a task when the content changes, served by the
export URLs as static downloads (ETag, Last-Modified, 304).

One file per format and locale under ``settings.EXPORTS_ROOT`` (``<language>/fiches-rex.<ext>``,
next to it ``<file>.meta.json``: ETag, date, headers, generation), written atomically. Every
change that can change an export (a page published, unpublished, moved, deleted or made private,
an actor, theme, image or site saved: the list of ``cms.cache.signals``) bumps the
**generation** (``EXPORTS_ROOT/generation``) at once and when its transaction commits, then
enqueues one rebuild for the worker (``tasks.rebuild_exports``; none when one is already
waiting, and none with the immediate backend). A file whose generation is not the current one
is never served: the view builds it again first (``current``), so a fiche that left the public
site never stays in a download. What goes in the files is read by
``selectors.export_fiches``: public content only.
"""

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils.http import http_date
from wagtail.models import Locale

from cms.cache.signals import connect_content_signals
from cms.pages import default_site_root_url
from cms.tasks import enqueue_once
from fiches.opendata import csv_xlsx, decp, json_export, ocds, selectors

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CATALOGUE_JSON_PARAMS = {"ensure_ascii": False, "separators": (",", ":")}


def _json(document):
    return json.dumps(document, cls=DjangoJSONEncoder, **CATALOGUE_JSON_PARAMS).encode()


def _build_csv(fiches, locale):
    return csv_xlsx.catalogue_csv(fiches), {}


def _build_xlsx(fiches, locale):
    return csv_xlsx.catalogue_xlsx(fiches), {}


def _build_json(fiches, locale):
    return _json(json_export.catalogue_json(fiches, filters={"locale": locale.language_code})), {}


def _build_decp(fiches, locale):
    document, omitted = decp.decp_document(fiches)
    # DECP allows no extra field: how many fiches lacked the required data goes in a header.
    return _json(document), {"X-Fiches-Omises": str(len(omitted))}


def _build_ocds(fiches, locale):
    uri = f"{default_site_root_url()}{reverse('export_fiches_ocds')}?locale={locale.language_code}"
    return _json(ocds.ocds_package(fiches, uri=uri)), {}


@dataclass(frozen=True)
class Format:
    name: str
    filename: str
    content_type: str
    build: object


FORMATS = {
    format.name: format
    for format in (
        Format("csv", "fiches-rex.csv", "text/csv; charset=utf-8", _build_csv),
        Format("xlsx", "fiches-rex.xlsx", XLSX_TYPE, _build_xlsx),
        Format("json", "fiches-rex.json", "application/json", _build_json),
        Format("decp", "fiches-rex.decp.json", "application/json", _build_decp),
        Format("ocds", "fiches-rex.ocds.json", "application/json", _build_ocds),
    )
}


def root():
    return Path(settings.EXPORTS_ROOT)


def _write_atomically(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# The generation: which state of the content the files must show.


def generation():
    try:
        return (root() / "generation").read_text().strip()
    except FileNotFoundError:
        return ""


def mark_stale():
    """A new generation: every file built before is stale."""
    _write_atomically(root() / "generation", str(time.time_ns()).encode())


@dataclass
class ExportFile:
    path: Path
    etag: str
    last_modified: str
    headers: dict
    format: Format


def _paths(format, locale):
    folder = root() / locale.language_code
    return folder / format.filename, folder / f"{format.filename}.meta.json"


def build(format, locale, fiches=None):
    """Writes the file of ``format`` for ``locale``; returns its ``ExportFile``."""
    started_at = generation()
    if fiches is None:
        fiches = list(selectors.export_fiches(locale=locale))
    data, headers = format.build(fiches, locale)
    path, meta_path = _paths(format, locale)
    meta = {
        "etag": f'"{hashlib.sha256(data).hexdigest()[:32]}"',
        "last_modified": http_date(),
        "generation": started_at,
        "headers": headers,
    }
    _write_atomically(path, data)
    _write_atomically(meta_path, json.dumps(meta).encode())
    return ExportFile(path, meta["etag"], meta["last_modified"], headers, format)


def build_all():
    """Every format of every locale, each locale's fiches read once."""
    for locale in Locale.objects.all():
        fiches = list(selectors.export_fiches(locale=locale))
        for format in FORMATS.values():
            build(format, locale, fiches)


def current(format, locale):
    """The file of ``format`` for ``locale`` built for the current generation: the one on disk,
    or, when it is missing or stale, one built now (the task will usually have done it)."""
    path, meta_path = _paths(format, locale)
    try:
        meta = json.loads(meta_path.read_text())
    except (FileNotFoundError, ValueError):
        meta = None
    if meta is None or meta.get("generation") != generation() or not path.exists():
        return build(format, locale)
    return ExportFile(path, meta["etag"], meta["last_modified"], meta.get("headers", {}), format)


# What makes the files stale.


def _after_commit():
    mark_stale()
    schedule_rebuild()


def content_changed(**kwargs):
    """Marks the files stale now and, once per transaction, again at its commit with one
    rebuild enqueued."""
    mark_stale()
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        callback is _after_commit for _sids, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_after_commit)


def schedule_rebuild():
    """Enqueues ``rebuild_exports`` for a worker (the database backend), unless one is already
    waiting in the queue table. With the immediate backend (development, tests) nothing is
    enqueued: the task would run inside the request that changed the content (every save of
    ``seed_demo``), and the next download builds its stale file anyway."""
    from fiches.opendata.tasks import rebuild_exports

    enqueue_once(rebuild_exports)


def connect():
    # Documents are in no export.
    connect_content_signals(content_changed, "exports", documents=False)
