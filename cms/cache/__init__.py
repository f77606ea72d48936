"""The one cache layer: keys (release digest and content version inside), the registry of every
cache, the page and fragment caches and a backend whose failures are misses (docs/caching.md)."""
