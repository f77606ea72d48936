"""Helpers shared by several test modules (test modules import from here, never from each
other): paths of the reference data, users, query counting, images, feeds and settings."""

import io
import re
import secrets
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from PIL import Image
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    streamfield,
)

from fiches import factories
from fiches.models import Region

# ---------- Paths ----------

#: The root of the project (where manage.py is).
ROOT = Path(__file__).resolve().parents[1]
#: The reference data shared by every worktree (``/work/shared/data``).
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CPV_FILE = SHARED_DATA / "cpv2008.csv"

# ---------- Settings ----------


def production_env(**extra):
    """The environment of a process started with the production settings."""
    return {
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "fiches-rex.example.org",
        **extra,
    }


#: A Redis cache that is down (for ``override_settings(CACHES=...)``).
CLOSED_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        # Port 1 on the loopback: nothing listens there, the connection is refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
    }
}

# ---------- Users and pages ----------


def make_user(username, group=None, **extra):
    """A user named ``username`` (password ``pw``), in the editorial ``group`` if given."""
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "pw", first_name=username.title(), **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def restrict(page):
    """Puts ``page`` (and its subpages) behind a password."""
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


def small_image(title="Photo"):
    """An image small enough to keep renditions cheap to create."""
    return factories.ImageFactory(
        title=title,
        file=ImageFile(io.BytesIO(factories.make_png(width=64, height=36)), name="photo.png"),
    )


# ---------- Pages ----------


def plain_typography(text):
    """``text`` with the no-break spaces and hyphens of the French typography
    (``fiches.text.french_typography``) as plain spaces and hyphens, for comparing texts."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2011", "-")


def assert_shows(response, *texts):
    """The page answered 200 and shows every text, as is or HTML-escaped as variables are
    (French typography's no-break spaces and hyphens read as plain ones)."""
    assert response.status_code == 200
    raw = response.content.decode()
    content = raw + "\n" + plain_typography(raw)
    for text in texts:
        assert text in content or escape(text) in content, f"{text!r} is missing from the page"


# ---------- Query counts ----------

# A card shows none of these: leaving them out keeps the twenty-fiche tests fast.
LEAN = {
    "buyers": [],
    "suppliers": [],
    "operators": [],
    "criteria": [],
    "indicators": [],
    "body": [],
}


def rendered_query_count(client, url):
    """Queries made to serve ``url`` a second time, once its renditions and embeds exist.

    The cache is cleared before counting so that renditions are not served from it: only the
    selectors' prefetching can keep the count constant.
    """
    assert client.get(url).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def fiche_in(index, code, **kwargs):
    """A lean published fiche of the region ``code``, in no department."""
    return factories.FichePageFactory(
        parent=index,
        region=Region.objects.get(code=code),
        departments=[],
        **{**LEAN, **kwargs},
    )


def assert_same_queries(small, large):
    extra = "\n".join(sql for sql in large if sql not in small)
    assert len(small) == len(large), f"{len(small)} != {len(large)} queries; new ones:\n{extra}"


# ---------- Feeds ----------

ATOM = "{http://www.w3.org/2005/Atom}"


def rss(client, url):
    """The ``channel`` of the RSS 2.0 feed at ``url``."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def atom(client, url):
    """The root element of the Atom 1.0 feed at ``url``."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def titles(channel):
    return [item.findtext("title") for item in channel.iter("item")]


def atom_titles(feed):
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


# ---------- Admin forms ----------

BOOLEAN_FIELDS = (
    "reserved",
    "social_clause",
    "social_criterion",
    "environmental_clause",
    "environmental_criterion",
    "contact_is_public",
    "is_featured",
)


def edit_form_data(client, page, action=None, **changes):
    """The edit form of ``page`` as the browser would post it back, with ``changes``."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # The StreamField editor is drawn by JavaScript, out of reach of the HTML parser: the body
    # is posted back as a single heading.
    data.update(
        nested_form_data(
            {
                "body": streamfield([("heading", {"text": "Le contexte", "level": "h2"})]),
                "comments": inline_formset([]),
            }
        )
    )
    # The helper posts checked checkboxes without a value, which Django reads as unchecked.
    for field in BOOLEAN_FIELDS:
        if getattr(page, field, False):
            data[field] = "on"
    for key, value in changes.items():
        data[key] = value
    if action:
        data[f"action-{action}"] = action
    return data


def post_edit(client, page, action=None, **changes):
    """Posts the edit form of ``page`` back, as the user logged in ``client``."""
    data = edit_form_data(client, page, action, **changes)
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


# ---------- The catalogue ----------

CATALOGUE = "/fr/fiches/"


def page_text(response):
    assert response.status_code == 200
    return unescape(response.content.decode())


def shown(response, *fiches):
    """The titles of ``fiches`` that the page lists as result cards (search marks aside)."""
    content = re.sub(r"</?mark>", "", page_text(response))
    return {fiche.title for fiche in fiches if f">{fiche.title}</a>" in content}


# ---------- Caches that fail ----------

LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
#: The dotted path of ``RaisingCache``, for CACHES["…"]["BACKEND"].
RAISING_CACHE = "tests.helpers.RaisingCache"


class RaisingCache(BaseCache):
    """Every call fails, as a Redis or memcached client does when its server is down (without
    IGNORE_EXCEPTIONS)."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("cache down")

    get = get_many = set = set_many = add = incr = delete = delete_many = clear = _fail
    has_key = touch = _fail


# ---------- Browser tests (tests/workflow, E2E=1) ----------


def log_in(browser, live_server, user):
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(live_server.url + reverse("wagtailadmin_login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + reverse("wagtailadmin_home"))
    return page


def choose_in_modal(page, chooser_id, search):
    page.click(f"#{chooser_id}-chooser [data-chooser-action-choose]")
    modal = page.locator(".modal-dialog")
    modal.locator("input[name=q]").fill(search)
    modal.locator("a[data-chooser-modal-choice]", has_text=search).first.click()
    modal.wait_for(state="hidden")


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 80)).save(buffer, "PNG")
    return buffer.getvalue()


def upload_hero_image(page, *, file_name, title, alt):
    """In the fiche form's « Contenu » tab: uploads a new image through the hero image's
    chooser and gives it its alternative text."""
    page.click("#id_hero_image-chooser [data-chooser-action-choose]")
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name="Transférer").click()
    modal.locator("input[type=file]").set_input_files(
        {"name": file_name, "mimeType": "image/png", "buffer": png_bytes()}
    )
    modal.locator("input[name$=title]").fill(title)
    modal.get_by_role("button", name="Transférer").click()
    modal.wait_for(state="hidden")
    page.fill("#id_hero_image_alt", alt)


# ---------- Related fiches (tests/fiches/discovery) ----------

NO_LEVERS = {
    "reserved": False,
    "reserved_articles": (),
    "social_clause": False,
    "social_criterion": False,
    "environmental_clause": False,
    "environmental_criterion": False,
}
RESERVED_L2113_13 = {"reserved": True, "reserved_articles": ("L2113-13",)}


def related_fiche(index, *, main="90910000-9", region="84", themes=(), levers=None, **kwargs):
    """A lean fiche with only what the test says it shares with others (CPV code, region,
    themes, levers: none unless given)."""
    return factories.FichePageFactory(
        parent=index,
        main_cpv=factories.cpv(main),
        region=Region.objects.get(code=region),
        departments=[],
        themes=list(themes),
        **{**NO_LEVERS, **(levers or {})},
        **LEAN,
        **kwargs,
    )


# ---------- Alerts (fiches.alerts) ----------


def alert_link(message, kind):
    """The path of the ``/<lang>/alertes/<kind>/<token>/`` link of an alert e-mail's text part
    (``kind``: ``confirmation`` or ``desabonnement``)."""
    match = re.search(rf"https?://[^/\s]+(/[a-z]{{2}}/alertes/{kind}/[^/\s]+/)", message.body)
    assert match, f"no {kind} link in {message.body!r}"
    return match.group(1)


def subscribe_to_alerts(
    client, index, email="lea@example.org", *, language="fr", frequency="weekly", **params
):
    """Posts the alert form of the catalogue ``index`` for the search ``params``."""
    from urllib.parse import urlencode

    query = urlencode({"catalogue": index.pk, **params})
    return client.post(
        f"/{language}/alertes/?{query}",
        {"email": email, "frequency": frequency},
    )
