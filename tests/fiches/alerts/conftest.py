"""Fixtures of the alert tests (tests/fiches/alerts/)."""

import pytest
from django.core import mail

from fiches.models import AlertSubscription
from tests.helpers import alert_link, subscribe_to_alerts


@pytest.fixture
def confirmed(client, index):
    """``confirm(email="…", **search)``: subscribes through the form and confirms through the
    link of the e-mail; returns the subscription (the outbox is emptied)."""

    def confirm(email="lea@example.org", **params):
        mail.outbox.clear()
        assert subscribe_to_alerts(client, index, email, **params).status_code == 302
        client.post(alert_link(mail.outbox[-1], "confirmation"))
        mail.outbox.clear()
        subscription = AlertSubscription.objects.filter(email=email).latest("pk")
        assert subscription.confirmed_at is not None
        return subscription

    return confirm
