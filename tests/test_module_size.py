"""No Python module of the project over MAX_LINES lines (issue 13, « One place per concept »):
a module that grows past it is split by concern (docs/architecture.md). Migrations are generated
and left out; the few data modules allowed to be longer are listed with their reason."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["cms", "fiches", "home", "bench"]
MAX_LINES = 400

#: Modules allowed over the limit, each with its reason. Remove a line as soon as its module is
#: back under the limit (the last test fails until you do).
ALLOWED = {
    "fiches/discovery/map_data.py": "generated data: the SVG outlines of the 18 regions",
    "fiches/reference_data.py": (
        "reference data tables (INSEE regions and departments, the 45 CPV divisions) that the "
        "data migrations 0002 and 0006 import from this module by name"
    ),
    "home/demo/data.py": "the demo content of seed_demo (French texts and figures)",
}


def module_lengths(root, packages):
    """The line count of every Python module under ``packages`` of ``root``, by path relative
    to ``root``, migrations left out."""
    lengths = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            if "migrations" in relative.parts:
                continue
            lengths[relative.as_posix()] = len(path.read_text(encoding="utf-8").splitlines())
    return lengths


def oversized(lengths, *, limit=MAX_LINES, allowed=()):
    return {path: count for path, count in lengths.items() if count > limit and path not in allowed}


def test_no_module_over_the_limit():
    too_long = oversized(module_lengths(ROOT, PACKAGES), allowed=ALLOWED)
    assert not too_long, (
        f"Modules over {MAX_LINES} lines: split them by concern (docs/architecture.md): "
        + ", ".join(f"{path} ({count})" for path, count in sorted(too_long.items()))
    )


def test_the_check_sees_a_long_module_and_skips_migrations(tmp_path):
    (tmp_path / "app" / "migrations").mkdir(parents=True)
    (tmp_path / "app" / "short.py").write_text("x = 1\n" * MAX_LINES)
    (tmp_path / "app" / "long.py").write_text("x = 1\n" * (MAX_LINES + 1))
    (tmp_path / "app" / "migrations" / "0001_initial.py").write_text("x = 1\n" * 1000)
    lengths = module_lengths(tmp_path, ["app"])
    assert lengths["app/short.py"] == MAX_LINES
    assert "app/migrations/0001_initial.py" not in lengths
    assert oversized(lengths) == {"app/long.py": MAX_LINES + 1}
    assert oversized(lengths, allowed={"app/long.py": "data"}) == {}


@pytest.mark.parametrize("path", sorted(ALLOWED))
def test_every_allowed_module_is_still_over_the_limit(path):
    lengths = module_lengths(ROOT, PACKAGES)
    assert path in lengths, f"{path} no longer exists: remove it from ALLOWED"
    assert lengths[path] > MAX_LINES, (
        f"{path} is back under {MAX_LINES} lines: remove it from ALLOWED"
    )
