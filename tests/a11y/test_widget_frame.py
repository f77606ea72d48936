"""The widget framed by a partner site, in Chromium: the browser shows it (while it refuses to
frame the rest of the site) and the optional script fits the frame to its content."""

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import translation

from fiches import factories

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.environ.get("E2E"), reason="set E2E=1 to run the browser tests"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def partner_site():
    """Serves one HTML page, as a partner's site would, from another local origin (Chromium
    lets no public origin frame a local one, whatever the headers say)."""
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get("html", "").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(html):
        pages["html"] = html
        return f"http://127.0.0.1:{server.server_port}/actualites/"

    yield serve
    server.shutdown()
    server.server_close()


def test_a_partner_site_frames_the_widget_but_not_the_site(
    catalogue, page, live_server, partner_site
):
    factories.FichePageFactory(parent=catalogue, title="Parcs de Rennes")
    with translation.override("fr"):
        widget = live_server.url + reverse("widget_fiches") + "?region=53&limit=2"
    host = f"""<!doctype html><html lang="fr"><head><title>Partenaire</title></head><body>
        <h1>Site partenaire</h1>
        <iframe id="widget" src="{widget}" title="Fiches REX" width="100%" height="60"
            data-fiches-rex-widget></iframe>
        <iframe id="home" src="{live_server.url}/fr/" title="Accueil" height="100"></iframe>
        <script src="{live_server.url}/static/js/widget-resize.js" async></script>
    </body></html>"""
    page.goto(partner_site(host))

    framed = page.frame_locator("#widget")
    framed.locator(".widget__link").first.wait_for()
    assert framed.locator(".widget__link").count() == 2
    assert framed.locator(".widget__link").first.get_attribute("target") == "_blank"

    # widget.js reports the content's height, widget-resize.js sets it on the iframe.
    page.wait_for_function("document.getElementById('widget').style.height !== ''")
    height = page.evaluate("document.getElementById('widget').clientHeight")
    content = framed.locator("body").evaluate("body => body.getBoundingClientRect().height")
    assert height == pytest.approx(content, abs=2)
    assert height > 60

    # The home page refuses to be framed (X-Frame-Options DENY, frame-ancestors 'self').
    page.wait_for_load_state("load")
    home = page.locator("#home").element_handle().content_frame()
    assert home.url.startswith("chrome-error:"), home.url
    assert home.locator(".site-header").count() == 0
