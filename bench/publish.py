"""Publishing a fiche on the bench database, measured in process: ``python -m bench.publish``.

Issue 16's target: publishing a fiche (what a moderator's approval runs: the revision published,
with Wagtail's signals and the project's hooks — search index, related fiches, alerts, exports)
under 1 s at 10,000 fiches, and the first anonymous view after it within the cold targets.

On a database seeded by ``bench.run`` (``BENCH_DATABASE_URL`` or ``--database-url``, as
``bench.fragments``), with the bench server's environment (production settings), ``--rounds``
times each, medians in milliseconds:

- a new revision of a published fiche published (``republish``);
- a copy of it, saved as a draft, published for the first time (``first publication``; the
  copy is deleted afterwards);
- the fiche's page requested anonymously right after its publication, fragment caches on (a
  publication changes their keys, so this is the cold path), with its SQL queries.

Each with the production task backend (``database``: the publication enqueues the related
fiches' refresh, the alerts and the export files, a worker runs them) and with the immediate one
(everything done inside the request, the worst case; ``--immediate``).
"""

import argparse
import statistics
import time

from bench import server


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.publish")
    parser.add_argument("--database-url", default=server.seeded_database_url())
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--immediate", action="store_true", help="tâches exécutées dans la requête")
    return parser.parse_args(argv)


def setup(database_url, immediate):
    server.setup_in_process(database_url, TASKS_BACKEND="immediate" if immediate else "database")


def timed(action, *args):
    start = time.perf_counter()
    result = action(*args)
    return (time.perf_counter() - start) * 1000, result


def main(argv=None):
    args = parse_args(argv)
    setup(args.database_url, args.immediate)
    from django.contrib.auth import get_user_model

    from bench.seed import reference_objects
    from fiches.models import FichePage

    fiche = reference_objects()["fiche"]
    user = get_user_model().objects.filter(is_superuser=True).first()
    count = FichePage.objects.live().count()
    rows, queries = measure(fiche, user=user, rounds=args.rounds)
    backend = "immediate" if args.immediate else "database"
    print(f"{count} fiches publiées ; tâches : {backend} ; {args.rounds} fois chacune")
    print("| action | médiane ms | max ms |")
    print("|---|---:|---:|")
    for name, durations in rows.items():
        print(f"| {name} | {statistics.median(durations):.0f} | {max(durations):.0f} |")
    print(f"SQL de la première vue : {statistics.median(queries):.0f}")


def measure(fiche, *, user, rounds):
    """The durations (ms) of each action, ``rounds`` times, and the queries of each first
    view; the database is left with the fiche's new revisions only (the copies are deleted)."""
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from fiches.models import FichePage

    client = Client()
    rows = {"republish": [], "first publication": [], "first view": []}
    queries = []
    for number in range(rounds):
        page = FichePage.objects.get(pk=fiche.pk)
        with transaction.atomic():
            revision = page.save_revision(user=user)
        duration, _ = timed(_publish, revision, user)
        rows["republish"].append(duration)
        with CaptureQueriesContext(connection) as captured:
            duration, response = timed(client.get, page.url)
        if response.status_code != 200:
            raise RuntimeError(f"{page.url} : {response.status_code}")
        rows["first view"].append(duration)
        queries.append(len(captured.captured_queries))
        copy = page.copy(
            update_attrs={"slug": f"bench-publication-{number}", "title": f"Copie {number}"},
            keep_live=False,
            copy_revisions=False,
            user=user,
        )
        revision = copy.save_revision(user=user)
        duration, _ = timed(_publish, revision, user)
        rows["first publication"].append(duration)
        FichePage.objects.get(pk=copy.pk).delete()
    return rows, queries


def _publish(revision, user):
    from django.db import transaction

    with transaction.atomic():
        revision.publish(user=user)


if __name__ == "__main__":
    main()
