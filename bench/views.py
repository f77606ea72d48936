"""The framework floor: a view that only answers, through the whole middleware stack.

Mounted at ``/bench/floor/`` by ``cms/urls.py`` when ``settings.BENCH_FLOOR_VIEW`` is on
(``BENCH=1``), which only the benchmark harness sets.
"""

from django.http import HttpResponse


def floor(request):
    """A fixed answer: what a request costs before any page, query or template."""
    return HttpResponse(b"ok", content_type="text/plain")
