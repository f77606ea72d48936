"""Every cache name used in the code and the templates is registered (cms.cache.registry) and
documented (docs/caching.md), and nothing registered is left unused."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import engines

from cms.cache import registry

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ("cms", "fiches", "home")
#: A call naming its cache with a string literal: ``get_or_set("name", …)``, ``make_key("name"…``.
NAMED_CALL = re.compile(r"\b(?:get_or_set|make_key)\(\s*\"([a-z0-9-]+)\"")
ANY_CALL = re.compile(r"(?<!def )\b(?:get_or_set|make_key)\(")
TEMPLATE_FRAGMENT = re.compile(r"{%\s*fragment\s+\"([a-z0-9-]+)\"")
ANY_TEMPLATE_FRAGMENT = re.compile(r"{%\s*fragment\b")
#: The calls that pass on a name given to them: ``get_or_set`` itself, and the ``{% fragment %}``
#: tag (its names are the templates', read below; make_key refuses a name not registered).
FORWARDING_CALLS = {
    ("cms/cache/fragments.py", "name"),
    ("fiches/templatetags/fiche_tags.py", "self.name.resolve(context)"),
}


def python_files():
    for folder in SOURCES:
        yield from sorted((ROOT / folder).rglob("*.py"))


def template_files():
    for folder in ("templates", "fiches", "home"):
        yield from sorted((ROOT / folder).rglob("*.html"))


def names_in_code():
    names = set()
    for path in python_files():
        text = path.read_text()
        names.update(NAMED_CALL.findall(text))
        for match in ANY_CALL.finditer(text):
            call = text[match.start() : match.start() + 200]
            if NAMED_CALL.match(call):
                continue
            relative = str(path.relative_to(ROOT))
            argument = call[match.end() - match.start() :].strip().split(",")[0].strip()
            assert (relative, argument) in FORWARDING_CALLS, (
                f"{relative}: a cache name must be a string literal, got {argument!r}"
            )
    return names


def names_in_templates():
    names = set()
    for path in template_files():
        text = path.read_text()
        found = TEMPLATE_FRAGMENT.findall(text)
        assert len(found) == len(ANY_TEMPLATE_FRAGMENT.findall(text)), (
            f"{path}: a fragment name must be a string literal"
        )
        names.update(found)
    return names


def test_the_scan_finds_the_fragments_it_should():
    # A scan that found nothing would pass every check below.
    assert {"region-figures", "route", "api-fiche", "fiche-pdf"} <= names_in_code()
    assert {"fiche-article", "site-footer", "catalogue-results"} <= names_in_templates()


def test_every_cache_name_used_is_registered():
    used = names_in_code() | names_in_templates()
    assert used - set(registry.BY_NAME) == set()


def test_nothing_registered_is_unused():
    used = names_in_code() | names_in_templates()
    assert set(registry.BY_NAME) - used == set()


def test_every_registered_cache_is_documented():
    docs = (ROOT / "docs" / "caching.md").read_text()
    undocumented = [name for name in registry.BY_NAME if f"`{name}`" not in docs]
    assert undocumented == []


def test_names_are_registered_once():
    assert len(registry.BY_NAME) == len(registry.CACHES)


def test_an_unregistered_fragment_is_refused_even_with_caching_off(rf, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    template = engines["django"].from_string(
        '{% load fiche_tags %}{% fragment "not-registered" %}x{% endfragment %}'
    )
    with pytest.raises(ImproperlyConfigured, match="not-registered"):
        template.render({}, rf.get("/"))
