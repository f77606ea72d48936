"""The private attributes of Wagtail that cms.cache and the catalogue write, checked against
Wagtail 8.0.1: each test fails when Wagtail (or treebeard) stops reading the attribute, so that
the write is then removed or replaced rather than silently doing nothing."""

from wagtail.models import Page, Site

from fiches.models import FichePage


def test_wagtail_routing_returns_the_route_set_on_the_request(rf):
    # cms.cache.fragments.route sets it from the cache instead of walking the tree.
    request = rf.get("/fr/anything/")
    marker = (object(), [], {})
    request._wagtail_route_for_request = marker
    assert Page.route_for_request(request, "/fr/anything/") is marker


def test_wagtail_returns_the_site_set_on_the_request(rf):
    # cms.cache.fragments.find_site sets it from the cache instead of querying the sites.
    request = rf.get("/")
    marker = object()
    request._wagtail_site = marker
    assert Site.find_for_request(request) is marker


def test_a_page_reads_its_parent_from_the_cached_parent(fiche, index, django_assert_num_queries):
    # FicheIndexPage.route gives the fiche it loads its parent, as Wagtail's Page.route does:
    # treebeard's get_parent reads it.
    fiche = FichePage.objects.get(pk=fiche.pk)
    fiche._cached_parent_obj = index
    with django_assert_num_queries(0):
        assert fiche.get_parent() is index


def test_a_page_reads_the_site_root_paths_cached_on_it(fiche, django_assert_num_queries):
    # fiches.api.serializers.PageHtmlUrlField gives each page the root paths read once.
    fiche = FichePage.objects.get(pk=fiche.pk)
    marker = [Site.get_site_root_paths()[0]._replace(root_url="http://marker.example")]
    fiche._wagtail_cached_site_root_paths = marker
    assert fiche.full_url.startswith("http://marker.example/")


def test_an_image_reads_its_prefetched_renditions(db, django_assert_num_queries):
    # fiches.selectors.api.prefetch_renditions gives images their renditions there.
    from fiches import factories
    from fiches.models import CustomImage

    image = CustomImage.objects.get(pk=factories.ImageFactory().pk)
    rendition = image.get_rendition("max-120x120")
    image = CustomImage.objects.get(pk=image.pk)
    image.prefetched_renditions = [rendition]
    with django_assert_num_queries(0):
        assert image.get_renditions("max-120x120") == {"max-120x120": rendition}
