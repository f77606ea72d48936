"""Where a fiche came from, for its edit page in the admin (the « Origine de la fiche » panel of
``fiches.editorial.panels``): the case proposed through the public form (``Proposal``, with the
proposer's private contact) and the DECP record it was started from or documents
(``DecpCandidate``). Never read by a public door."""

from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch, Q
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from fiches.models import DecpCandidate, FicheBuyer, Proposal


@dataclass(frozen=True)
class FicheOrigin:
    """``proposal``: the proposal of the fiche or of another version of it in its translation
    group (the proposal is attached to the original), with ``images`` and ``documents``
    prefetched; ``decp_candidate``: the DECP record it was started from (``decp_started``) or,
    failing that, the one it documents (same DECP id and a buyer with the record's SIRET, the
    rule of « À documenter »). ``None`` for what the fiche does not come from."""

    page_id: int | None = None
    proposal: Proposal | None = None
    decp_candidate: DecpCandidate | None = None
    decp_started: bool = False

    def __bool__(self):
        return self.proposal is not None or self.decp_candidate is not None

    @property
    def proposal_of_other_version(self):
        """The proposal is attached to another version of the fiche (its original)."""
        return self.proposal is not None and self.proposal.fiche_id != self.page_id


def fiche_origin(page):
    """The ``FicheOrigin`` of ``page`` (a fiche): four queries when it comes from a proposal
    (the proposal, its images, its documents, the DECP record), two otherwise, whatever the
    number of files; none for a fiche not saved yet."""
    if page.pk is None:
        return FicheOrigin()
    group = Page.objects.filter(translation_key=page.translation_key)
    proposal = (
        Proposal.objects.filter(fiche__in=group.values("pk"))
        .prefetch_related(
            Prefetch("images", queryset=get_image_model().objects.order_by("pk")),
            Prefetch("documents", queryset=get_document_model().objects.order_by("pk")),
        )
        .order_by(ExpressionWrapper(Q(fiche_id=page.pk), output_field=BooleanField()).desc(), "pk")
        .first()
    )
    started = Exists(group.filter(pk=OuterRef("fiche_id")))
    documented = Q(pk__in=[])
    if page.decp_id:
        documented = Q(
            decp_id=page.decp_id,
            buyer_siret__in=FicheBuyer.objects.filter(fiche_id=page.pk)
            .exclude(actor__siret="")
            .values("actor__siret"),
        )
    candidate = (
        DecpCandidate.objects.annotate(started=started)
        .filter(Q(started=True) | documented)
        .order_by("-started", "pk")
        .first()
    )
    return FicheOrigin(
        page_id=page.pk,
        proposal=proposal,
        decp_candidate=candidate,
        decp_started=bool(candidate and candidate.started),
    )
