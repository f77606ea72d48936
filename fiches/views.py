"""Public views that are not Wagtail pages: the actor pages and the actor directory, the site
search and its suggestions."""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from fiches import selectors
from fiches.catalogue import search
from fiches.discovery import directory, site_search
from fiches.discovery import selectors as discovery
from fiches.models import ACTOR_MODELS

#: Suggestions change only when fiches are published: browsers and proxies may keep them a while.
SUGGESTIONS_MAX_AGE = 300


def actor_detail(request, kind, slug):
    model = ACTOR_MODELS.get(kind)
    if model is None:
        raise Http404
    # Public only while it appears in a publicly visible fiche: an actor created for a draft
    # has no page until the fiche is published.
    actor = selectors.public_actor(
        model.objects.select_related("logo", "region", "department"),
        slug=slug,
        locale=Locale.get_active(),
    )
    if actor is None:
        raise Http404
    return render(request, "fiches/actor_detail.html", selectors.actor_page(actor=actor))


@require_safe
def actor_directory(request):
    form = directory.DirectoryForm(request.GET, regions=directory.directory_regions())
    context = {"form": form}
    if not form.is_valid():
        return render(request, "fiches/actor_directory.html", context, status=400)
    params = {**form.cleaned_data, "page": request.GET.get("page")}
    context.update(directory.actor_directory(locale=Locale.get_active(), params=params))
    return render(request, "fiches/actor_directory.html", context)


@require_safe
def search_page(request):
    locale = Locale.get_active()
    form = site_search.SearchForm(request.GET)
    context = {"form": form, "query": "", "catalogue": discovery.live_catalogue(locale=locale)}
    if not form.is_valid():
        # What was typed, without what made it invalid, so that it can be corrected.
        context["value"] = request.GET.get("q", "").replace("\x00", "")[: search.MAX_QUERY_LENGTH]
        return render(request, "fiches/search.html", context, status=400)
    query = context["query"] = form.cleaned_data["q"]
    if query:
        # Read by the template's results fragment only: from the cache, nothing is searched.
        context["results"] = selectors.lazy(lambda: site_search.results(query=query, locale=locale))
    return render(request, "fiches/search.html", context)


@require_safe
def search_suggestions(request):
    form = site_search.SearchForm(request.GET)
    if form.is_valid():
        locale = Locale.get_active()
        catalogue = discovery.live_catalogue(locale=locale)
        query = form.cleaned_data["q"]
        items = site_search.suggestions(
            query=query,
            locale=locale,
            catalogue_url=catalogue.get_url(request) if catalogue else None,
        )
        response = JsonResponse({"query": query, "items": items})
    else:
        response = JsonResponse({"error": form.errors["q"][0], "items": []}, status=400)
    patch_cache_control(response, public=True, max_age=SUGGESTIONS_MAX_AGE)
    return response
