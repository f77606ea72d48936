"""The public, read-only API (Wagtail API v2 at ``/api/v2/``): endpoints in ``views``, query
parameters in ``filters``, payload shapes in ``fields``, the OpenAPI document in ``openapi``."""
