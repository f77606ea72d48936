"""Subscribing to a catalogue search (fiches.alerts.views.subscribe): double opt-in, the link
from the catalogue, bad input, no enumeration of the subscribers, throttling."""

import time
from datetime import timedelta
from html import unescape
from unittest import mock

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from fiches.alerts import services, tokens
from fiches.models import AlertSubscription
from tests.helpers import (
    alert_link,
    assert_same_queries,
    fiche_in,
    page_text,
    rendered_query_count,
    subscribe_to_alerts,
)

pytestmark = pytest.mark.django_db


def text(response):
    return unescape(response.content.decode())


def state():
    return list(AlertSubscription.objects.order_by("pk").values())


def test_the_catalogue_links_to_the_form_of_its_search(client, fiche, index):
    content = page_text(client.get(f"{index.url}?region=53&lever=marche_reserve"))
    link = f"/fr/alertes/?catalogue={index.pk}&amp;region=53&amp;lever=marche_reserve"
    assert "Recevoir les nouvelles fiches de cette recherche" in content
    assert link in client.get(f"{index.url}?region=53&lever=marche_reserve").content.decode()


def test_the_form_shows_the_search_as_the_catalogue_reads_it(client, index):
    response = client.get(f"/fr/alertes/?catalogue={index.pk}&region=53&q=cantine")
    content = page_text(response)
    assert "Région : Bretagne" in content
    assert "Recherche : « cantine »" in content
    assert 'name="email"' in content
    assert response["Cache-Control"].startswith("max-age=0")


def test_only_the_confirmation_is_sent_before_confirming(client, fiche, index):
    response = subscribe_to_alerts(client, index, region="53")
    assert response.status_code == 302
    assert response["Location"] == "/fr/alertes/envoye/"
    [message] = mail.outbox
    assert message.to == ["lea@example.org"]
    assert "/fr/alertes/confirmation/" in message.body
    subscription = AlertSubscription.objects.get()
    assert subscription.confirmed_at is None
    assert subscription.query == "region=53"
    # Unconfirmed: no digest, whatever is published.
    later = timezone.now() + timedelta(days=8)
    assert services.send_digests("weekly", now=later) == 0
    assert len(mail.outbox) == 1


def test_the_link_shows_a_button_and_only_the_button_confirms(client, index):
    subscribe_to_alerts(client, index, region="53")
    link = alert_link(mail.outbox[0], "confirmation")
    content = page_text(client.get(link))
    assert "Confirmer mon abonnement" in content
    assert AlertSubscription.objects.get().confirmed_at is None  # a link scanner confirms nothing
    response = client.post(link)
    assert "Abonnement confirmé" in page_text(response)
    subscription = AlertSubscription.objects.get()
    assert subscription.confirmed_at is not None
    assert subscription.last_sent_at == subscription.confirmed_at


def test_a_reused_confirmation_link_changes_nothing(client, index):
    subscribe_to_alerts(client, index, region="53")
    link = alert_link(mail.outbox[0], "confirmation")
    client.post(link)
    before = state()
    response = client.post(link)
    assert "Cet abonnement est déjà confirmé : rien n'a changé." in page_text(response)
    assert state() == before


@pytest.mark.parametrize(
    "forge",
    [
        lambda link: link.replace("/confirmation/", "/confirmation/x"),
        lambda link: link[:-8] + "AAAAAAA/",
        lambda link: "/fr/alertes/confirmation/pas-un-jeton/",
    ],
    ids=["prefixed", "signature", "garbage"],
)
def test_a_forged_confirmation_link_changes_nothing(client, index, forge):
    subscribe_to_alerts(client, index, region="53")
    link = forge(alert_link(mail.outbox[0], "confirmation"))
    before = state()
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 400
        assert "Ce lien n'est pas valide" in text(response)
    assert state() == before


def test_an_unsubscribe_token_does_not_confirm(client, index):
    subscribe_to_alerts(client, index, region="53")
    token = alert_link(mail.outbox[0], "desabonnement").split("/")[-2]
    response = client.post(f"/fr/alertes/confirmation/{token}/")
    assert response.status_code == 400
    assert AlertSubscription.objects.get().confirmed_at is None


def test_an_expired_confirmation_link_changes_nothing(client, index):
    subscribe_to_alerts(client, index, region="53")
    subscription = AlertSubscription.objects.get()
    eight_days_ago = time.time() - 8 * 86400
    with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
        token = tokens.make(tokens.CONFIRM, subscription)
    before = state()
    for response in (
        client.get(f"/fr/alertes/confirmation/{token}/"),
        client.post(f"/fr/alertes/confirmation/{token}/"),
    ):
        assert response.status_code == 400
        assert "Ce lien de confirmation a expiré (il est valable 7 jours)" in text(response)
    assert state() == before


def test_a_link_of_a_deleted_subscription_names_nothing(client, index):
    subscribe_to_alerts(client, index, region="53")
    link = alert_link(mail.outbox[0], "confirmation")
    subscription = AlertSubscription.objects.get()
    AlertSubscription.objects.all().delete()
    # The same id again (SQLite gives it back), another secret key.
    AlertSubscription.objects.create(
        pk=subscription.pk, email="autre@example.org", catalogue=index, query="region=53"
    )
    response = client.post(link)
    assert "ne correspond à aucun abonnement en cours" in page_text(response)
    assert AlertSubscription.objects.get().confirmed_at is None


def test_the_answer_is_the_same_whether_the_address_is_subscribed_or_not(client, index):
    new = subscribe_to_alerts(client, index, "new@example.org", region="53")
    subscribe_to_alerts(client, index, "known@example.org", region="53")
    client.post(alert_link(mail.outbox[-1], "confirmation"))
    mail.outbox.clear()
    known = subscribe_to_alerts(client, index, "known@example.org", region="53")
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert mail.outbox == []  # the confirmed address is not written to again
    sent = client.get(known["Location"])
    assert "Si cette adresse peut recevoir cette alerte" in page_text(sent)
    assert "known@example.org" not in sent.content.decode()
    assert AlertSubscription.objects.filter(email="known@example.org").count() == 1


def test_asking_again_before_confirming_sends_a_new_link(client, index):
    subscribe_to_alerts(client, index, "Lea@Example.org", region="53")
    subscribe_to_alerts(client, index, "lea@example.org", region="53", frequency="publication")
    assert len(mail.outbox) == 2
    subscription = AlertSubscription.objects.get()
    assert (subscription.email, subscription.frequency) == ("lea@example.org", "publication")


def test_subscribing_from_english_pages_records_english(client, index):
    subscribe_to_alerts(client, index, language="en", region="53")
    assert AlertSubscription.objects.get().language == "en"
    assert "/en/alertes/confirmation/" in mail.outbox[0].body
    assert '<html lang="en">' in mail.outbox[0].alternatives[0][0]


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Indiquez votre adresse électronique."),
        ("pas-une-adresse", "Cette adresse électronique n'est pas valide"),
        ("a@" + "b" * 300 + ".fr", "Cette adresse électronique n'est pas valide"),
    ],
)
def test_an_invalid_address_is_refused_in_french(client, index, email, message):
    response = subscribe_to_alerts(client, index, email, region="53")
    assert response.status_code == 400
    assert message in text(response)
    assert not AlertSubscription.objects.exists()
    assert mail.outbox == []


def test_an_unknown_frequency_is_refused_in_french(client, index):
    response = subscribe_to_alerts(client, index, region="53", frequency="hourly")
    assert response.status_code == 400
    assert "Fréquence inconnue" in text(response)
    assert not AlertSubscription.objects.exists()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"region": "99"}, "« 99 » n'est pas une valeur connue pour « Région »"),
        ({"lever": "magie"}, "« magie » n'est pas une valeur connue pour « Levier »"),
        ({"cpv": "12345678"}, "n'est pas une valeur connue pour « Secteur (division CPV) »"),
        ({"theme": "inconnue"}, "« inconnue » n'est pas une valeur connue pour « Thématique »"),
        ({"q": "???"}, "ne contient ni lettre ni chiffre"),
    ],
)
def test_an_unknown_filter_value_is_refused_in_french(client, index, params, message):
    for response in (
        client.get("/fr/alertes/", {"catalogue": index.pk, **params}),
        subscribe_to_alerts(client, index, **params),
    ):
        assert response.status_code == 400
        content = text(response)
        assert message in content
        assert 'name="email"' not in content
    assert not AlertSubscription.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("catalogue", ["", "abc", "0", "99999", "1" * 30])
def test_an_unknown_catalogue_is_refused_in_french(client, index, catalogue):
    for response in (
        client.get("/fr/alertes/", {"catalogue": catalogue}),
        client.post(f"/fr/alertes/?catalogue={catalogue}", {"email": "a@example.org"}),
    ):
        assert response.status_code == 400
        assert "Ce lien ne désigne aucun catalogue de fiches" in text(response)
    assert not AlertSubscription.objects.exists()


def test_a_draft_catalogue_is_unknown(client, index):
    index.unpublish()
    response = client.get("/fr/alertes/", {"catalogue": index.pk})
    assert response.status_code == 400


@override_settings(ALERTS_SUBSCRIBE_PER_ADDRESS=3)
def test_requests_are_throttled_per_visitor_address(client, index):
    for number in range(3):
        assert subscribe_to_alerts(client, index, f"p{number}@example.org").status_code == 302
    response = subscribe_to_alerts(client, index, "p4@example.org")
    assert response.status_code == 429
    assert "Trop de demandes d'abonnement" in text(response)
    assert response["Retry-After"] == "3600"
    assert AlertSubscription.objects.count() == 3


@override_settings(ALERTS_SUBSCRIBE_PER_EMAIL=2)
def test_confirmations_are_throttled_per_email_address_silently(client, index):
    answers = {
        subscribe_to_alerts(client, index, "lea@example.org", region=code)["Location"]
        for code in ("53", "52", "11")
    }
    assert answers == {"/fr/alertes/envoye/"}
    assert len(mail.outbox) == 2
    assert AlertSubscription.objects.count() == 2


def test_tokens_are_signed_per_action(index):
    subscription = AlertSubscription.objects.create(email="a@example.org", catalogue=index)
    token = tokens.make(tokens.CONFIRM, subscription)
    assert tokens.read(tokens.CONFIRM, token)[0] == subscription.pk
    with pytest.raises(tokens.InvalidToken):
        tokens.read(tokens.UNSUBSCRIBE, token)


@pytest.mark.parametrize("token", ["é" * 5, "a" * 3000, "a:b:c", "eyJpZCI6MX0:x:y", "%20"])
def test_an_odd_token_is_a_french_400_never_a_500(client, index, token):
    for kind in ("confirmation", "desabonnement"):
        for method in (client.get, client.post):
            response = method(f"/fr/alertes/{kind}/{token}/")
            assert response.status_code == 400
            assert "Ce lien n'est pas valide" in text(response)


def test_other_methods_are_refused(client, index):
    assert client.put(f"/fr/alertes/?catalogue={index.pk}").status_code == 405
    assert client.post("/fr/alertes/envoye/").status_code == 405


def test_the_longest_search_is_stored_whole(client, index):
    search = "€é" * 100  # 200 characters, the longest search the catalogue keeps
    assert subscribe_to_alerts(client, index, q=search).status_code == 302
    assert AlertSubscription.objects.get().query == f"q={'%E2%82%AC%C3%A9' * 100}"


def test_the_form_costs_the_same_queries_with_2_and_20_fiches(client, index):
    url = f"/fr/alertes/?catalogue={index.pk}&region=53&lever=marche_reserve&q=verts"
    for _ in range(2):
        fiche_in(index, "53")
    small = rendered_query_count(client, url)
    for _ in range(18):
        fiche_in(index, "53")
    assert_same_queries(small, rendered_query_count(client, url))
