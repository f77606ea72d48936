"""What each fragment cache saves, measured in process: ``python -m bench.fragments``.

On a database seeded by ``make bench`` (or ``--database-url``, reused as it is), each endpoint of
``bench.endpoints`` is requested with Django's test client, warm, ``--requests`` times per round
and ``--rounds`` rounds (the machine is shared: medians), with every fragment cache on, with
``FRAGMENT_CACHE_SECONDS=0``, and with each fragment turned off alone on the endpoints that read
it (its entries then miss and are not kept). Prints a Markdown table of median milliseconds, with
the SQL queries of one request with ``FRAGMENT_CACHE_SECONDS=0`` (the cold render path).
"""

import argparse
import statistics
import time
from collections import defaultdict
from contextlib import contextmanager

from bench import endpoints as bench_endpoints
from bench import server
from bench.client import count_queries, placeholders

SKIPPED_KINDS = {"reference", "export"}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.fragments")
    parser.add_argument("--database-url", default=server.seeded_database_url())
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--endpoints", nargs="+", metavar="NOM")
    return parser.parse_args(argv)


def setup(database_url):
    server.setup_in_process(database_url, FRAGMENT_CACHE_SECONDS="3600")


def key_name(key):
    """The registered name of a key of cms.cache.keys (``cms:<name>:…``)."""
    return key.split(":", 2)[1] if key.startswith("cms:") else ""


@contextmanager
def recording_and_switching(off, seen):
    """Every cache read records its name in ``seen``; entries named in ``off`` always miss
    and are never written."""
    from cms.cache.backend import SafeCache

    original = {name: getattr(SafeCache, name) for name in ("get", "get_many", "set", "set_many")}

    # Keyword arguments (``version``: cms.sites reads Wagtail's own key) are passed through.
    def get(self, key, default=None, **kwargs):
        seen.add(key_name(key))
        return default if key_name(key) in off else original["get"](self, key, default, **kwargs)

    def get_many(self, keys, **kwargs):
        keys = list(keys)
        seen.update(key_name(key) for key in keys)
        kept = [key for key in keys if key_name(key) not in off]
        return original["get_many"](self, kept, **kwargs)

    def set_(self, key, value, timeout, **kwargs):
        if key_name(key) not in off:
            original["set"](self, key, value, timeout, **kwargs)

    def set_many(self, mapping, timeout, **kwargs):
        kept = {key: value for key, value in mapping.items() if key_name(key) not in off}
        original["set_many"](self, kept, timeout, **kwargs)

    SafeCache.get, SafeCache.get_many, SafeCache.set, SafeCache.set_many = (
        get,
        get_many,
        set_,
        set_many,
    )
    try:
        yield
    finally:
        for name, function in original.items():
            setattr(SafeCache, name, function)


def timed(client, path, requests):
    client.get(path)  # warm: a miss fills what the next requests read
    durations = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path)
        durations.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(durations)


def main(argv=None):
    args = parse_args(argv)
    setup(args.database_url)
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    context = placeholders()
    chosen = [
        endpoint
        for endpoint in bench_endpoints.select(args.endpoints)
        if endpoint.kind not in SKIPPED_KINDS
    ]
    client = Client()
    readers = defaultdict(set)
    for endpoint in list(chosen):
        seen = set()
        with recording_and_switching(set(), seen):
            client.get(endpoint.resolve(context))
            if client.get(endpoint.resolve(context)).status_code != 200:
                chosen.remove(endpoint)  # not there (yet): bench.run reports it as skipped
                continue
        for name in seen - {""}:
            readers[name].add(endpoint.name)
    queries = {}
    for endpoint in chosen:
        settings.FRAGMENT_CACHE_SECONDS = 0
        queries[endpoint.name] = count_queries(endpoint.resolve(context))[1]
        settings.FRAGMENT_CACHE_SECONDS = 3600
    results = defaultdict(list)
    for _ in range(args.rounds):
        for endpoint in chosen:
            path = endpoint.resolve(context)
            settings.FRAGMENT_CACHE_SECONDS = 0
            results[endpoint.name, "0"].append(timed(client, path, args.requests))
            settings.FRAGMENT_CACHE_SECONDS = 3600
            cache.clear()
            results[endpoint.name, "on"].append(timed(client, path, args.requests))
            for name, names in readers.items():
                if endpoint.name in names:
                    with recording_and_switching({name}, set()):
                        results[endpoint.name, name].append(timed(client, path, args.requests))
    print("| endpoint | on | FRAGMENT_CACHE_SECONDS=0 | SQL at 0 | one fragment off: ms |")
    print("|---|---:|---:|---:|---|")
    for endpoint in chosen:
        on = statistics.median(results[endpoint.name, "on"])
        zero = statistics.median(results[endpoint.name, "0"])
        offs = ", ".join(
            f"`{name}` {statistics.median(results[endpoint.name, name]):.1f}"
            for name in sorted(readers)
            if endpoint.name in readers[name]
        )
        print(f"| {endpoint.name} | {on:.1f} | {zero:.1f} | {queries[endpoint.name]} | {offs} |")


if __name__ == "__main__":
    main()
