"""Unsubscribing (fiches.alerts.views.unsubscribe): from the link of every message, or by the
mail client's RFC 8058 one-click POST; the row, and the address with it, is deleted."""

from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.test import Client

from fiches.alerts import services
from fiches.models import AlertSubscription
from tests.helpers import alert_link, fiche_in, subscribe_to_alerts

pytestmark = pytest.mark.django_db


def text(response):
    return unescape(response.content.decode())


def test_the_mail_clients_one_click_post_deletes_the_address(client, confirmed, index):
    subscription = confirmed(region="53", frequency="publication")
    AlertSubscription.objects.update(last_sent_at=subscription.last_sent_at - timedelta(hours=1))
    fiche_in(index, "53", title="Une nouvelle fiche")
    services.send_digests("publication")
    [message] = mail.outbox
    assert "Une nouvelle fiche" in message.body
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    # A mail provider posts without cookie nor CSRF token (RFC 8058).
    provider = Client(enforce_csrf_checks=True)
    response = provider.post(
        url.removeprefix("http://localhost"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "Votre adresse a été supprimée" in text(response)
    assert not AlertSubscription.objects.filter(email="lea@example.org").exists()


def test_the_confirmation_message_can_cancel_too(client, index):
    subscribe_to_alerts(client, index, region="53")
    [message] = mail.outbox
    assert "desabonnement" in message.extra_headers["List-Unsubscribe"]
    link = alert_link(message, "desabonnement")
    assert link in message.alternatives[0][0]
    client.post(link)
    assert not AlertSubscription.objects.exists()


def test_opening_the_link_shows_one_button_and_deletes_nothing(client, confirmed, index):
    confirmed(region="53")
    subscribe_to_alerts(client, index, "lea@example.org", region="52")
    link = alert_link(mail.outbox[-1], "desabonnement")
    response = client.get(link)
    assert "Me désabonner" in text(response)
    assert AlertSubscription.objects.count() == 2
    response = client.post(link)
    assert "Désabonnement effectué" in text(response)
    # Only that search: the other subscription of the address stays.
    assert list(AlertSubscription.objects.values_list("query", flat=True)) == ["region=53"]


def test_a_reused_unsubscribe_link_changes_nothing(client, index):
    subscribe_to_alerts(client, index, region="53")
    link = alert_link(mail.outbox[0], "desabonnement")
    client.post(link)
    subscribe_to_alerts(client, index, "autre@example.org", region="53")
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 200
        assert "Cette adresse ne reçoit plus cette recherche : rien n'a changé." in text(response)
    assert AlertSubscription.objects.get().email == "autre@example.org"


def test_a_forged_unsubscribe_link_deletes_nothing(client, index):
    subscribe_to_alerts(client, index, region="53")
    link = alert_link(mail.outbox[0], "desabonnement")
    for forged in (link[:-6] + "AAAAA/", "/fr/alertes/desabonnement/123/"):
        response = client.post(forged)
        assert response.status_code == 400
        assert "Ce lien n'est pas valide" in text(response)
    confirm_token = alert_link(mail.outbox[0], "confirmation").split("/")[-2]
    assert client.post(f"/fr/alertes/desabonnement/{confirm_token}/").status_code == 400
    assert AlertSubscription.objects.count() == 1
