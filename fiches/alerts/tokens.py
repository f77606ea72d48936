"""The signed tokens of the alert links: ``confirm`` expires after ``ALERTS_CONFIRM_DAYS`` days,
``unsubscribe`` never does (it is in every message). Each names a subscription and a digest of
its secret ``key``: a link of a deleted subscription names nothing, even if its id comes back."""

import hashlib

from django.conf import settings
from django.core import signing

CONFIRM = "confirm"
UNSUBSCRIBE = "unsubscribe"
SALT = "fiches.alerts.%s"


class InvalidToken(Exception):
    """A token that is forged, damaged or expired (``expired`` says which)."""

    def __init__(self, *, expired=False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _key_digest(key):
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def make(action, subscription):
    payload = {"id": subscription.pk, "k": _key_digest(subscription.key)}
    return signing.TimestampSigner(salt=SALT % action).sign_object(payload)


def read(action, token):
    """``(subscription id, key digest)`` of ``token``; raises :class:`InvalidToken`."""
    max_age = settings.ALERTS_CONFIRM_DAYS * 86400 if action == CONFIRM else None
    try:
        payload = signing.TimestampSigner(salt=SALT % action).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvalidToken(expired=True) from error
    except (signing.BadSignature, ValueError, UnicodeError) as error:
        raise InvalidToken() from error
    if not isinstance(payload, dict) or not isinstance(payload.get("id"), int):
        raise InvalidToken()
    return payload["id"], str(payload.get("k", ""))


def matches(subscription, digest):
    """Whether ``subscription`` is the one a token read with ``digest`` was made for."""
    return subscription is not None and _key_digest(subscription.key) == digest
