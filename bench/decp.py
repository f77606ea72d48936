"""Reads a generated DECP v2 file of N contracts with the DECP import, in bounded memory.

    make bench-decp                                        # 1,000,000 contracts (CONTRACTS=…)
    .venv/bin/python -m bench.decp --contracts 1000000
    .venv/bin/python -m bench.decp --contracts 100000 --tracemalloc

The file is generated on disk record by record (``fiches.opendata.decp_import.generate``: every
value of the considerations, valid against the DECP 2.0.3 schema), then read by
``import_decp`` in its selection mode (``commit=False``: read, select, count; nothing written).
It reports the file's size, the wall and CPU time of the read and the peak memory: the peak
RSS of the process (``getrusage``, which also covers the generation) and, with
``--tracemalloc``, the peak of Python's allocations during the read (slower). The memory stays
flat from 100,000 to 1,000,000 contracts when the read streams. ``--commit`` writes the
candidates too, in a transaction rolled back at the end.

It needs a migrated database (the import reads the ESS structures' SIRET and the departments):
``make migrate`` or ``DATABASE_URL=…``.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path


def rss_mb():
    """The current resident memory of the process, in MB (Linux)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # KiB on Linux


def _progress(count):
    if count % 100_000 == 0:
        print(f"  {count:,} contrats lus (RSS {rss_mb():.0f} Mo)", file=sys.stderr)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=1_000_000)
    parser.add_argument("--file", help="where to write the file (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    parser.add_argument("--tracemalloc", action="store_true", help="peak of Python allocations")
    parser.add_argument("--commit", action="store_true", help="write (then roll back)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    from django.db import transaction

    from fiches.opendata.decp_import import generate, services

    folder = None
    if args.file:
        path = Path(args.file)
    else:
        folder = tempfile.TemporaryDirectory(prefix="bench-decp-")
        path = Path(folder.name) / "decp.json"
    started = time.perf_counter()
    with path.open("w", encoding="utf-8", buffering=1 << 20) as stream:
        generate.write(
            stream,
            (generate.marche(number) for number in range(args.contracts)),
            (generate.concession(number) for number in range(args.contracts // 100)),
        )
    generated = time.perf_counter() - started
    size = path.stat().st_size / 1e6
    print(f"Fichier généré : {path} ({size:,.0f} Mo) en {generated:.1f} s", file=sys.stderr)

    rss_before = rss_mb()
    if args.tracemalloc:
        tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    with transaction.atomic(), path.open("rb") as stream:
        report = services.import_decp(
            stream,
            commit=args.commit,
            progress=_progress,
        )
        transaction.set_rollback(True)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    traced = tracemalloc.get_traced_memory()[1] / 1e6 if args.tracemalloc else None
    if args.tracemalloc:
        tracemalloc.stop()

    print(f"DECP : {args.contracts:,} marchés + {args.contracts // 100:,} concessions")
    print(f"  fichier           {size:,.0f} Mo")
    print(f"  lus               {report.read:,} ({report.candidates:,} à documenter)")
    rate = report.read / wall
    print(f"  lecture           {wall:.1f} s mur, {cpu:.1f} s CPU ({rate:,.0f} contrats/s)")
    rss_after = rss_mb()
    peak = max(peak_rss_mb(), rss_after)
    print(
        f"  mémoire (RSS)     {rss_before:.0f} Mo avant, {rss_after:.0f} Mo après,"
        f" pic {peak:.0f} Mo"
    )
    if traced is not None:
        print(f"  pic tracemalloc   {traced:.1f} Mo (allocations Python pendant la lecture)")
    if folder is not None and not args.keep:
        folder.cleanup()
    elif args.keep or args.file:
        print(f"  fichier gardé     {path}")


if __name__ == "__main__":
    main()
