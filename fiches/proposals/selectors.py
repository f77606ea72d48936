"""The reads of the proposals, for the moderators only (no public door reads ``Proposal``)."""

from django.db.models import Prefetch
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from fiches.models import Proposal


def awaiting_proposals():
    """The proposals whose fiche has never been published, oldest first, with their fiche and
    files; three queries whatever their number."""
    return (
        Proposal.objects.filter(fiche__isnull=False, fiche__live=False)
        .select_related("fiche")
        .prefetch_related(
            Prefetch("images", queryset=get_image_model().objects.order_by("pk")),
            Prefetch("documents", queryset=get_document_model().objects.order_by("pk")),
        )
        .order_by("submitted_at", "pk")
    )
