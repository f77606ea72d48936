"""The related fiches kept per fiche (``RelatedFiche`` rows), computed when content is published.

The score is the one of ``selectors.related_fiches`` (which previews still compute live): what
a fiche shares with another, weighted by ``RELATED_WEIGHTS``, ties to the most recent. It is
symmetric, so when a fiche changes, the only lists that can change are its own, those that
hold it and those of the fiches that share something with it.

``Scores`` holds the features of every publicly visible fiche of a locale as bit sets (bit
``i`` is the ``i``-th fiche from the oldest): scoring one fiche against all the others is a
dozen operations on integers of N bits, so the whole table is built in seconds at 10,000
fiches (``refresh_all``) and one publication rewrites only the lists it changes (``refresh``).

``refresh`` runs in the task ``fiches.discovery.tasks.refresh_related_fiches``, enqueued by the
signals of ``connect`` (publication, unpublication, move, deletion of a fiche); a view
restriction added or removed, or a section moved, changes whether every fiche under it is
public: then the lists of the locales concerned are computed again (``refresh_all``, in the
task ``refresh_all_related_fiches``; seconds at 10,000 fiches). The fiche page
reads the stored list with the visibility rule applied (``selectors.stored_related_fiches``),
so a fiche that stops being public leaves every list at once, before the task runs.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.transactions import on_commit_once
from fiches.discovery.selectors import RELATED_WEIGHTS
from fiches.models import FicheAdditionalCPV, FichePage, RelatedFiche
from fiches.selectors import LEVER_FIELDS, visible_fiches

#: Fiches in each « Fiches similaires » list.
LIMIT = 4


class Scores:
    """The scoring features of every publicly visible fiche of one locale, as bit sets."""

    def __init__(self, locale_id):
        fiches = list(
            visible_fiches()
            .filter(locale_id=locale_id)
            .order_by("first_published_at", "pk")
            .values_list("pk", "region_id", "main_cpv__division", *LEVER_FIELDS.values())
        )
        self.pks = [row[0] for row in fiches]
        self.index = {pk: i for i, pk in enumerate(self.pks)}
        self.features = defaultdict(set)  # fiche pk -> its features
        self.sets = defaultdict(int)  # feature -> bit set of the fiches that have it
        for pk, region_id, division, *levers in fiches:
            if region_id:
                self._add(pk, ("region", region_id))
            if division:
                self._add(pk, ("cpv", division))
            for field, flag in zip(LEVER_FIELDS.values(), levers, strict=True):
                if flag:
                    self._add(pk, ("lever", field))
        additional = FicheAdditionalCPV.objects.filter(fiche_id__in=self.index).values_list(
            "fiche_id", "cpv__division"
        )
        themes = FichePage.themes.through.objects.filter(fichepage_id__in=self.index)
        for pk, division in additional:
            self._add(pk, ("cpv", division))
        for pk, theme_id in themes.values_list("fichepage_id", "theme_id"):
            self._add(pk, ("theme", theme_id))

    def _add(self, pk, feature):
        if feature not in self.features[pk]:
            self.features[pk].add(feature)
            self.sets[feature] |= 1 << self.index[pk]

    def _counter(self, pk):
        """The scores of every fiche against ``pk``, as a bit-sliced counter (``slices[j]`` is
        the set of fiches whose score has bit ``j``)."""
        slices = []
        features = self.features.get(pk, ())
        cpv = 0
        for kind, value in features:
            if kind == "cpv":
                cpv |= self.sets[(kind, value)]
            else:
                _add_weighted(slices, self.sets[(kind, value)], RELATED_WEIGHTS[kind])
        _add_weighted(slices, cpv, RELATED_WEIGHTS["cpv"])
        return slices

    def related(self, pk, limit=LIMIT):
        """``[(related pk, score), ...]``: the ``limit`` best fiches for ``pk``, best first."""
        if pk not in self.index:
            return []
        slices = self._counter(pk)
        remaining = 0
        for bits in slices:
            remaining |= bits
        remaining &= ~(1 << self.index[pk])
        best = []
        while remaining and len(best) < limit:
            top = remaining
            for bits in reversed(slices):
                if top & bits:
                    top &= bits
            while top and len(best) < limit:
                i = top.bit_length() - 1
                best.append((self.pks[i], _score_of(slices, i)))
                top &= ~(1 << i)
                remaining &= ~(1 << i)
        return best

    def sharing(self, pk):
        """``{pk of a fiche that shares something with pk: its score}``."""
        slices = self._counter(pk)
        counter = 0
        for bits in slices:
            counter |= bits
        counter &= ~(1 << self.index[pk])
        return {self.pks[i]: _score_of(slices, i) for i in _bits(counter)}

    def key(self, pk, score):
        """The order of the lists: the best score first, then the most recent."""
        return (score, self.index.get(pk, -1))


def _add_weighted(slices, bits, weight):
    position = 0
    while weight:
        if weight & 1:
            carry, j = bits, position
            while carry:
                while j >= len(slices):
                    slices.append(0)
                slices[j], carry = slices[j] ^ carry, slices[j] & carry
                j += 1
        weight >>= 1
        position += 1


def _score_of(slices, i):
    return sum(((bits >> i) & 1) << j for j, bits in enumerate(slices))


def _bits(value):
    while value:
        low = value & -value
        yield low.bit_length() - 1
        value ^= low


# ---------- Writes ----------


def _write(lists):
    """Replaces the stored list of each fiche of ``lists`` (``{pk: [(related pk, score)]}``)
    when it differs; returns the number of lists rewritten."""
    if not lists:
        return 0
    stored = defaultdict(list)
    rows = RelatedFiche.objects.filter(fiche_id__in=list(lists)).order_by("fiche_id", "rank")
    for fiche_id, related_id, score in rows.values_list("fiche_id", "related_id", "score"):
        stored[fiche_id].append((related_id, score))
    changed = [pk for pk, items in lists.items() if stored.get(pk, []) != list(items)]
    if changed:
        with transaction.atomic():
            RelatedFiche.objects.filter(fiche_id__in=changed).delete()
            RelatedFiche.objects.bulk_create(
                RelatedFiche(fiche_id=pk, related_id=related, score=score, rank=rank)
                for pk in changed
                for rank, (related, score) in enumerate(lists[pk])
            )
    return len(changed)


def refresh(fiche_id, recompute=()):
    """Brings the stored lists up to date after a change to fiche ``fiche_id`` (published,
    unpublished, moved or deleted): its own list, those that hold it, those of the fiches
    that share something with it, and those of ``recompute`` (the lists that held a deleted
    fiche). Returns the number of lists rewritten.

    Only the lists that can change are computed again: those that hold the fiche (it may
    have left them or fallen behind a fiche they did not show), and those of the fiches that
    share something with it where it now ranks above their last entry (or that show fewer
    than ``LIMIT``).

    Cost (docs/discovery.md): 9 queries and 60–75 ms at 1,000 fiches; at 10,000, about
    0.6–0.8 s (estimated), mostly ``Scores`` (three narrow queries over the locale's visible
    fiches) and the last entries of the lists of the fiches sharing something with it."""
    row = FichePage.objects.filter(pk=fiche_id).values_list("locale_id", flat=True).first()
    holders = set(
        RelatedFiche.objects.filter(related_id=fiche_id).values_list("fiche_id", flat=True)
    )
    holders |= set(recompute)
    locales = set(
        FichePage.objects.filter(pk__in=holders).values_list("locale_id", flat=True).distinct()
    )
    if row is not None:
        locales.add(row)
    lists = {}
    for locale_id in locales:
        scores = Scores(locale_id)
        pks = set(holders)
        if fiche_id in scores.index:
            pks |= {fiche_id, *_entered(scores, fiche_id)}
        for pk in pks:
            if pk in scores.index:
                lists[pk] = scores.related(pk)
    for pk in holders | {fiche_id}:
        lists.setdefault(pk, [])  # deleted or no longer public: no list
    return _write(_existing(lists))


def _entered(scores, fiche_id, chunk=2000):
    """The fiches sharing something with ``fiche_id`` whose stored list it now enters."""
    sharing = scores.sharing(fiche_id)
    last = {}
    count = defaultdict(int)
    pks = list(sharing)
    for start in range(0, len(pks), chunk):
        rows = RelatedFiche.objects.filter(fiche_id__in=pks[start : start + chunk])
        for pk, related_id, score, rank in rows.values_list(
            "fiche_id", "related_id", "score", "rank"
        ):
            count[pk] += 1
            if rank >= last.get(pk, (-1,))[0]:
                last[pk] = (rank, related_id, score)
    entered = []
    for pk, score in sharing.items():
        if count[pk] < LIMIT or pk not in last:
            entered.append(pk)
            continue
        _rank, related_id, related_score = last[pk]
        if scores.key(fiche_id, score) > scores.key(related_id, related_score):
            entered.append(pk)
    return entered


def _existing(lists):
    """``lists`` without the fiches that no longer exist (deleted since)."""
    alive = set(FichePage.objects.filter(pk__in=list(lists)).values_list("pk", flat=True))
    return {pk: items for pk, items in lists.items() if pk in alive}


def refresh_all(*, locale_ids=None):
    """Computes every stored list again (``manage.py refresh_related_fiches``, the bench seed):
    the lists of the publicly visible fiches, and none for the others. Returns the number of
    lists rewritten."""
    if locale_ids is None:
        locale_ids = FichePage.objects.values_list("locale_id", flat=True).distinct()
    lists = {}
    for locale_id in set(locale_ids):
        scores = Scores(locale_id)
        for pk in scores.pks:
            lists[pk] = scores.related(pk)
    hidden = RelatedFiche.objects.filter(fiche__locale_id__in=set(locale_ids)).exclude(
        fiche_id__in=list(lists)
    )
    count = hidden.values("fiche_id").distinct().count()
    hidden.delete()
    return count + _write(lists)


# ---------- When to refresh ----------


def schedule(fiche_id, recompute=()):
    """Enqueues the refresh of ``fiche_id``'s lists (run at once with the immediate backend;
    with the database backend the worker runs it once the transaction commits)."""
    from fiches.discovery.tasks import refresh_related_fiches

    refresh_related_fiches.enqueue(fiche_id, sorted(recompute))


def schedule_all(locale_ids):
    """Enqueues the computation of every list of ``locale_ids`` again (``refresh_all``)."""
    from fiches.discovery.tasks import refresh_all_related_fiches

    refresh_all_related_fiches.enqueue(sorted(set(locale_ids)))


def _section_changed(path):
    """Every fiche under the page at ``path`` (itself included) may have become public or
    hidden: one fiche is refreshed alone, more than one recompute their locales' lists."""
    fiches = list(FichePage.objects.filter(path__startswith=path).values_list("pk", "locale_id"))
    if len(fiches) == 1:
        schedule(fiches[0][0])
    elif fiches:
        schedule_all(locale_id for _pk, locale_id in fiches)


def _changed(sender, instance, alias=False, **kwargs):
    if issubclass(sender, FichePage) and not alias:
        schedule(instance.pk)


def _moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    if issubclass(sender, FichePage):
        schedule(instance.pk)
    elif getattr(parent_page_before, "pk", None) != getattr(parent_page_after, "pk", None):
        _section_changed(instance.path)  # a reorder among siblings changes no visibility


def _restriction_changed(sender, instance, **kwargs):
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    if path:  # a restriction deleted with its page: the page's deletion refreshes the lists
        _section_changed(path)


def _unpublished(sender, instance, **kwargs):
    # Wagtail unpublishes a page it deletes without saving it (pre_delete): its row is still
    # live then, and the deletion recomputes the lists once it commits (``_deleting``).
    if not issubclass(sender, FichePage):
        return
    if not sender.objects.filter(pk=instance.pk, live=True).exists():
        schedule(instance.pk)


def _deleting(sender, instance, **kwargs):
    # The rows that name the fiche go with it (CASCADE): the lists that held it are computed
    # again once the deletion commits, in one task for every fiche the transaction deletes (a
    # catalogue deleted with its fiches).
    holders = frozenset(
        RelatedFiche.objects.filter(related_id=instance.pk).values_list("fiche_id", flat=True)
    )
    if holders:
        on_commit_once(_after_deletion, (instance.pk, holders))


def _after_deletion(deletions):
    """``deletions``: ``(deleted pk, pks of the lists that held it)`` of each deleted fiche."""
    deleted = {pk for pk, _holders in deletions}
    holders = set().union(*(holders for _pk, holders in deletions))
    schedule(min(deleted), holders - deleted)


def connect():
    page_published.connect(_changed, dispatch_uid="related_published")
    page_unpublished.connect(_unpublished, dispatch_uid="related_unpublished")
    post_page_move.connect(_moved, dispatch_uid="related_moved")
    pre_delete.connect(_deleting, sender=FichePage, dispatch_uid="related_deleting")
    post_save.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="related_restricted"
    )
    post_delete.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="related_unrestricted"
    )
