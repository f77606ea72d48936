"""Security hardening: deploy checks, headers, login throttling, admin URL, cookies, uploads."""

import io
import os
import subprocess
import sys

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image as PILImage

from cms import security
from fiches import factories
from tests.helpers import ROOT, production_env

PASSWORD = "un-mot-de-passe-solide-42"


def run_manage(*args, **env):
    """`manage.py ARGS` in a fresh process, with env added to the current environment."""
    full_env = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.org", PASSWORD)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


# --- deploy checks ---------------------------------------------------------------------------


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", **production_env(SECRET_KEY=""))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_cookies_sessions_and_tasks_settings():
    code = (
        "from django.conf import settings as s; "
        "print('RESULT', s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.SESSION_ENGINE, s.TASKS['default']['BACKEND'], s.CACHES['default']['BACKEND'])"
    )
    result = run_manage(
        "shell", "--no-imports", "-c", code, **production_env(REDIS_URL="redis://127.0.0.1:1/0")
    )
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT"))
    assert line.split()[1:] == [
        "True",
        "True",
        "Lax",
        "True",
        "31536000",
        "django.contrib.sessions.backends.cached_db",
        "django_tasks_db.DatabaseBackend",
        "cms.cache.backend.RedisCache",
    ]


# --- headers ---------------------------------------------------------------------------------


def test_public_pages_carry_the_security_headers_and_a_strict_csp(client, fiche):
    response = client.get(fiche.url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "https://www.youtube-nocookie.com" in directives["frame-src"]


def test_public_pages_run_no_inline_script_or_style(client, fiche, index):
    # A strict CSP would block them: every script and style must come from a static file.
    for url in (fiche.url, index.url, "/fr/"):
        html = client.get(url).content.decode()
        for opening in html.split("<script")[1:]:
            tag = opening.split(">", 1)[0]
            assert "src=" in tag or 'type="application/ld+json"' in tag, f"{url}: <script{tag}>"
        assert "<style" not in html, url
        assert " style=" not in html, url


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_https(client, home):
    response = client.get("/fr/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_admin_gets_its_own_csp_allowing_wagtails_inline_code(admin_client, fiche):
    for url in (
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[fiche.pk]),
        reverse("wagtailimages:index"),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        directives = csp_directives(response)
        assert "'unsafe-inline'" in directives["style-src"], url
        assert "'unsafe-inline'" in directives["script-src"], url
        assert directives["frame-ancestors"] == ["'self'"], url
        assert response["X-Frame-Options"] == "DENY", url


def test_admin_preview_can_be_framed_by_the_admin_itself(admin_client, fiche):
    response = admin_client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[fiche.pk]))
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert csp_directives(response)["frame-ancestors"] == ["'self'"]


# --- admin URL -------------------------------------------------------------------------------


def test_admin_url_comes_from_the_environment():
    # No database in the subprocess: the URL and the admin's policy are decided without one.
    code = (
        "from django.urls import reverse, resolve; from cms.middleware import is_admin_path; "
        "print(reverse('wagtailadmin_home')); "
        "print(resolve('/gestion-interne/login/').url_name, "
        "is_admin_path('/gestion-interne/login/'), is_admin_path('/admin/login/'))"
    )
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="cms.settings.test",
        ADMIN_URL_PATH="gestion-interne",
    )
    assert result.returncode == 0, result.stderr
    url, resolved = result.stdout.strip().splitlines()[-2:]
    assert url == "/gestion-interne/"
    assert resolved == "wagtailadmin_login True False"


# --- login throttling ------------------------------------------------------------------------


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    settings.LOGIN_FAILURES_PER_ADDRESS = 20


def login(client, username, password):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password})


@pytest.mark.usefixtures("axes_on")
def test_repeated_failed_logins_lock_the_account_out(client, superuser):
    for _ in range(2):
        response = login(client, "admin", "mauvais")
        assert response.status_code == 200
    response = login(client, "admin", "mauvais")
    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()
    assert response["Retry-After"] == str(30 * 60)
    # Even the right password is refused while locked out.
    response = login(client, "admin", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("axes_on")
def test_a_lockout_does_not_block_other_accounts(client, superuser, django_user_model):
    django_user_model.objects.create_superuser("autre", "autre@example.org", PASSWORD)
    for _ in range(3):
        login(client, "admin", "mauvais")
    response = login(client, "autre", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.usefixtures("axes_on")
def test_password_spraying_from_one_address_is_locked_out(client, superuser):
    """One wrong try for each of 20 user names from one address: the 20th is refused, and
    then even the right password of a real account from that address, until the cool-off."""
    for number in range(1, 20):
        assert login(client, f"agent{number}", "mauvais").status_code == 200
    response = login(client, "agent20", "mauvais")
    assert response.status_code == 429
    assert response["Retry-After"] == str(30 * 60)
    assert login(client, "admin", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address is not concerned.
    other = Client(REMOTE_ADDR="192.0.2.50")
    assert login(other, "admin", PASSWORD).status_code == 302


@pytest.mark.usefixtures("axes_on")
def test_a_successful_login_below_the_limit_resets_the_counter(client, superuser):
    for _ in range(2):
        login(client, "admin", "mauvais")
    assert login(client, "admin", PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        assert login(client, "admin", "mauvais").status_code == 200


def test_client_ip_trusts_only_the_proxies_it_is_told_about(rf, settings):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.2")
    settings.TRUSTED_PROXY_COUNT = 0
    assert security.client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert security.client_ip(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 3
    assert security.client_ip(request) == "10.0.0.2"


# --- cookies ---------------------------------------------------------------------------------


def test_session_cookie_is_httponly_and_samesite_lax(client, superuser):
    response = login(client, "admin", PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


# --- uploads ---------------------------------------------------------------------------------


def png_bytes(width=20, height=20, *, noise=False):
    if noise:
        picture = PILImage.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        picture = PILImage.new("RGB", (width, height), (10, 120, 80))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", compress_level=0)
    return buffer.getvalue()


def upload(admin_client, view, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return admin_client.post(
        reverse(view),
        {"title": "Fichier", "file": SimpleUploadedFile(name, content), "collection": 1},
    )


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def test_svg_images_are_rejected_in_french(admin_client):
    from wagtail.images import get_image_model

    response = upload(admin_client, "wagtailimages:add", "logo.svg", SVG)
    assert response.status_code == 200
    assert "Format d&#x27;image non supporté" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_oversized_images_are_rejected_in_french(admin_client):
    from wagtail.images import get_image_model

    content = png_bytes(2000, 1800, noise=True)
    assert len(content) > 10 * 1024 * 1024
    response = upload(admin_client, "wagtailimages:add", "grande.png", content)
    assert response.status_code == 200
    assert "Ce fichier est trop gros" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_a_small_png_is_accepted(admin_client):
    from wagtail.images import get_image_model

    response = upload(admin_client, "wagtailimages:add", "petite.png", png_bytes())
    assert response.status_code == 302
    assert get_image_model().objects.count() == 1


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "logo.svg"])
def test_executable_or_browser_documents_are_rejected_in_french(admin_client, name):
    from wagtail.documents import get_document_model

    response = upload(admin_client, "wagtaildocs:add", name, b"MZ\x90\x00 contenu")
    assert response.status_code == 200
    assert "n’est pas autorisée" in response.content.decode()
    assert not get_document_model().objects.exists()


def test_oversized_documents_are_rejected_in_french(admin_client):
    from wagtail.documents import get_document_model

    content = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1)
    response = upload(admin_client, "wagtaildocs:add", "rapport.pdf", content)
    assert response.status_code == 200
    assert "Ce fichier est trop gros" in response.content.decode()
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize(
    ("name", "disposition"), [("rapport.pdf", "inline"), ("tableau.csv", "attachment")]
)
def test_documents_are_downloaded_except_pdf(client, index, name, disposition):
    document = factories.DocumentFactory(file__filename=name, file__data=b"%PDF-1.4 ou bien a,b,c")
    # Downloaded by visitors once published content uses it (fiches.selectors.visibility).
    factories.FichePageFactory(parent=index, body=factories.fiche_body(document=document))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(disposition)
    assert response["X-Content-Type-Options"] == "nosniff"


# --- XSS: what contributors type is escaped everywhere it is shown ---------------------------

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"{SCRIPT}{ATTRIBUTE}"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_ATTRIBUTE = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"


def assert_escaped(html, *, expect_escaped=True):
    assert SCRIPT not in html
    assert "<img src=x" not in html
    assert "onerror=alert(1)>" not in html.replace(ESCAPED_ATTRIBUTE, "")
    if expect_escaped:
        assert ESCAPED_SCRIPT in html
        assert ESCAPED_ATTRIBUTE in html


@pytest.fixture
def hostile_fiche(index):
    buyer = factories.BuyerFactory(name=f"Acheteur {PAYLOAD}", slug="acheteur-hostile")
    supplier = factories.ESSStructureFactory(name=f"Structure {PAYLOAD}", slug="structure-hostile")
    operator = factories.OperatorFactory(name=f"Opérateur {PAYLOAD}", slug="operateur-hostile")
    theme = factories.ThemeFactory(name=f"Thème {PAYLOAD}", slug="theme-hostile")
    body = [
        ("heading", {"text": f"Titre {PAYLOAD}", "level": "h2"}),
        ("testimony", {"quote": f"Citation {PAYLOAD}", "author": PAYLOAD, "role": PAYLOAD}),
        (
            "key_figures",
            {"title": PAYLOAD, "figures": [{"value": "12", "unit": "h", "label": PAYLOAD}]},
        ),
    ]
    return factories.FichePageFactory(
        parent=index,
        title=f"Fiche {PAYLOAD}",
        slug="fiche-hostile",
        chapo=f"Chapô {PAYLOAD}",
        body=body,
        buyers=[(buyer, None, f"Présentation {PAYLOAD}")],
        suppliers=[(supplier, None, f"Présentation {PAYLOAD}")],
        operators=[(operator, None, f"Présentation {PAYLOAD}")],
        criteria=[(f"Critère {PAYLOAD}", 100)],
        # The unit column holds 40 characters: the script alone fits.
        indicators=[(f"Indicateur {PAYLOAD}", 10, SCRIPT, PAYLOAD, PAYLOAD)],
        themes=[theme],
    )


def test_fiche_page_escapes_every_contributor_field(client, hostile_fiche):
    response = client.get(hostile_fiche.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert_escaped(html)
    for label in (
        "Fiche",
        "Chapô",
        "Présentation",
        "Critère",
        "Indicateur",
        "Citation",
        "Acheteur",
        "Structure",
        "Opérateur",
        "Thème",
    ):
        assert f"{label} {ESCAPED_SCRIPT}" in html, label


def test_catalogue_escapes_fiche_titles_and_themes(client, hostile_fiche, index):
    response = client.get(index.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert_escaped(html)
    assert f"Fiche {ESCAPED_SCRIPT}" in html


@pytest.mark.parametrize("kind", ["buyer", "supplier", "operator"])
def test_actor_pages_escape_names_and_fiche_titles(client, hostile_fiche, kind):
    link = getattr(hostile_fiche, f"{kind}_links").get()
    response = client.get(link.actor.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert_escaped(html)
    assert f"Fiche {ESCAPED_SCRIPT}" in html


def test_search_queries_are_never_echoed_raw(client, hostile_fiche, index):
    response = client.get(index.url, {"q": PAYLOAD})
    assert response.status_code == 200
    # The catalogue may or may not repeat the query; if it does, it is escaped.
    assert_escaped(response.content.decode(), expect_escaped=False)
