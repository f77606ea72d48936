"""Writing a valid import: every fiche as a draft revision, in one transaction.

Saving a page with Wagtail indexes it for search and records its references (to actors,
themes, CPV codes) at each save of the page and of each of its rows, once more for its
revision: most of the time of an import went there. The write turns both off
(``indexing_deferred``): the search index is written once per fiche and new actor, in bulk, at
the end of the same transaction; the reference index is enqueued once per object, as Wagtail's
own task, when the transaction commits."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils.text import slugify
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from fiches import selectors
from fiches.choices import ESUSStatus
from fiches.models import (
    ACTOR_MODELS,
    AwardCriterion,
    ContractMilestone,
    ESSStructure,
    FicheAdditionalCPV,
    FichePage,
    FicheReservedArticle,
    GroupementMember,
    number_rows,
)
from fiches.opendata.columns import FIELD_COLUMNS
from fiches.opendata.importer.actors import ACTOR_KINDS
from fiches.opendata.importer.report import ImportAborted, RowError


@contextmanager
def indexing_deferred():
    """Saves inside the block neither index the fiches and actors for search nor record their
    references: the caller does it once at the end (``Writing._index``). The search signal is
    disconnected for the block (imports run one at a time in a worker or a request)."""
    models = [FichePage, *ACTOR_MODELS.values()]
    disconnected = [
        model for model in models if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in disconnected:
            post_save.connect(post_save_signal_handler, sender=model)


class Writing:
    """The writes of ``FicheImporter``."""

    def _write(self, plans, report, progress=None):
        try:
            with transaction.atomic(), indexing_deferred():
                created_actors = {}
                taken_slugs = set(
                    FichePage.objects.child_of(self.index).values_list("slug", flat=True)
                )
                for number, plan in enumerate(plans, 1):
                    try:
                        page = self._write_plan(plan, created_actors, taken_slugs)
                    except ValidationError as exc:
                        for name, messages in exc.message_dict.items():
                            report.errors.append(
                                RowError(plan.line, FIELD_COLUMNS.get(name, ""), " ".join(messages))
                            )
                        raise ImportAborted from exc
                    (report.updated if plan.existing else report.created).append(page)
                    if progress is not None:
                        progress("write", number, len(plans))
                self._index([*report.created, *report.updated], created_actors.values())
                report.actors_created = len(created_actors)
        except ImportAborted:
            report.created, report.updated = [], []
            report.actors_created = 0

    def _index(self, pages, actors):
        """The search index (in bulk) and the reference index (after the commit) of what the
        import wrote."""
        fiches = list(
            selectors.indexable_fiches(FichePage.objects.filter(pk__in=[p.pk for p in pages]))
        )
        by_model = {}
        for actor in actors:
            by_model.setdefault(type(actor), []).append(actor)
        for backend in get_search_backends(with_auto_update=True):
            if fiches:
                backend.add_bulk(FichePage, fiches)
            for model, objects in by_model.items():
                backend.add_bulk(model, objects)
        # The reference index (what uses which actor, theme, CPV code) is Wagtail's own task,
        # once per object after the commit (in the worker with the database backend).
        references = [
            (obj._meta.app_label, obj._meta.model_name, str(obj.pk)) for obj in [*fiches, *actors]
        ]

        def enqueue_references():
            for reference in references:
                update_reference_index_task.enqueue(*reference)

        transaction.on_commit(enqueue_references)

    def _actor_for(self, spec, created_actors):
        if spec.existing is not None:
            return spec.existing
        if spec.key in created_actors:
            return created_actors[spec.key]
        model = spec.kind.model
        base = slugify(spec.name)[:180] or spec.kind.prefix
        slug, number = base, 1
        while model.objects.filter(slug=slug, locale=self.locale).exists():
            number += 1
            slug = f"{base}-{number}"
        actor = model(
            name=spec.name,
            slug=slug,
            siret=spec.siret,
            commune=spec.commune,
            locale=self.locale,
            **{spec.kind.type_field: spec.actor_type},
        )
        if model is ESSStructure:
            actor.inclusion_status = spec.status or ""
            # An empty ``titulaire_esus``: the approval is not stated, never guessed.
            actor.esus = spec.esus or ESUSStatus.NOT_STATED
        actor.save()
        created_actors[spec.key] = actor
        return actor

    def _write_plan(self, plan, created_actors, taken_slugs):
        if plan.existing is not None:
            page = plan.existing.get_latest_revision_as_object()
        else:
            page = FichePage(locale=self.locale, live=False, owner=self.user)
            base = slugify(plan.values["title"])[:70] or "fiche"
            slug, number = base, 1
            while slug in taken_slugs:
                number += 1
                slug = f"{base}-{number}"
            taken_slugs.add(slug)
            page.slug = slug
        for name, value in plan.values.items():
            setattr(page, name, value)
        page.themes = plan.themes
        page.departments = plan.departments
        page.additional_cpvs = number_rows(
            FicheAdditionalCPV(cpv=cpv) for cpv in plan.additional_cpvs
        )
        page.award_criteria = number_rows(
            AwardCriterion(name=name, weight=weight) for name, weight in plan.criteria
        )
        page.reserved_articles = number_rows(
            FicheReservedArticle(article=article, lots=lots)
            for article, lots in plan.reserved_articles
        )
        page.unnamed_members = number_rows(
            GroupementMember(kind=kind, count=count, note=note)
            for kind, count, note in plan.unnamed_members
        )
        page.milestones = number_rows(
            ContractMilestone(kind=kind, date=day, note=note) for kind, day, note in plan.milestones
        )
        if plan.body or plan.existing is None:
            page.body = plan.body
        for kind in ACTOR_KINDS:
            links = []
            for spec in plan.actors:
                if spec.kind is not kind:
                    continue
                link = kind.link_model(actor=self._actor_for(spec, created_actors))
                if spec.role:
                    link.role = spec.role
                links.append(link)
            setattr(page, kind.relation, number_rows(links))
        in_memory = self._rows_in_memory(page, fresh=plan.existing is None)
        if plan.existing is None:
            self.index.add_child(instance=page)
        elif not page.live:
            # A draft that was never published keeps its content on the page row too.
            page.save()
        else:
            page.full_clean()
        # Saving sent the rows to the database and forgot them: the revision would read each
        # relation back (a query per relation and fiche). They are what was just written.
        for name, rows in in_memory.items():
            setattr(page, name, rows)
        page.save_revision(user=self.user, clean=False)
        return page

    @staticmethod
    def _rows_in_memory(page, *, fresh):
        """The page's child rows and many-to-many values held in memory (those the import set;
        every relation of a new page, whose other relations are empty)."""
        rows = {}
        cluster = getattr(page, "_cluster_related_objects", {})
        for relation in get_all_child_relations(page):
            name = relation.get_accessor_name()
            if name in cluster:
                rows[name] = list(cluster[name])
            elif fresh:
                rows[name] = []
        for field in get_all_child_m2m_relations(page):
            if field.name in cluster:
                rows[field.name] = list(cluster[field.name])
        return rows
