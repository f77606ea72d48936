"""The spreadsheet import of fiches: ``validate`` checks every row (with the look-ups of
``parse``, the stakeholders of ``actors`` and the model checks of ``checks``) into the row plans
of ``plan``, ``write`` writes a valid file as drafts and ``report`` says what was
found or done. Entry point: ``fiches.opendata.services.import_fiches``."""

from fiches.opendata.importer.report import ImportReport, RowError
from fiches.opendata.importer.validate import FicheImporter, default_catalogue

__all__ = ["FicheImporter", "ImportReport", "RowError", "default_catalogue"]
