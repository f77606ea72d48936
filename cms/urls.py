from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views.serve import (
    authenticate_with_password as authenticate_document_password,
)
from wagtail.views import authenticate_with_password

from cms import throttle
from fiches import views as fiche_views
from fiches.discovery import region_views, sitemaps, widget_views
from fiches.observatory import views as observatory_views
from fiches.opendata import views as open_data_views
from fiches.proposals import views as proposal_views


def password_throttled(view):
    """Wagtail's password view, throttled per address (cms.throttle): a wrong password answers
    the form again (200), the right one redirects."""
    return throttle.limit_failures(
        view,
        scope="page-password",
        limit=settings.PAGE_PASSWORD_FAILURE_LIMIT,
        window=settings.PAGE_PASSWORD_WINDOW_SECONDS,
        failed=throttle.form_answered_again,
        template="429_page_password.html",
    )


urlpatterns = [
    path("api/v2/exports/", include("fiches.opendata.views")),
    path("api/v2/", include("fiches.api.urls")),
    path(settings.ADMIN_URL_PATH, include(wagtailadmin_urls)),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        password_throttled(authenticate_document_password),
    ),
    path("documents/", include(wagtaildocs_urls)),
    # For crawlers, at the root whatever the language (fiches.discovery.sitemaps).
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.BENCH_FLOOR_VIEW:
    from bench.views import floor

    urlpatterns += [path("bench/floor/", floor)]

urlpatterns += i18n_patterns(
    path("alertes/", include("fiches.alerts.urls")),
    path("acteurs/", fiche_views.actor_directory, name="actor_directory"),
    path("acteurs/<slug:kind>/<slug:slug>/", fiche_views.actor_detail, name="actor_detail"),
    path("recherche/", fiche_views.search_page, name="site_search"),
    path("recherche/suggestions/", fiche_views.search_suggestions, name="search_suggestions"),
    path("donnees-ouvertes/", open_data_views.open_data, name="open_data"),
    path("flux/", include("fiches.discovery.feeds")),
    path("flux/", include("home.feeds")),
    path("chiffres-cles/", observatory_views.observatory, name="observatory"),
    path("chiffres-cles/chiffres.csv", observatory_views.observatory_csv, name="observatory_csv"),
    path("proposer/", proposal_views.propose_view, name="propose"),
    path("proposer/merci/", proposal_views.thanks, name="propose_thanks"),
    path("regions/", region_views.region_index, name="region_index"),
    path("regions/<slug:slug>/", region_views.region_detail, name="region_detail"),
    path("widget/", widget_views.widget_builder, name="widget_builder"),
    path("widget/fiches/", widget_views.widget_fiches, name="widget_fiches"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        password_throttled(authenticate_with_password),
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# A lost database connection answers a clean 503 instead of a 500 (cms.views).
handler500 = "cms.views.server_error"
