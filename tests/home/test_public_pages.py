"""The public-interest pages (home.public_content): created by the migrations, linked from the
footer of every page with the compliance status, the site map's public tree, and edited by
moderators in the admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from fiches.editorial.groups import MODERATORS_GROUP
from fiches.models import FicheIndexPage
from home import site_map
from home.accessibility import AUTOMATED_CHECKS, Compliance
from home.models import AccessibilityPage, ContentPage, HomePage, SiteMapPage
from home.public_content import ACCESSIBILITY, BY_KEY, LEGAL, PAGES, PRIVACY, SITE_MAP
from tests.helpers import (
    assert_same_queries,
    assert_shows,
    make_user,
    post_edit,
    rendered_query_count,
    restrict,
)

pytestmark = pytest.mark.django_db

STATEMENT_URL = "/fr/declaration-accessibilite/"
FOOTER_LINKS = ("/fr/plan-du-site/", "/fr/mentions-legales/", "/fr/donnees-personnelles/")


def public_page(key):
    spec = BY_KEY[key]
    return Page.objects.get(
        translation_key=spec.translation_key, locale__language_code="fr"
    ).specific


def add_content_page(parent, *, live=True, **fields):
    page = ContentPage(**fields)
    parent.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.unpublish()
    return page


def footer(response):
    content = response.content.decode()
    return content[content.index('<footer class="site-footer">') :]


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.key)
def test_the_migrations_create_each_page_published_under_the_french_home(home, client, spec):
    page = public_page(spec.key)
    assert page.get_parent().pk == home.pk
    assert (page.slug, page.title) == (spec.slug[0], spec.title[0])
    assert page.live and not page.show_in_menus
    assert f"{page._meta.app_label}.{type(page).__name__}" == spec.model
    response = client.get(f"/fr/{spec.slug[0]}/")
    headings = [text[0] for kind, text in spec.body if kind in ("h2", "h3")]
    assert_shows(response, spec.title[0], spec.intro[0], *headings)


def test_the_statement_follows_the_rgaa_structure_and_marks_what_is_to_complete(home, client):
    response = client.get(STATEMENT_URL)
    assert_shows(
        response,
        "État de conformité",
        "Le site Fiches REX est <strong>non conforme</strong> avec le référentiel général "
        "d'amélioration de l'accessibilité (RGAA), version 4.1.",
        "Résultats des tests",
        "Contenus non accessibles",
        "Établissement de cette déclaration",
        "Retour d'information et contact",
        "Voies de recours",
        "Défenseur des droits",
        "[à compléter après l'audit de conformité",
        "Cette déclaration a été établie le [à compléter : date].",
    )


def test_the_statement_lists_the_pages_the_automated_tests_check(home, client):
    response = client.get(STATEMENT_URL)
    assert_shows(response, "Tests automatisés", "axe-core", "WCAG 2.1 A, AA")
    assert_shows(response, *(str(label) for label in AUTOMATED_CHECKS.values()))


def test_every_public_page_has_the_compliance_mention_and_the_legal_links(client, fiche):
    urls = [
        "/fr/",
        fiche.get_parent().url,
        fiche.url,
        "/fr/acteurs/",
        "/fr/regions/",
        "/fr/recherche/?q=espaces",
        reverse("open_data"),
        reverse("widget_builder"),
        *FOOTER_LINKS,
        STATEMENT_URL,
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        part = footer(response)
        mention = f'<a href="{STATEMENT_URL}">Accessibilité : non conforme</a>'
        assert mention in part, url
        for link in FOOTER_LINKS:
            assert f'href="{link}"' in part, (url, link)


def test_the_footer_says_the_published_status_only(client, home):
    statement = public_page(ACCESSIBILITY)
    assert "Accessibilité : non conforme" in footer(client.get("/fr/"))

    statement.compliance = Compliance.PARTIAL
    statement.save_revision().publish()
    assert "Accessibilité : partiellement conforme" in footer(client.get("/fr/"))

    statement.compliance = Compliance.FULL
    statement.save_revision()  # a draft: the site still says what was published
    assert "Accessibilité : partiellement conforme" in footer(client.get("/fr/"))


def test_an_unpublished_page_leaves_the_footer(client, home):
    public_page(LEGAL).unpublish()
    public_page(ACCESSIBILITY).unpublish()
    part = footer(client.get("/fr/"))
    assert "/fr/mentions-legales/" not in part
    assert "Accessibilité :" not in part
    assert "/fr/donnees-personnelles/" in part


def test_a_public_page_shown_in_menus_is_in_the_menu_and_the_footer(client, home):
    site_map_page = public_page(SITE_MAP)
    site_map_page.show_in_menus = True
    site_map_page.save_revision().publish()

    content = client.get("/fr/").content.decode()
    header = content[: content.index('<footer class="site-footer">')]
    assert 'href="/fr/plan-du-site/"' in header.split('class="main-nav"')[1]
    assert 'href="/fr/plan-du-site/"' in footer(client.get("/fr/"))


def test_the_menu_and_the_footer_are_read_in_one_query(client, home):
    queries = rendered_query_count(client, "/fr/plan-du-site/")
    # The menu filters on show_in_menus, the footer joins the statement's table.
    menu = [sql for sql in queries if '"show_in_menus"' in sql.partition(" WHERE ")[2]]
    footer = [sql for sql in queries if 'JOIN "home_accessibilitypage"' in sql]
    assert len(menu) == 1
    assert menu == footer


def test_the_site_map_lists_the_public_pages_and_no_hidden_one(client, home, fiche):
    section = add_content_page(home, title="Rubrique visible", slug="rubrique")
    add_content_page(section, title="Sous-page visible", slug="sous-page")
    add_content_page(home, title="Brouillon caché", slug="brouillon", live=False)
    draft_section = add_content_page(home, title="Rubrique en brouillon", slug="rb", live=False)
    add_content_page(draft_section, title="Page d'une rubrique en brouillon", slug="orpheline")
    private = add_content_page(home, title="Page privée", slug="privee")
    add_content_page(private, title="Sous-page privée", slug="sous-privee")
    restrict(private)
    add_content_page(
        home,
        title="Page expirée",
        slug="expiree",
        expire_at=timezone.now() - datetime.timedelta(days=1),
    )

    response = client.get("/fr/plan-du-site/")

    content = response.content.decode().split('<footer class="site-footer">')[0]
    assert_shows(
        response,
        "Rubrique visible",
        "Sous-page visible",
        "Page d'une rubrique en brouillon",
        fiche.get_parent().title,
        *(spec.title[0] for spec in PAGES),
    )
    for hidden in ("Brouillon caché", "Rubrique en brouillon<", "Page privée", "Sous-page privée",
                   "Page expirée", fiche.title):  # fmt: skip
        assert hidden not in content.replace("&#x27;", "'"), hidden


def test_the_site_map_is_a_tree_of_the_home_and_its_sections(home, index):
    section = add_content_page(home, title="Rubrique", slug="rubrique")
    child = add_content_page(section, title="Sous-page", slug="sous-page")

    [root] = site_map.site_map(root=home)

    assert root.page.pk == home.pk
    nodes = {node.page.pk: node for node in root.children}
    assert {index.pk, section.pk} <= set(nodes)
    assert [node.page.pk for node in nodes[section.pk].children] == [child.pk]


def test_the_site_map_makes_as_many_queries_for_2_and_for_20_pages(client, home):
    for number in range(2):
        add_content_page(home, title=f"Page {number}", slug=f"page-{number}")
    small = rendered_query_count(client, "/fr/plan-du-site/")
    for number in range(2, 20):
        add_content_page(home, title=f"Page {number}", slug=f"page-{number}")
    large = rendered_query_count(client, "/fr/plan-du-site/")
    assert_same_queries(small, large)


@pytest.mark.parametrize("key", [ACCESSIBILITY, SITE_MAP, LEGAL, PRIVACY])
def test_a_moderator_opens_each_page_in_the_admin(client, home, key):
    client.force_login(make_user("mona", MODERATORS_GROUP))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[public_page(key).pk]))
    assert response.status_code == 200


def test_a_moderator_edits_and_publishes_the_legal_notice(client, home):
    client.force_login(make_user("mona", MODERATORS_GROUP))
    legal = public_page(LEGAL)

    response = post_edit(client, legal, "publish", title="Mentions légales du réseau")

    assert response.status_code == 302
    legal.refresh_from_db()
    assert legal.title == "Mentions légales du réseau" and legal.live
    assert "Mentions légales du réseau" in footer(client.get("/fr/"))


def test_a_moderator_publishes_the_compliance_status(client, home):
    client.force_login(make_user("mona", MODERATORS_GROUP))
    statement = public_page(ACCESSIBILITY)

    response = post_edit(client, statement, "publish", compliance=Compliance.PARTIAL.value)

    assert response.status_code == 302
    client.logout()
    assert "Accessibilité : partiellement conforme" in footer(client.get("/fr/"))


class TestPublicPagesTree(WagtailPageTestCase):
    def test_the_statement_and_the_site_map_live_under_the_home_page_once(self):
        home = HomePage.objects.get(depth=2)
        for model in (AccessibilityPage, SiteMapPage):
            self.assertAllowedParentPageTypes(model, {HomePage})
            self.assertAllowedSubpageTypes(model, set())
            # The migration created one: no second one under the same home page.
            assert not model.can_create_at(home)
        self.assertCanNotCreateAt(FicheIndexPage, AccessibilityPage)
