"""The demo accounts: never created in production (``seed_demo --with-admin`` only)."""

from django.contrib.auth import get_user_model


def ensure_demo_admin(*, username, password, email="admin@example.org"):
    """A superuser for the local demo; returns True when it was created now."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        return False
    User.objects.create_superuser(
        username=username, email=email, password=password, first_name="Admin", last_name="Démo"
    )
    return True
