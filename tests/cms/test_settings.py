"""Settings: production refuses to start without its secrets; the base reads DATABASE_URL.

Each check imports the settings in a fresh interpreter with a controlled environment, so that
neither the test settings nor the developer's environment leak in."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def run_python(code, **env):
    """Runs ``code`` from the repository root with only ``env`` (and PATH) in the environment."""
    clean_env = {"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1", **env}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "fiches.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "s3cret", "ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "s3cret"}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "", "ALLOWED_HOSTS": "fiches.example.org"}, "SECRET_KEY"),
    ],
)
def test_production_refuses_to_start_without_its_secrets(env, missing):
    result = run_python("import cms.settings.production", **env)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert f"{missing} must be set" in result.stderr


def test_production_starts_with_both_set():
    result = run_python(
        "import cms.settings.production as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)",
        SECRET_KEY="s3cret",
        ALLOWED_HOSTS="fiches.example.org, www.fiches.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False ['fiches.example.org', 'www.fiches.example.org'] True True"
    )


def test_base_settings_speak_french_in_paris():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.USE_I18N
    assert settings.USE_TZ
    assert [code for code, _name in settings.LANGUAGES] == ["fr", "en"]


def test_database_url_selects_postgresql():
    result = run_python(
        "import cms.settings.base as s; d = s.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'], d['USER'])",
        DATABASE_URL="postgres://fiches:pw@db.example.org:5433/fiches_rex",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "fiches_rex",
        "db.example.org",
        "5433",
        "fiches",
    ]


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"DB_PARALLEL_WORKERS": "0"}, "-c max_parallel_workers_per_gather=0"),
        ({"DB_JOIN_COLLAPSE_LIMIT": "3"}, "-c join_collapse_limit=3"),
        (
            {"DB_PARALLEL_WORKERS": "0", "DB_JOIN_COLLAPSE_LIMIT": "3"},
            "-c max_parallel_workers_per_gather=0 -c join_collapse_limit=3",
        ),
        ({"DB_PARALLEL_WORKERS": "", "DB_JOIN_COLLAPSE_LIMIT": ""}, "None"),
    ],
)
def test_planner_settings_are_connection_options_when_set(environment, expected):
    result = run_python(
        "import cms.settings.base as s; print(s.DATABASES['default'].get('OPTIONS', {})"
        ".get('options'))",
        DATABASE_URL="postgres://fiches:pw@db.example.org:5433/fiches_rex",
        **environment,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_planner_settings_are_not_given_to_sqlite():
    result = run_python(
        "import cms.settings.base as s; print(s.DATABASES['default'].get('OPTIONS'))",
        DB_PARALLEL_WORKERS="0",
        DB_JOIN_COLLAPSE_LIMIT="3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"


def test_sqlite_file_when_database_url_is_unset():
    result = run_python(
        "import cms.settings.base as s; d = s.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    )
    assert result.returncode == 0, result.stderr
    engine, name = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == REPO_ROOT / "db.sqlite3"


CACHE_SETTINGS = (
    "import cms.settings.production as s; "
    "print(s.PAGE_CACHE_SECONDS, s.FRAGMENT_CACHE_SECONDS, s.CACHES['default']['BACKEND'])"
)


def test_production_without_a_shared_cache_caches_no_page_nor_fragment():
    """Each process's own memory would keep serving a fiche unpublished or made private in
    another process: without REDIS_URL, neither pages nor fragments are cached."""
    result = run_python(CACHE_SETTINGS, SECRET_KEY="s3cret", ALLOWED_HOSTS="fiches.example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "0",
        "0",
        "django.core.cache.backends.locmem.LocMemCache",
    ]


def test_production_with_redis_caches_pages_and_fragments():
    result = run_python(
        CACHE_SETTINGS,
        SECRET_KEY="s3cret",
        ALLOWED_HOSTS="fiches.example.org",
        REDIS_URL="redis://127.0.0.1:6390/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["600", "3600", "cms.cache.backend.RedisCache"]
