"""The region pages: every region on a map (/fr/regions/) and one page per region
(/fr/regions/<slug>/), built from the published fiches, their actors and the CRESS."""

from django.shortcuts import get_object_or_404, render

from fiches.discovery import context
from fiches.models import Region


def region_index(request):
    return render(request, "fiches/region_index.html", context.region_index())


def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    return render(request, "fiches/region_detail.html", context.region_page(region=region))
