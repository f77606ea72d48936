"""The report: one row per endpoint, ratios to the floor, targets met or missed, and the JSON file
that keeps it for comparison between runs."""

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

MEASURED = "mesuré"
SKIPPED = "ignoré"
FAILED = "en erreur"


@dataclass
class EndpointResult:
    """What the harness learnt about one endpoint. ``load`` is a ``LoadResult`` when measured."""

    name: str
    path: str
    status: str
    http_status: int | None = None
    queries: int | None = None
    load: object = None
    target: object = None
    floor_ratio: float | None = None
    verdict: str = ""
    notes: list = field(default_factory=list)
    #: ``chaud`` (fragment caches as configured) or ``froid`` (FRAGMENT_CACHE_SECONDS=0).
    mode: str = "chaud"

    def as_dict(self):
        target = self.target
        return {
            "name": self.name,
            "path": self.path,
            "status": self.status,
            "http_status": self.http_status,
            "queries": self.queries,
            "load": self.load.as_dict() if self.load else None,
            "floor_ratio": round(self.floor_ratio, 4) if self.floor_ratio is not None else None,
            "target": (
                {"floor_ratio": target.floor_ratio, "p95_ms": target.p95_ms, "note": target.note}
                if target
                else None
            ),
            "verdict": self.verdict,
            "notes": self.notes,
            "mode": self.mode,
        }


def judge(result, *, floor_rps):
    """Fills the ratio to the floor and the verdict against the endpoint's target."""
    if result.load is None:
        return result
    if floor_rps:
        result.floor_ratio = result.load.requests_per_second / floor_rps
    target = result.target
    if target is None:
        return result
    met = result.load.errors == 0
    if target.floor_ratio is not None:
        met = met and result.floor_ratio is not None and result.floor_ratio >= target.floor_ratio
    if target.p95_ms is not None:
        met = met and result.load.p95_ms <= target.p95_ms
    result.verdict = "tenu" if met else "manqué"
    return result


def describe_target(target):
    """``≥ 8 % · p95 < 60 ms (à 10 000 fiches)`` for the table."""
    if target is None:
        return ""
    parts = []
    if target.floor_ratio is not None:
        parts.append(f"≥ {target.floor_ratio:.0%}")
    if target.p95_ms is not None:
        parts.append(f"p95 < {target.p95_ms:g} ms")
    text = " · ".join(parts)
    return f"{text} ({target.note})" if target.note else text


COLUMNS = [
    ("Point d'accès", "<"),
    ("req/s", ">"),
    ("p50 ms", ">"),
    ("p95 ms", ">"),
    ("p99 ms", ">"),
    ("erreurs", ">"),
    ("SQL", ">"),
    ("% plancher", ">"),
    ("objectif", "<"),
    ("résultat", "<"),
]


def _cells(result):
    queries = "" if result.queries is None else str(result.queries)
    if result.load is None:
        reason = f"{result.status} (HTTP {result.http_status})" if result.http_status else ""
        target = describe_target(result.target)
        return [result.name, "", "", "", "", "", queries, "", target, reason]
    load = result.load
    ratio = "" if result.floor_ratio is None else f"{result.floor_ratio:.1%}"
    return [
        result.name,
        f"{load.requests_per_second:.1f}",
        f"{load.p50_ms:.1f}",
        f"{load.p95_ms:.1f}",
        f"{load.p99_ms:.1f}",
        str(load.errors),
        queries,
        ratio,
        describe_target(result.target),
        result.verdict,
    ]


def render_table(results):
    """The results as an aligned text table."""
    rows = [[title for title, _ in COLUMNS], *(_cells(result) for result in results)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(COLUMNS))]
    lines = []
    for number, row in enumerate(rows):
        cells = [
            f"{cell:{align}{width}}"
            for cell, (_, align), width in zip(row, COLUMNS, widths, strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def render_meta(meta):
    """The run's conditions, one ``key: value`` per line."""
    return "\n".join(f"{key} : {value}" for key, value in meta.items())


def write_json(*, meta, results, folder, now=None):
    """Writes the run to ``folder/<timestamp>.json`` and returns the file's path."""
    now = now or datetime.now()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{now:%Y%m%d-%H%M%S}.json"
    payload = {"meta": meta, "endpoints": [result.as_dict() for result in results]}
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
