from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from fiches import export_views
from fiches import views as fiche_views

urlpatterns = [
    path("api/v2/exports/", include("fiches.export_views")),
    path("api/v2/", include("fiches.api.urls")),
    path(settings.ADMIN_URL_PATH, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
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
    path("acteurs/<slug:kind>/<slug:slug>/", fiche_views.actor_detail, name="actor_detail"),
    path("donnees-ouvertes/", export_views.open_data, name="open_data"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# A lost database connection answers a clean 503 instead of a 500 (cms.views).
handler500 = "cms.views.server_error"
