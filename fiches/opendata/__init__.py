"""Open data in and out: the ONE list of spreadsheet columns (``columns``), reading and writing
CSV/XLSX (``spreadsheets``, the cells' values in ``cells``, the formula rule in ``formulas``), the
import (``importer/``, entry point ``services.import_fiches``), the
exports (``csv_xlsx``, ``json_export``, ``decp``, ``ocds``, reading ``selectors.export_fiches``),
their views (``views``) and the admin import view (``admin_views``)."""
