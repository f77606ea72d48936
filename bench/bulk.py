"""Writing the bench's built objects in bulk, as ``loaddata`` writes them: a batch of fiches as
published pages (the page and fiche rows, their child rows, revisions, search index) and the
reference index rows of new objects, without the per-object queries of Wagtail's own writes."""

import uuid

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backend

from fiches.models import FichePage


def reference_rows(obj):
    """The reference index rows of a new object, as ``ReferenceIndex.create_or_update_for_object``
    writes them, without its queries (it first reads the object's existing rows)."""
    content_types = [
        ContentType.objects.get_for_model(model_or_object, for_concrete_model=False)
        for model_or_object in [obj, *obj._meta.get_parent_list()]
    ]
    return [
        ReferenceIndex(
            content_type=content_types[0],
            base_content_type=content_types[-1],
            object_id=obj.pk,
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(obj)
        )
    ]


def write_fiches(fiches, *, index, first_step, published_at, content_types):
    """Writes one batch of built fiches below ``index`` as published pages."""
    page_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    for offset, fiche in enumerate(fiches):
        fiche.depth = index.depth + 1
        fiche.path = FichePage._get_path(index.path, fiche.depth, first_step + offset)
        fiche.numchild = 0
        fiche.url_path = f"{index.url_path}{fiche.slug}/"
        fiche.draft_title = fiche.title
        fiche.locale_id = index.locale_id
        fiche.translation_key = uuid.uuid4()
        fiche.content_type_id = content_types["fiche"]
        fiche.live = True
        fiche.has_unpublished_changes = False
        fiche.first_published_at = fiche.last_published_at = published_at(first_step + offset)
        fiche.latest_revision_created_at = fiche.first_published_at
    pages = Page.objects.bulk_create(
        [
            Page(**{field.attname: getattr(fiche, field.attname) for field in page_fields})
            for fiche in fiches
        ]
    )
    for fiche, page in zip(fiches, pages, strict=True):
        fiche.id = fiche.page_ptr_id = page.id
        # The parent row exists: save only the FichePage row, as loaddata does.
        fiche.save_base(raw=True, force_insert=True)

    children = {}
    for fiche in fiches:
        for relation in (
            "buyer_links",
            "supplier_links",
            "operator_links",
            "award_criteria",
            "impact_indicators",
            "additional_cpvs",
            "reserved_articles",
            "unnamed_members",
        ):
            for order, child in enumerate(getattr(fiche, relation).all()):
                child.sort_order = order
                child.fiche_id = fiche.pk
                children.setdefault(type(child), []).append(child)
        for relation in ("themes", "departments"):
            through = getattr(FichePage, relation).through
            target = through._meta.get_field(relation[:-1]).attname
            for item in getattr(fiche, relation).all():
                children.setdefault(through, []).append(
                    through(fichepage_id=fiche.pk, **{target: item.pk})
                )
    for model, rows in children.items():
        model.objects.bulk_create(rows)

    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type_id=content_types["fiche"],
                base_content_type_id=content_types["page"],
                object_id=str(fiche.pk),
                object_str=fiche.title,
                created_at=fiche.first_published_at,
                content=fiche.serializable_data(),
            )
            for fiche in fiches
        ]
    )
    for fiche, revision in zip(fiches, revisions, strict=True):
        fiche.latest_revision_id = fiche.live_revision_id = revision.pk
    Page.objects.bulk_update(fiches, ["latest_revision", "live_revision"])
    get_search_backend().add_bulk(FichePage, fiches)
    ReferenceIndex.objects.bulk_create(
        [row for fiche in fiches for row in reference_rows(fiche)], ignore_conflicts=True
    )
