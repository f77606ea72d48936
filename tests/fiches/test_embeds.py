"""The privacy-friendly video finder: players built from the URL, no network, no tracking."""

import socket

import pytest
from django.test.html import parse_html
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.models import Embed

from fiches.embeds import PrivacyEmbedFinder

YOUTUBE = "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
VIMEO = "https://player.vimeo.com/video/76979871?dnt=1"
DAILYMOTION = "https://www.dailymotion.com/embed/video/x8m8jnt"


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the embed finder tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def iframe_src(html):
    iframe = parse_html(html)
    assert iframe.name == "iframe"
    return dict(iframe.attributes)["src"]


@pytest.mark.parametrize(
    ("url", "src", "provider"),
    [
        ("https://www.youtube.com/watch?v=aqz-KE-bpKQ", YOUTUBE, "YouTube"),
        ("https://youtube.com/watch?v=aqz-KE-bpKQ&t=42s", YOUTUBE, "YouTube"),
        ("https://m.youtube.com/watch?v=aqz-KE-bpKQ", YOUTUBE, "YouTube"),
        ("http://www.youtube.com/watch?feature=share&v=aqz-KE-bpKQ", YOUTUBE, "YouTube"),
        ("https://youtu.be/aqz-KE-bpKQ", YOUTUBE, "YouTube"),
        ("https://youtu.be/aqz-KE-bpKQ?si=abc", YOUTUBE, "YouTube"),
        ("https://www.youtube.com/shorts/aqz-KE-bpKQ", YOUTUBE, "YouTube"),
        ("https://www.youtube.com/embed/aqz-KE-bpKQ", YOUTUBE, "YouTube"),
        ("https://www.youtube.com/live/aqz-KE-bpKQ", YOUTUBE, "YouTube"),
        ("https://vimeo.com/76979871", VIMEO, "Vimeo"),
        ("https://vimeo.com/channels/staffpicks/76979871", VIMEO, "Vimeo"),
        ("https://player.vimeo.com/video/76979871", VIMEO, "Vimeo"),
        ("https://www.dailymotion.com/video/x8m8jnt", DAILYMOTION, "Dailymotion"),
        ("https://dai.ly/x8m8jnt", DAILYMOTION, "Dailymotion"),
    ],
)
def test_known_platforms_give_the_privacy_friendly_player(offline, url, src, provider):
    finder = PrivacyEmbedFinder()
    assert finder.accept(url)
    embed = finder.find_embed(url)
    assert iframe_src(embed["html"]) == src
    assert embed["provider_name"] == provider
    assert embed["type"] == "video"
    assert (embed["width"], embed["height"]) == (640, 360)


def test_player_does_not_leak_the_page_address(offline):
    html = PrivacyEmbedFinder().find_embed("https://youtu.be/aqz-KE-bpKQ")["html"]
    attributes = dict(parse_html(html).attributes)
    assert attributes["referrerpolicy"] == "strict-origin-when-cross-origin"
    assert attributes["loading"] == "lazy"
    assert "youtube.com/" not in attributes["src"]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/watch?v=aqz-KE-bpKQ",
        "https://peertube.example.org/w/abc",
        "https://notyoutube.com/watch?v=aqz-KE-bpKQ",
        "https://www.youtube.com.evil.example/watch?v=aqz-KE-bpKQ",
        "https://vimeo.com.evil.example/76979871",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/channel/UCabcdef",
        "https://vimeo.com/about",
        "https://youtu.be/",
        "ftp://www.youtube.com/watch?v=aqz-KE-bpKQ",
        "javascript:alert(1)",
        "javascript://www.youtube.com/watch?v=aqz-KE-bpKQ",
        "JavaScript://youtu.be/aqz-KE-bpKQ",
        "data:text/html,<script>alert(1)</script>",
        "https://www.youtube.com/watch?v=%22%3E%3Cscript%3E",
        'https://www.youtube.com/watch?v="><script>alert(1)</script>',
        "",
    ],
)
def test_other_urls_are_not_accepted(offline, url):
    assert not PrivacyEmbedFinder().accept(url)


@pytest.mark.django_db
def test_get_embed_works_without_network(offline):
    embed = get_embed("https://www.youtube.com/watch?v=aqz-KE-bpKQ")
    assert iframe_src(embed.html) == YOUTUBE
    assert embed.provider_name == "YouTube"
    # Cached: the second call reads the same row.
    assert get_embed("https://www.youtube.com/watch?v=aqz-KE-bpKQ").pk == embed.pk
    assert Embed.objects.count() == 1
