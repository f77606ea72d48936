"""The test suite: fast hashing, in-memory e-mail and media in a temporary folder."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105 - tests only
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="fiches-rex-test-media-")
# Each test gets its own folder (tests/conftest.py).
EXPORTS_ROOT = tempfile.mkdtemp(prefix="fiches-rex-test-exports-")
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files come from the apps' folders: no collectstatic before the tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# client.login() authenticates without a request, which django-axes refuses: the login
# throttling tests (tests/cms/test_security.py) turn it back on.
AXES_ENABLED = False
# The configured search backend, indexing lazily inside a test (tests/search_index.py): most
# tests never search, and indexing is half the cost of building a fiche.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        **WAGTAILSEARCH_BACKENDS["default"],  # noqa: F405
        "BACKEND": "tests.search_index",
        "INDEXED_BY": WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],  # noqa: F405
    }
}
