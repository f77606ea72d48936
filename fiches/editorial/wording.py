"""Wagtail's own admin strings whose French, in Wagtail's catalogue, misleads here: « Fragments »
for the snippets (actors, themes, CPV codes), « Région » for a page's language (next to the
actors' region), « Ajouter un(e) … », the snippets' bulk actions in the admin's JavaScript
(« 1 fragment sélectionné »). Listed so that ``makemessages`` puts them in the project's
catalogue, whose French wins over Wagtail's (``LOCALE_PATHS`` come first); their English is the
msgid itself. ``tests/fiches/editorial/test_wording.py`` checks each one."""

from django.utils.translation import gettext_noop

#: msgid (as Wagtail writes it) -> the French the project's catalogue gives it.
WAGTAIL_STRINGS = {
    gettext_noop("Locale"): "Langue",
    gettext_noop("Locale: "): "Langue : ",
    gettext_noop("Status: "): "Statut : ",
    gettext_noop("Snippets"): "Éléments réutilisables",
    gettext_noop("Snippet"): "Élément réutilisable",
    # The bulk actions of the snippet listings (wagtail.admin.localization's
    # get_js_translation_strings, read by the admin's JavaScript as wagtailConfig.STRINGS).
    gettext_noop("1 snippet selected"): "1 élément réutilisable sélectionné",
    gettext_noop(
        "%(objects)s snippets selected"
    ): "%(objects)s éléments réutilisables sélectionnés",
    gettext_noop(
        "All %(objects)s snippets on this screen selected"
    ): "Les %(objects)s éléments réutilisables sur cet écran",
    gettext_noop(
        "All snippets in listing selected"
    ): "Tous les éléments réutilisables dans la liste",
    gettext_noop("Add %(label)s"): "Ajouter : %(label)s",
    gettext_noop("Add %(model_name)s"): "Ajouter : %(model_name)s",
    gettext_noop(
        'The page "%(title)s" has been rejected during "%(workflow)s".'
    ): "La page « %(title)s » a été rejetée dans « %(workflow)s ».",
}
