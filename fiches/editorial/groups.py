"""The editorial roles: « Contributeurs » draft fiches, « Modérateurs » review and publish them.

The groups, their permissions and the moderation workflow are created by the migrations
``home/migrations/0003_editorial_groups.py`` and ``0004_moderators_feature_fiches.py`` (which
keep their own copies of the names, as migrations must)."""

CONTRIBUTORS_GROUP = "Contributeurs"
MODERATORS_GROUP = "Modérateurs"


def is_moderator(user):
    """Superusers and members of the « Modérateurs » group review fiches."""
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=MODERATORS_GROUP).exists()
    )
