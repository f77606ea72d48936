"""Drives the server: wrk (Debian's package) when installed, else a Python load generator.

Both take a list of paths, spread requests over them in turn, keep ``concurrency`` requests in
flight for ``duration`` seconds and return the same :class:`LoadResult`. A response with a status of
400 or more, a connection error and a timeout each count as one error.
"""

import json
import math
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from http.client import HTTPConnection, HTTPException
from pathlib import Path

WRK_MARKER = "BENCH_JSON "

# Runs in each wrk thread: paths in turn, then one JSON line with the figures wrk keeps.
WRK_SCRIPT = """
local paths = {%(paths)s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%(marker)s{"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, ' ..
    '"p99_us": %%d, "connect": %%d, "read": %%d, "write": %%d, "status": %%d, ' ..
    '"timeout": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass
class LoadResult:
    """The figures of one run, latencies in milliseconds."""

    driver: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    error_kinds: dict = field(default_factory=dict)

    @property
    def requests_per_second(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self):
        return {**asdict(self), "requests_per_second": round(self.requests_per_second, 1)}


def percentile(sorted_values, q):
    """The nearest-rank ``q``-th percentile of already sorted values (0 when there are none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def wrk_available():
    """Whether the wrk binary is on the PATH."""
    return shutil.which("wrk") is not None


def wrk_script(paths):
    """The Lua script that makes wrk request ``paths`` in turn and report as JSON."""
    quoted = ", ".join(json.dumps(path) for path in paths)
    return WRK_SCRIPT % {"paths": quoted, "marker": WRK_MARKER}


def parse_wrk_output(output):
    """The :class:`LoadResult` from wrk's standard output (the line the script writes)."""
    for line in output.splitlines():
        if line.startswith(WRK_MARKER):
            data = json.loads(line[len(WRK_MARKER) :])
            break
    else:
        raise RuntimeError(f"wrk did not report its figures:\n{output}")
    kinds = {kind: data[kind] for kind in ("connect", "read", "write", "status", "timeout")}
    return LoadResult(
        driver="wrk",
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=sum(kinds.values()),
        error_kinds={kind: count for kind, count in kinds.items() if count},
    )


def run_wrk(base_url, paths, *, concurrency, duration):
    """Runs wrk against ``paths`` of ``base_url``."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "bench.lua"
        script.write_text(wrk_script(paths), encoding="utf-8")
        command = [
            "wrk",
            f"--threads={min(2, concurrency)}",
            f"--connections={concurrency}",
            f"--duration={duration}s",
            "--timeout=30s",
            f"--script={script}",
            base_url,
        ]
        completed = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse_wrk_output(completed.stdout)


def _client(host, port, paths, offset, deadline, latencies, errors):
    connection = None
    position = offset
    while time.perf_counter() < deadline:
        path = paths[position % len(paths)]
        position += 1
        try:
            if connection is None:
                connection = HTTPConnection(host, port, timeout=30)
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            latencies.append(time.perf_counter() - started)
            if response.status >= 400:
                errors["status"] += 1
            if response.will_close:
                connection.close()
                connection = None
        except TimeoutError:
            errors["timeout"] += 1
            connection = None
        except (OSError, HTTPException):
            errors["connect"] += 1
            connection = None


def run_python(base_url, paths, *, concurrency, duration):
    """The same measure with one thread per client and keep-alive connections (http.client).
    Slower than wrk: near the floor it measures the client as much as the server."""
    host, _, port = base_url.removeprefix("http://").rstrip("/").partition(":")
    latencies, errors = [], Counter()
    started = time.perf_counter()
    deadline = started + duration
    threads = [
        threading.Thread(
            target=_client,
            args=(host, int(port or 80), paths, number, deadline, latencies, errors),
        )
        for number in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return LoadResult(
        driver="python",
        requests=len(latencies),
        seconds=elapsed,
        p50_ms=percentile(ordered, 50) * 1000,
        p95_ms=percentile(ordered, 95) * 1000,
        p99_ms=percentile(ordered, 99) * 1000,
        errors=sum(errors.values()),
        error_kinds=dict(errors),
    )


def run(base_url, paths, *, concurrency, duration, driver="auto"):
    """Measures ``paths`` with wrk when available (or asked), else with the Python driver."""
    if driver == "wrk" or (driver == "auto" and wrk_available()):
        return run_wrk(base_url, paths, concurrency=concurrency, duration=duration)
    return run_python(base_url, paths, concurrency=concurrency, duration=duration)
