"""Generated DECP files for the tests of the DECP import, validated against the official
schema (``../shared/data/decp``) before they are read."""

import io
import json

import pytest
from jsonschema import Draft7Validator

from fiches.opendata.decp_import import generate
from tests.helpers import SHARED_DATA

DECP = SHARED_DATA / "decp"
SCHEMA = DECP / "schema_decp_v2.0.3.json"
EXAMPLES = sorted((DECP / "exemples").glob("*.json"))


@pytest.fixture(scope="session")
def decp_validator():
    if not SCHEMA.exists():
        pytest.skip("../shared/data/decp is absent")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


@pytest.fixture
def decp_file(decp_validator, tmp_path):
    """``decp_file(marches, concessions)``: the path of a generated file, checked against the
    schema (``valid=False`` for a file that breaks it on purpose)."""
    counter = iter(range(1000))

    def build(marches=(), concessions=(), *, valid=True):
        text = io.StringIO()
        generate.write(text, marches, concessions)
        if valid:
            errors = list(decp_validator.iter_errors(json.loads(text.getvalue())))
            assert not errors, [error.message for error in errors[:3]]
        path = tmp_path / f"decp-{next(counter)}.json"
        path.write_text(text.getvalue(), encoding="utf-8")
        return path

    return build


def run_import(path, **kwargs):
    from fiches.opendata.decp_import import services

    with open(path, "rb") as stream:
        return services.import_decp(stream, **kwargs)


@pytest.fixture
def import_file():
    return run_import
