"""The demo accounts: never created in production (``seed_demo --with-admin`` only)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from fiches.editorial.groups import CONTRIBUTORS_GROUP, MODERATORS_GROUP


@dataclass(frozen=True)
class DemoEditor:
    """A demo account of one editorial role; its login is read from ``<env>_USER`` and
    ``<env>_PASSWORD``, ``default`` for both when they are unset."""

    env: str
    default: str
    group: str
    first_name: str
    last_name: str


#: One account per editorial role (home/migrations/0003_editorial_groups.py).
DEMO_EDITORS = (
    DemoEditor("DEMO_CONTRIBUTOR", "contributeur", CONTRIBUTORS_GROUP, "Camille", "Contributrice"),
    DemoEditor("DEMO_MODERATOR", "moderateur", MODERATORS_GROUP, "Dominique", "Modératrice"),
)


def ensure_demo_admin(*, username, password, email="admin@example.org"):
    """A superuser for the local demo; returns True when it was created now."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        return False
    User.objects.create_superuser(
        username=username, email=email, password=password, first_name="Admin", last_name="Démo"
    )
    return True


def ensure_demo_editor(*, editor, username, password):
    """The demo account of ``editor``'s role, a member of its group only (no staff or superuser
    flag: the group gives the admin access); returns True when it was created now."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        return False
    user = User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=password,
        first_name=editor.first_name,
        last_name=editor.last_name,
    )
    user.groups.add(Group.objects.get(name=editor.group))
    return True
