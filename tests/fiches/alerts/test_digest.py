"""The digests (fiches.alerts.services.send_digests, the task and ``manage.py send_alerts``):
exactly the fiches first published since the last digest that the catalogue returns for the
same search, public ones only, in the subscriber's language, with the unsubscribe link."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fiches import factories
from fiches.alerts import selectors, services, tasks
from fiches.catalogue.context import catalogue_page
from fiches.models import AlertSubscription, FichePage
from tests.helpers import fiche_in, restrict

pytestmark = pytest.mark.django_db

WEEK = timedelta(days=7)


@pytest.fixture
def fiches(index):
    """One fiche published before the subscriptions, and after them: three public fiches, a
    draft and a password-protected one."""
    food = factories.ThemeFactory(name="Alimentation")
    catering = factories.cpv("55524000-9")
    old = fiche_in(index, "53", title="Ancienne cantine bretonne", themes=[food])
    FichePage.objects.filter(pk=old.pk).update(first_published_at=timezone.now() - 2 * WEEK)
    new = {
        "green": fiche_in(index, "53", title="Espaces verts de Rennes"),
        "nantes": fiche_in(
            index,
            "52",
            title="Restauration scolaire de Nantes",
            chapo="Des repas bio pour les cantines.",
            themes=[food],
            main_cpv=catering,
            social_clause=False,
            social_criterion=True,
        ),
        "brest": fiche_in(
            index,
            "53",
            title="Cuisine solidaire de Brest",
            chapo="Une cantine d'insertion.",
            themes=[food],
            main_cpv=catering,
            reserved=False,
            reserved_articles=[],
        ),
    }
    fiche_in(index, "53", title="Brouillon breton", themes=[food], publish=False)
    restrict(fiche_in(index, "53", title="Cantine protégée", themes=[food]))
    return old, new


def subscribed(index, email="lea@example.org", *, frequency="weekly", language="fr", **params):
    """A subscription confirmed a week ago to the search ``params`` (its canonical query)."""
    query, _reference = selectors.search_of(QueryDict(urlencode(params)), index)
    assert not query.notices
    week_ago = timezone.now() - WEEK
    return AlertSubscription.objects.create(
        email=email,
        catalogue=index,
        query=query.search_querystring(),
        frequency=frequency,
        language=language,
        confirmed_at=week_ago,
        last_sent_at=week_ago,
    )


def catalogue_titles(index, subscription):
    """The titles the catalogue shows for the subscription's search (first page, all here)."""
    page = catalogue_page(index_page=index, params=QueryDict(subscription.query))["fiches"]
    return {fiche.title for fiche in page.object_list}


ALL_TITLES = (
    "Ancienne cantine bretonne",
    "Espaces verts de Rennes",
    "Restauration scolaire de Nantes",
    "Cuisine solidaire de Brest",
    "Brouillon breton",
    "Cantine protégée",
)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"green", "nantes", "brest"}),
        ({"region": "53"}, {"green", "brest"}),
        ({"theme": "alimentation"}, {"nantes", "brest"}),
        ({"lever": "clause_sociale"}, {"green", "brest"}),
        ({"lever": "critere_social"}, {"nantes"}),
        ({"cpv": "55"}, {"nantes", "brest"}),
        ({"q": "cantine"}, {"nantes", "brest"}),
        ({"region": "53", "theme": "alimentation"}, {"brest"}),
    ],
    ids=["all", "region", "theme", "lever", "criterion", "cpv", "text", "region+theme"],
)
def test_a_digest_holds_the_new_fiches_the_catalogue_returns(index, fiches, params, expected):
    old, new = fiches
    subscription = subscribed(index, **params)
    assert services.send_digests("weekly") == 1
    [message] = mail.outbox
    sent = {title for title in ALL_TITLES if title in message.body}
    assert sent == {new[key].title for key in expected}
    # The catalogue's own answer for the same search, less what was published before.
    assert sent == catalogue_titles(index, subscription) - {old.title}
    html = message.alternatives[0][0]
    assert all(title in html for title in sent)


def test_nothing_new_sends_nothing_and_the_next_digest_starts_after_this_one(index, fiches):
    subscription = subscribed(index, region="53")
    assert services.send_digests("weekly") == 1
    AlertSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=timezone.now() - WEEK)
    FichePage.objects.update(first_published_at=timezone.now() - 2 * WEEK)
    mail.outbox.clear()
    assert services.send_digests("weekly") == 0
    assert mail.outbox == []
    subscription.refresh_from_db()
    assert timezone.now() - subscription.last_sent_at < timedelta(minutes=1)


def test_a_weekly_subscription_is_not_sent_twice_in_a_week(index, fiches):
    subscribed(index)
    assert services.send_digests("weekly") == 1
    fiche_in(index, "53", title="Une fiche du lendemain")
    assert services.send_digests("weekly") == 0
    later = timezone.now() + WEEK
    assert services.send_digests("weekly", now=later) == 1
    assert "Une fiche du lendemain" in mail.outbox[-1].body
    assert "Espaces verts de Rennes" not in mail.outbox[-1].body


def test_the_digest_has_text_html_and_one_click_unsubscribe(index, fiches):
    subscribed(index, region="53")
    services.send_digests("weekly")
    [message] = mail.outbox
    assert message.to == ["lea@example.org"]
    assert message.subject == "2 nouvelles fiches REX pour votre recherche"
    assert "Région : Bretagne" in message.body
    html, content_type = message.alternatives[0]
    assert content_type == "text/html"
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/fr/alertes/desabonnement/" in link
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body
    assert link in html
    assert "http://localhost/fr/fiches/espaces-verts-de-rennes/" in message.body
    assert "http://localhost/fr/fiches/?region=53" in message.body


def test_an_english_subscriber_gets_english_links(index, fiches):
    subscribed(index, language="en")
    services.send_digests("weekly")
    [message] = mail.outbox
    assert "/en/alertes/desabonnement/" in message.extra_headers["List-Unsubscribe"]
    assert '<html lang="en">' in message.alternatives[0][0]


def test_the_publication_frequency_is_sent_by_its_own_run(index, fiches):
    subscribed(index, "weekly@example.org")
    subscribed(index, "often@example.org", frequency="publication")
    call_command("send_alerts", "--frequency", "publication")
    assert [message.to for message in mail.outbox] == [["often@example.org"]]
    fiche_in(index, "53", title="Une fiche de l'heure suivante")
    mail.outbox.clear()
    tasks.send_alerts.enqueue("publication")
    [message] = mail.outbox
    assert "Une fiche de l'heure suivante" in message.body
    assert "Espaces verts de Rennes" not in message.body
    call_command("send_alerts")
    assert mail.outbox[-1].to == ["weekly@example.org"]


def test_a_fiche_republished_in_the_window_is_not_sent_again(index, fiches):
    old, _new = fiches
    subscribed(index, q="ancienne")
    old.refresh_from_db()  # first published two weeks ago, as the editor's form loads it
    old.title = "Ancienne cantine bretonne, corrigée"
    old.save_revision().publish()
    old.refresh_from_db()
    assert old.last_published_at > timezone.now() - timedelta(minutes=1)
    assert services.send_digests("weekly") == 0
    assert mail.outbox == []


def test_unconfirmed_subscriptions_are_deleted_when_their_link_expires(index):
    stale = AlertSubscription.objects.create(email="old@example.org", catalogue=index)
    AlertSubscription.objects.filter(pk=stale.pk).update(created_at=timezone.now() - 8 * WEEK / 7)
    fresh = AlertSubscription.objects.create(email="new@example.org", catalogue=index)
    services.send_digests("weekly")
    assert list(AlertSubscription.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert mail.outbox == []


def test_a_failing_mail_server_keeps_the_window_open(index, fiches, monkeypatch):
    subscription = subscribed(index)
    before = subscription.last_sent_at

    def refuse(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    assert services.send_digests("weekly") == 0
    subscription.refresh_from_db()
    assert subscription.last_sent_at == before


def test_two_runs_at_once_send_a_digest_once(index, fiches, monkeypatch):
    """The worker after a publication and the hourly cron may run together: both read the
    digest due, the run that claims its window first sends it, the other skips it."""
    subscribed(index)
    now = timezone.now()
    read_by_the_other_run = list(selectors.digests(selectors.due("weekly", now), until=now))

    assert services.send_digests("weekly", now=now) == 1
    monkeypatch.setattr(services.selectors, "digests", lambda *a, **k: read_by_the_other_run)
    assert services.send_digests("weekly", now=now) == 0
    assert len(mail.outbox) == 1


def digest_queries(index, count):
    for number in range(count):
        fiche_in(index, "53", title=f"Fiche nouvelle {number}")
    subscribed(index, f"reader{count}@example.org", region="53")
    services.send_digests("weekly")  # warms the site root paths
    AlertSubscription.objects.update(last_sent_at=timezone.now() - WEEK)
    with CaptureQueriesContext(connection) as queries:
        services.send_digests("weekly")
    AlertSubscription.objects.all().delete()
    return len(queries)


def test_the_digest_query_count_does_not_grow_with_the_fiches(index):
    small = digest_queries(index, 2)
    FichePage.objects.all().delete()
    assert digest_queries(index, 20) == small
