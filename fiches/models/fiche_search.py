"""What the search index holds of a fiche: its fields and its accent-free text."""

from django.utils.html import strip_tags
from wagtail.models import Page
from wagtail.search import index

from fiches import stemming
from fiches.text import fold_accents

from .actors import ACTOR_KINDS

SEARCH_FIELDS = [
    *Page.search_fields,
    index.SearchField("chapo"),
    index.SearchField("body"),
    index.SearchField("success_factors"),
    index.SearchField("difficulties"),
    index.SearchField("advice"),
    index.SearchField("commune"),
    index.AutocompleteField("chapo"),
    index.FilterField("region"),
    index.FilterField("nature"),
    index.FilterField("procedure"),
    index.SearchField("folded_text"),
]


def folded_text(fiche):
    """The searchable text without accents, so that « cooperative » finds « coopérative »:
    title, chapô, body, added value and lessons, and what a visitor searches a contract by
    besides its story: the names of its actors (with their presentation in this contract),
    its CPV codes and labels, its themes and its place.

    Reads the stakeholder and CPV rows from memory when the page comes from a revision
    (publishing), from their prefetched cache (``fiches.discovery.indexing.reindex_fiches``) or from
    the database."""
    parts = [fiche.title, fiche.chapo, fiche.commune]
    parts += fiche.body.stream_block.get_searchable_content(fiche.body)
    parts += [
        strip_tags(text)
        for text in (
            fiche.added_value_buyer,
            fiche.added_value_ess,
            fiche.added_value_territory,
            fiche.success_factors,
            fiche.difficulties,
            fiche.advice,
        )
    ]
    for kind in ACTOR_KINDS:
        for link in getattr(fiche, kind.relation).all():
            if link.actor.live:
                parts += [link.actor.name, link.presentation]
    if fiche.public_author:
        parts.append(fiche.public_author.name)
    codes = [link.cpv for link in fiche.additional_cpvs.all()]
    if fiche.main_cpv_id:
        codes.insert(0, fiche.main_cpv)
    parts += [f"{code.code} {code.label_fr} {code.label_en}" for code in codes]
    parts += [theme.name for theme in fiche.themes.all()]
    if fiche.region_id:
        parts.append(fiche.region.name)
    parts += [department.name for department in fiche.departments.all()]
    return stemming.with_stems(fold_accents(" ".join(part for part in parts if part)))
