"""Times the spreadsheet import of N fiches (dry run, then the write) and the full exports.

    make bench-import                                  # 1,000 rows (ROWS=200 for fewer)
    .venv/bin/python -m bench.import_export            # the same, on the configured database
    .venv/bin/python -m bench.import_export --rows 200

It needs a migrated database with a catalogue (``make seed``). The import's write is rolled back
at the end, so the database is left as it was; the exports read what is published there, and
the export files (what the task builds, ``fiches.opendata.files``) are written to EXPORTS_ROOT.
"""

import argparse
import os
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000, help="fiches in the generated file")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    from django.db import transaction

    from fiches import factories
    from fiches.opendata import (
        columns,
        csv_xlsx,
        decp,
        files,
        json_export,
        ocds,
        selectors,
        services,
        spreadsheets,
    )
    from fiches.opendata.importer import default_catalogue

    index = default_catalogue()
    if index is None:
        sys.exit("Aucun catalogue : lancez d'abord « make seed ».")
    results = {}
    with transaction.atomic():
        factories.cpv("77310000-6")
        rows = []
        for number in range(args.rows):
            row = dict(columns.template_rows()[0])
            row["reference_externe"] = f"BENCH-{number:05d}"
            row["titre"] = f"Fiche importée n°{number}"
            row["acheteur_nom"] = f"Commune n°{number % 50}"
            rows.append(row)
        data = spreadsheets.write_csv(columns.COLUMN_NAMES, rows)
        for label, commit in (("import (dry run)", False), ("import (écriture)", True)):
            started, cpu_started = time.perf_counter(), time.process_time()
            report = services.import_fiches(
                data=data, filename="bench.csv", index=index, commit=commit
            )
            results[label] = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            if not report.ok:
                sys.exit("\n".join(str(error) for error in report.errors[:10]))
        transaction.set_rollback(True)
    fiches = list(selectors.export_fiches())
    for label, export in (
        ("export CSV", lambda: csv_xlsx.catalogue_csv(fiches)),
        ("export XLSX", lambda: csv_xlsx.catalogue_xlsx(fiches)),
        ("export JSON", lambda: json_export.catalogue_json(fiches)),
        ("export DECP", lambda: decp.decp_document(fiches)),
        ("export OCDS", lambda: ocds.ocds_package(fiches, uri="bench")),
    ):
        started = time.perf_counter()
        export()
        results[label] = time.perf_counter() - started
    started = time.perf_counter()
    list(selectors.export_fiches())
    results["lecture (selector)"] = time.perf_counter() - started
    started = time.perf_counter()
    files.build_all()
    results["fichiers (tâche)"] = time.perf_counter() - started
    sys.stdout.write(f"{args.rows} lignes importées, {len(fiches)} fiches publiées exportées\n")
    sys.stdout.write(f"  (temps processeur de l'écriture : {cpu:.2f} s)\n")
    for label, seconds in results.items():
        sys.stdout.write(f"  {label:<22} {seconds:8.2f} s\n")


if __name__ == "__main__":
    main()
