"""wagtail-localize's « Synchroniser les pages traduites » (update translations) with moderation
kept: its « Publier immédiatement » option asks only for the permission to submit translations,
so a contributor could publish the English copy of a fiche or an actor without review. It is
offered, and applied, only to a user who may publish every translation it would publish.

Registered by ``fiches.wagtail_hooks`` at wagtail-localize's own URL, which it takes over."""

from django.urls import path
from wagtail.models import DraftStateMixin, Page
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail_localize.views.update_translations import UpdateTranslationsView

PUBLISH_FIELD = "publish_translations"


def can_publish(user, instance):
    """As wagtail-localize's translation editor decides its own « Publier » button."""
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    if isinstance(instance, DraftStateMixin):
        return ModelPermissionPolicy(type(instance)).user_has_permission(user, "publish")
    return True


class ModeratedUpdateTranslationsView(UpdateTranslationsView):
    def may_publish(self):
        if not hasattr(self, "_may_publish"):
            translations = self.object.translations.filter(enabled=True)
            self._may_publish = all(
                can_publish(self.request.user, translation.get_target_instance())
                for translation in translations.select_related("target_locale")
            )
        return self._may_publish

    def get_form(self):
        form = super().get_form()
        if not self.may_publish():
            # Without the field, a posted « publish » is ignored: the translations are
            # synchronised as drafts, to be submitted for moderation.
            del form.fields[PUBLISH_FIELD]
        return form

    def form_valid(self, form):
        form.cleaned_data.setdefault(PUBLISH_FIELD, False)
        return super().form_valid(form)


def admin_urls():
    # Before wagtail-localize's URLs (hook order), at the same path: reversing
    # "wagtail_localize:update_translations" leads here.
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            ModeratedUpdateTranslationsView.as_view(),
            name="fiches_update_translations",
        )
    ]
