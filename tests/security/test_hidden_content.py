"""No non-public content through any door (fiches.selectors.visibility): each kind of hidden
content is planted with its own marker, then every public URL and every API operation of the
OpenAPI document is read as an anonymous visitor, and no marker may appear."""

import io
import json
import re
from datetime import timedelta
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from django.core.files.base import ContentFile
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.rich_text import RichText

from fiches import factories
from fiches.editorial.groups import MODERATORS_GROUP
from fiches.models import FicheBuyer, FichePage, Proposal, ProposerRole
from home import factories as home_factories
from tests.helpers import make_user, restrict

#: A word every hidden fiche and actor holds besides its marker: what the searches look for.
HIDDEN_WORD = "cachette"


def hidden_fiche(index, marker, **kwargs):
    """A fiche whose title, chapo and stakeholders carry ``marker``."""
    return factories.FichePageFactory(
        parent=index,
        title=f"Fiche {marker} {HIDDEN_WORD}",
        chapo=f"Le chapô {marker} {HIDDEN_WORD}.",
        buyers=[factories.BuyerFactory(name=f"Acheteur {marker}actor {HIDDEN_WORD}")],
        suppliers=[factories.ESSStructureFactory(name=f"Structure {marker}actor {HIDDEN_WORD}")],
        operators=[factories.OperatorFactory(name=f"Operateur {marker}actor {HIDDEN_WORD}")],
        **kwargs,
    )


def english_tree(home, index):
    """The English home and catalogue, published."""
    english = Locale.objects.get_or_create(language_code="en")[0]
    for page in (home, index):
        translation = page.copy_for_translation(english)
        translation.save_revision().publish()
    return english


class Planted:
    """The hidden content of the crawl, its markers and the public content around it."""

    def __init__(self, home, index):
        self.markers = {}  # marker -> what it hides
        self.english_markers = {}  # shown in French, never under English URLs or locale=en
        self.hidden_pages = []
        self.hidden_actors = []

        # Media used only by a draft.
        self.draft_image = factories.ImageFactory(title="Photo zqdraftimage")
        self.draft_document = factories.DocumentFactory(
            title="Document zqdraftdocument",
            file=ContentFile(b"zqdraftdocument", name="zqdraftdocument.txt"),
        )
        self.markers["zqdraftimage"] = "an image used only by a draft"
        self.markers["zqdraftdocument"] = "a document used only by a draft"

        self.draft = hidden_fiche(
            index,
            "zqdraft",
            publish=False,
            hero_image=self.draft_image,
            hero_image_alt="Photo",
            body=factories.fiche_body(image=self.draft_image, document=self.draft_document),
        )
        self.markers["zqdraft"] = "a draft and its actors"

        self.password = hidden_fiche(index, "zqpassword")
        restrict(self.password)
        self.markers["zqpassword"] = "a password-protected fiche and its actors"

        self.login = hidden_fiche(index, "zqlogin")
        PageViewRestriction.objects.create(
            page=self.login, restriction_type=PageViewRestriction.LOGIN
        )
        self.markers["zqlogin"] = "a fiche for logged-in users and its actors"

        self.unpublished = hidden_fiche(index, "zqunpublished")
        self.unpublished.unpublish()
        self.markers["zqunpublished"] = "an unpublished fiche and its actors"

        self.scheduled = hidden_fiche(index, "zqscheduled", publish=False)
        self.scheduled.go_live_at = timezone.now() + timedelta(days=30)
        self.scheduled.save_revision().publish()
        self.markers["zqscheduled"] = "a scheduled fiche and its actors"

        self.expired = hidden_fiche(index, "zqexpired")
        FichePage.objects.filter(pk=self.expired.pk).update(
            expire_at=timezone.now() - timedelta(days=1)
        )
        self.markers["zqexpired"] = "an expired fiche and its actors"

        # A public document and fiche, and a draft revision of that fiche.
        self.public_document = factories.DocumentFactory(title="Document public")
        self.public = factories.FichePageFactory(
            parent=index,
            title="Fiche publique visible",
            body=[
                *factories.fiche_body(document=self.public_document),
                (
                    "paragraph",
                    RichText(
                        f'<p>Voir <a linktype="page" id="{self.draft.pk}">la fiche liée</a> et '
                        f'<a linktype="page" id="{self.password.pk}">la fiche privée</a>.</p>'
                    ),
                ),
            ],
        )
        revised = FichePage.objects.get(pk=self.public.pk)
        revised.title = f"Fiche zqrevision {HIDDEN_WORD}"
        revised.chapo = f"Le chapô zqrevision {HIDDEN_WORD}."
        revision_actor = factories.BuyerFactory(name=f"Acheteur zqrevisionactor {HIDDEN_WORD}")
        revised.buyer_links.add(FicheBuyer(actor=revision_actor, sort_order=9))
        revised.save_revision()
        self.hidden_actors.append(revision_actor)
        self.markers["zqrevision"] = "a draft revision of a live fiche and its new actor"

        # The private contact of whoever proposed the public fiche (fiches.proposals).
        Proposal.objects.create(
            fiche=self.public,
            role=ProposerRole.BUYER,
            organisation="Mairie zqproposer",
            contact_name="Nom zqproposer",
            contact_email="zqproposer@example.org",
            contact_phone="06 00 00 00 00",
            consent_at=timezone.now(),
        )
        self.markers["zqproposer"] = "the contact of a proposer"

        # A French fiche, public in French, and its untranslated English alias.
        english = english_tree(home, index)
        self.french = factories.FichePageFactory(
            parent=index, title="Fiche zqalias publique en francais"
        )
        self.alias = self.french.copy_for_translation(english, alias=True)
        self.english_markers["zqalias"] = "an untranslated alias in English"

        # A public article linking to every hidden fiche.
        news = home_factories.NewsIndexPageFactory(parent=home)
        self.article = home_factories.ArticlePageFactory(
            parent=news,
            title="Actualite publique",
            related_fiches=[self.draft, self.password, self.login, self.unpublished, self.public],
        )

        self.hidden_pages = [
            self.draft,
            self.password,
            self.login,
            self.unpublished,
            self.scheduled,
            self.expired,
        ]
        for page in self.hidden_pages:
            for relation in ("buyer_links", "supplier_links", "operator_links"):
                self.hidden_actors += [link.actor for link in getattr(page, relation).all()]


@pytest.fixture
def planted(home, index):
    # wagtail-localize and Wagtail publish some things once the transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return Planted(home, index)


def text_of(response):
    """What a visitor reads in ``response``: the text of a spreadsheet or a PDF, the body of
    anything else."""
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        workbook = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    if "pdf" in content_type:
        reader = PdfReader(io.BytesIO(body))
        return "\n".join(page.extract_text() for page in reader.pages)
    return body.decode("utf-8", errors="replace")


class Crawler:
    """Reads URLs as an anonymous visitor and keeps what each one shows."""

    def __init__(self, client):
        self.client = client
        self.seen = {}

    def get(self, url):
        if url in self.seen:
            return self.seen[url]
        response = self.client.get(url)
        text = text_of(response)
        # What the URL itself holds (a 404 page or a search box may repeat it) is not a leak.
        path, _sep, query = url.partition("?")
        values = [value for _name, value in parse_qsl(query)]
        for echoed in sorted([path, *values], key=len, reverse=True):
            text = text.replace(echoed, "").replace(quote(echoed, safe="/"), "")
        self.seen[url] = (response.status_code, text)
        return self.seen[url]

    def leaks(self, markers, *, only=None):
        """``(url, marker)`` for every marker found in a page read (of the URLs ``only``
        keeps, if given)."""
        return [
            (url, marker)
            for url, (_status, text) in self.seen.items()
            if only is None or only(url)
            for marker in markers
            if marker in text.lower()
        ]


def api_urls(crawler, planted):
    """Every operation of the OpenAPI document, with the ids of every planted object and the
    parameters that select hidden content."""
    status, document = crawler.get("/api/v2/openapi.json")
    assert status == 200
    paths = json.loads(document)["paths"]
    ids = {
        "pages": [
            *[page.pk for page in planted.hidden_pages],
            planted.public.pk,
            planted.alias.pk,
            planted.article.pk,
        ],
        "buyers": [actor.pk for actor in planted.hidden_actors],
        "ess-structures": [actor.pk for actor in planted.hidden_actors],
        "operators": [actor.pk for actor in planted.hidden_actors],
        "images": [planted.draft_image.pk],
        "documents": [planted.draft_document.pk],
    }
    variants = [
        {},
        {"fields": "*"},
        {"search": HIDDEN_WORD},
        {"locale": "en"},
        {"type": "fiches.FichePage", "fields": "*"},
        {"type": "fiches.FichePage", "fields": "*", "locale": "en"},
        {"type": "home.ArticlePage", "fields": "*"},
        {"type": "fiches.FichePage", "search": HIDDEN_WORD},
    ]
    urls = []
    for template, operations in paths.items():
        if "get" not in operations:
            continue
        path = "/api/v2" + template if not template.startswith("/api/") else template
        params = re.findall(r"{(\w+)}", template)
        if params:
            endpoint = next((name for name in ids if f"/{name}/" in template), None)
            for pk in ids.get(endpoint, [p.pk for p in planted.hidden_pages]):
                urls.append(re.sub(r"{\w+}", str(pk), path))
        else:
            urls += [f"{path}?{urlencode(variant)}" if variant else path for variant in variants]
    return urls


def public_urls(planted, index):
    """Every public door of the site, for the planted content."""
    catalogue = index.url
    region = planted.public.region
    urls = [
        "/",
        "/fr/",
        "/en/",
        catalogue,
        f"{catalogue}?q={HIDDEN_WORD}",
        f"{catalogue}?region={region.code}",
        f"{catalogue}?lever=reserved",
        f"{catalogue}?nature=services",
        planted.public.url,
        planted.public.url + "pdf/",
        planted.french.url,
        planted.article.url,
        "/fr/actualites/",
        "/fr/acteurs/",
        f"/fr/acteurs/?q={HIDDEN_WORD}",
        "/fr/acteurs/?type=acheteurs",
        "/en/acteurs/",
        "/fr/regions/",
        f"/fr/regions/{region.slug}/",
        f"/en/regions/{region.slug}/",
        f"/fr/recherche/?q={HIDDEN_WORD}",
        f"/en/recherche/?q={HIDDEN_WORD}",
        f"/fr/recherche/suggestions/?q={HIDDEN_WORD}",
        "/fr/recherche/suggestions/?q=acheteur",
        "/fr/recherche/suggestions/?q=77",
        "/fr/widget/",
        "/fr/widget/fiches/",
        "/en/widget/fiches/",
        "/fr/donnees-ouvertes/",
        "/fr/chiffres-cles/",
        f"/fr/chiffres-cles/chiffres.csv?region={region.code}",
        "/en/chiffres-cles/",
        "/api/v2/observatory/",
        "/sitemap.xml",
        "/robots.txt",
        "/fr/flux/fiches/rss/",
        "/fr/flux/fiches/atom/",
        "/en/flux/fiches/rss/",
        f"/fr/flux/regions/{region.slug}/rss/",
        "/fr/flux/actualites/rss/",
        "/api/v2/docs/",
    ]
    for language in ("fr", "en"):
        for extension in ("csv", "xlsx", "json", "decp.json", "ocds.json"):
            urls.append(f"/api/v2/exports/fiches.{extension}?locale={language}")
    for page in [*planted.hidden_pages, planted.alias]:
        urls.append(f"/api/v2/exports/fiches/{page.pk}.ocds.json")
        urls.append(f"/api/v2/exports/fiches/{page.pk}.decp.json")
        # Guessed addresses of the hidden fiches and their PDFs.
        url = f"{catalogue}{page.slug}/"
        urls += [url, url + "pdf/"]
    urls.append(f"/en/{planted.alias.url_path.split('/', 2)[2]}")
    for actor in planted.hidden_actors:
        urls.append(f"/fr/acteurs/{actor.url_kind}/{actor.slug}/")
        urls.append(f"/fr/widget/fiches/?actor={actor.url_kind}:{actor.slug}")
    document = planted.draft_document
    urls.append(reverse("wagtaildocs_serve", args=[document.pk, document.filename]))
    return urls


def test_no_hidden_content_through_any_door(client, planted, index):
    crawler = Crawler(client)
    for url in public_urls(planted, index) + api_urls(crawler, planted):
        crawler.get(url)

    leaks = crawler.leaks(planted.markers)
    assert leaks == [], "\n".join(f"{url}: {marker}" for url, marker in leaks)
    alias = planted.alias.pk
    english = crawler.leaks(
        planted.english_markers,
        only=lambda url: (
            url.startswith("/en/")
            or "locale=en" in url
            or f"/{alias}/" in url
            or f"/{alias}." in url
        ),
    )
    assert english == [], "\n".join(f"{url}: {marker}" for url, marker in english)

    # The crawl read what it had to: the public content is there.
    ok = [url for url, (status, _text) in crawler.seen.items() if status == 200]
    assert len(ok) > 60
    assert "fiche publique visible" in crawler.seen[index.url][1].lower()
    assert "zqalias" in crawler.seen["/api/v2/exports/fiches.csv?locale=fr"][1].lower()


def test_hidden_actors_pages_and_widget_are_not_found(client, planted):
    for actor in planted.hidden_actors:
        assert client.get(f"/fr/acteurs/{actor.url_kind}/{actor.slug}/").status_code == 404
        widget = client.get(f"/fr/widget/fiches/?actor={actor.url_kind}:{actor.slug}")
        assert widget.status_code == 400
    shown = planted.public.buyer_links.first().actor
    assert client.get(f"/fr/acteurs/{shown.url_kind}/{shown.slug}/").status_code == 200


def test_documents_used_only_by_drafts_are_not_downloaded(client, planted):
    hidden, public = planted.draft_document, planted.public_document
    hidden_url = reverse("wagtaildocs_serve", args=[hidden.pk, hidden.filename])
    public_url = reverse("wagtaildocs_serve", args=[public.pk, public.filename])
    assert client.get(hidden_url).status_code == 404
    assert client.get(public_url).status_code == 200
    # Editors still download it from the admin.
    editor = Client()
    editor.force_login(make_user("mona", MODERATORS_GROUP))
    assert editor.get(hidden_url).status_code == 200
    planted.draft.save_revision().publish()
    assert client.get(hidden_url).status_code == 200


def test_links_to_hidden_pages_render_as_text(client, planted):
    content = client.get(planted.public.url).content.decode()
    assert "la fiche liée</a>" in content
    assert "<a>la fiche liée</a>" in content
    assert "<a>la fiche privée</a>" in content
    assert planted.draft.slug not in content
    api = client.get(f"/api/v2/pages/{planted.public.pk}/").content.decode()
    assert planted.draft.slug not in api
    assert planted.password.slug not in api
    # Once published, the link is a link.
    planted.draft.save_revision().publish()
    content = client.get(planted.public.url).content.decode()
    assert f'href="{FichePage.objects.get(pk=planted.draft.pk).url}"' in content


def test_news_api_lists_only_visible_related_fiches(client, planted):
    detail = client.get(f"/api/v2/pages/{planted.article.pk}/").json()
    assert detail["related_fiches"] == [{"id": planted.public.pk, "title": planted.public.title}]
    listing = client.get("/api/v2/pages/?type=home.ArticlePage&fields=*").json()
    assert [item["related_fiches"] for item in listing["items"]] == [
        [{"id": planted.public.pk, "title": planted.public.title}]
    ]


def test_alias_fiches_are_in_no_english_export(client, planted):
    assert client.get(f"/api/v2/exports/fiches/{planted.alias.pk}.ocds.json").status_code == 404
    assert client.get(f"/api/v2/exports/fiches/{planted.french.pk}.ocds.json").status_code == 200
    english = client.get("/api/v2/exports/fiches.json?locale=en").content.decode()
    assert "zqalias" not in english


def test_an_expired_fiche_is_not_served(client, planted):
    assert Page.objects.get(pk=planted.expired.pk).live
    assert client.get(planted.expired.url).status_code == 404
