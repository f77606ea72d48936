"""Public views that are not Wagtail pages: the actor pages."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from wagtail.models import Locale

from fiches import selectors
from fiches.models import ACTOR_MODELS


def actor_detail(request, kind, slug):
    model = ACTOR_MODELS.get(kind)
    if model is None:
        raise Http404
    actor = get_object_or_404(
        model.objects.select_related("logo", "region", "department"),
        slug=slug,
        locale=Locale.get_active(),
    )
    return render(request, "fiches/actor_detail.html", selectors.actor_page(actor=actor))
