"""The install sets (pyproject.toml, requirements/): the site runs without the demo, test and
browser packages, and `make run`'s lock holds none of them."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "requirements"
# Distributions that only the tests, the lint and the browser tests need.
TEST_AND_BROWSER = {
    "pytest",
    "pytest-django",
    "pytest-xdist",
    "playwright",
    "axe-playwright-python",
    "schemathesis",
    "hypothesis",
    "ruff",
    "import-linter",
}

# Imports these top-level packages fail: the demo, S3 and test extras are absent at run time.
BLOCKER = """
import importlib.abc, sys
BLOCKED = set(sys.argv[1].split(","))
class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"blocked: {name}", name=name)
        return None
sys.meta_path.insert(0, Blocker())
import os, django
os.environ["DJANGO_SETTINGS_MODULE"] = sys.argv[2]
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.urls import get_resolver
get_resolver().url_patterns  # imports every view module
call_command("check", verbosity=0)
sys.stdout.write("ok")
"""


def locked(name):
    """The distribution names pinned in requirements/NAME.txt (lowercase, `-` for `_`)."""
    text = (REQUIREMENTS / f"{name}.txt").read_text(encoding="utf-8")
    names = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==", text, re.M)
    return {re.sub(r"[-_.]+", "-", n).lower() for n in names}


@pytest.mark.parametrize(
    ("settings_module", "env"),
    [
        ("cms.settings.dev", {}),
        (
            "cms.settings.production",
            {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org", "DATABASE_URL": ""},
        ),
    ],
)
def test_the_site_runs_without_the_demo_test_and_s3_packages(settings_module, env, tmp_path):
    """URLs, views and system checks import neither factory-boy, Faker, django-storages, boto3
    nor any test tool: `make run` and production installs can leave them out."""
    blocked = "factory,faker,storages,boto3,botocore,pytest,pytest_django,schemathesis,hypothesis"
    blocked += ",playwright,axe_playwright_python,ruff,importlinter,pypdf,jsonschema"
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **env}
    if not environment.get("DATABASE_URL"):
        environment["DATABASE_URL"] = f"sqlite:///{tmp_path}/db.sqlite3"
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER, blocked, settings_module],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")


def test_the_run_lock_holds_no_test_or_browser_package():
    """`make run` installs requirements/run.txt: the site and the demo, nothing for the tests."""
    run = locked("run")
    assert {"django", "wagtail", "factory-boy", "faker"} <= run
    assert not run & TEST_AND_BROWSER
    assert not run & {"django-storages", "boto3", "drf-spectacular-sidecar"}


def test_each_lock_holds_its_extras_and_pins_every_package_with_hashes():
    production = locked("production")
    assert {"django", "wagtail", "django-storages", "boto3"} <= production
    assert not production & (TEST_AND_BROWSER | {"factory-boy", "faker"})
    test = locked("test")
    assert {"pytest", "pytest-django", "pytest-xdist", "ruff", "schemathesis"} <= test
    assert locked("run") <= test
    assert not test & {"playwright", "axe-playwright-python"}
    assert locked("test") | {"playwright", "axe-playwright-python"} <= locked("e2e")
    for name in ("run", "test", "e2e", "production"):
        text = (REQUIREMENTS / f"{name}.txt").read_text(encoding="utf-8")
        pins = re.findall(r"^\S+==\S+", text, re.M)
        assert pins and text.count("--hash=sha256:") >= len(pins), name


def test_ruff_is_pinned_to_the_version_the_lock_installs():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = [d for d in project["optional-dependencies"]["dev"] if d.startswith("ruff")]
    assert len(pins) == 1 and re.fullmatch(r"ruff==[\d.]+", pins[0]), pins
    lock = (REQUIREMENTS / "test.txt").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(pins[0])}\b", lock, re.M)


def test_the_project_metadata_accepts_the_pythons_ci_runs():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11,<3.15"
    assert json.dumps(project["dependencies"]).count("drf-spectacular-sidecar") == 0
