"""Everything that writes: the demo seed (and, later, imports)."""

import io
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale
from wagtail.rich_text import RichText

from fiches import demo_data
from fiches.models import (
    CPVCode,
    CustomImage,
    Department,
    FicheIndexPage,
    FichePage,
    Region,
    Theme,
)
from home.models import ArticlePage, ContentPage, EventPage, HomePage, NewsIndexPage


def _image(title, *, seed, width=1200, height=675, description=""):
    """The generated image with this title, created once."""
    from fiches import factories  # the demo extra (factory-boy): not needed at run time

    image = CustomImage.objects.filter(title=title).first()
    if image is None:
        image = factories.ImageFactory(
            title=title,
            description=description or title,
            file=ImageFile(
                io.BytesIO(factories.make_png(width=width, height=height, text=title, seed=seed)),
                name=f"demo-{seed}.png",
            ),
        )
    return image


def _actors(factory, rows, fields):
    actors = {}
    for seed, (key, row) in enumerate(rows.items()):
        values = dict(zip(fields, row, strict=True))
        department = Department.objects.get(code=values.pop("department"))
        actor = factory._meta.model.objects.filter(
            name=values["name"], locale=Locale.get_default()
        ).first()
        if actor is None:
            actor = factory(
                **values,
                department=department,
                region=department.region,
                short_description=f"{values['name']} — présentation de démonstration.",
                logo=_image(f"Logo {values['name']}", seed=seed + 50, width=240, height=240),
            )
        actors[key] = actor
    return actors


def _body(spec, *, index, image, document):
    quote, author_role, organisation = spec["quote"]
    body = [
        ("heading", {"text": "Le contexte", "level": "h2"}),
        ("paragraph", RichText(f"<p>{spec['story']}</p>")),
        ("testimony", {"quote": quote, "author": author_role, "role": organisation}),
        ("heading", {"text": "Le marché en chiffres", "level": "h2"}),
        (
            "key_figures",
            {
                "title": "",
                "figures": [
                    {"value": Decimal(value), "unit": unit, "label": label}
                    for value, unit, label in spec["figures"]
                ],
            },
        ),
        (
            "image",
            {
                "image": {
                    "image": image,
                    "decorative": False,
                    "alt_text": f"Illustration de la fiche « {spec['title']} »",
                },
                "caption": "Photo de démonstration",
            },
        ),
        (
            "callout",
            {
                "tone": "tip",
                "title": "Conseil",
                "text": RichText(
                    "<p>Rencontrez les structures de l'ESS avant de publier votre consultation.</p>"
                ),
            },
        ),
        (
            "document",
            {
                "document": document,
                "title": "Cahier des charges (démonstration)",
                "description": "",
            },
        ),
    ]
    if index < 3:
        body.append(
            (
                "video",
                {
                    "video": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                    "title": "Reportage vidéo (démonstration)",
                    "transcript": "",
                },
            )
        )
    return body


def _document():
    from fiches import factories  # the demo extra (factory-boy): not needed at run time

    Document = get_document_model()
    document = Document.objects.filter(title="Cahier des charges (démonstration)").first()
    return document or factories.DocumentFactory(title="Cahier des charges (démonstration)")


@transaction.atomic
def seed_demo(*, log=lambda message: None):
    """Creates the demo site: catalogue, content pages, themes, actors and fiches.

    Idempotent: what already exists (same slug or name) is left as it is.
    """
    from fiches import factories  # the demo extra (factory-boy): not needed at run time

    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        raise RuntimeError("La page d'accueil n'existe pas : lancez d'abord « migrate ».")
    index = FicheIndexPage.objects.child_of(home).first() or factories.FicheIndexPageFactory(
        parent=home
    )
    for slug, title, intro, text in demo_data.CONTENT_PAGES:
        if not ContentPage.objects.child_of(home).filter(slug=slug).exists():
            factories.PageFactory._create(
                ContentPage,
                parent=home,
                title=title,
                slug=slug,
                intro=intro,
                show_in_menus=True,
                body=[("paragraph", RichText(f"<p>{text}</p>"))],
            )
    themes = {
        slug: Theme.objects.get_or_create(
            slug=slug, locale=Locale.get_default(), defaults={"name": name}
        )[0]
        for name, slug in demo_data.THEMES
    }
    buyers = _actors(
        factories.BuyerFactory, demo_data.BUYERS, ("name", "buyer_type", "commune", "department")
    )
    suppliers = _actors(
        factories.ESSStructureFactory,
        demo_data.SUPPLIERS,
        ("name", "family", "inclusion_status", "esus", "commune", "department"),
    )
    operators = _actors(
        factories.OperatorFactory,
        demo_data.OPERATORS,
        ("name", "operator_type", "commune", "department"),
    )
    document = _document()
    created = 0
    for position, spec in enumerate(demo_data.FICHES):
        if FichePage.objects.child_of(index).filter(slug=spec["slug"]).exists():
            continue
        image = _image(spec["title"], seed=position)
        card = {
            key: value
            for key, value in spec.items()
            if key
            not in {
                "themes",
                "author",
                "additional_cpvs",
                "buyers",
                "suppliers",
                "operators",
                "criteria",
                "indicators",
                "story",
                "quote",
                "figures",
                "featured",
                "departments",
                "region",
                "main_cpv",
                "notification_date",
            }
        }
        factories.FichePageFactory(
            parent=index,
            **card,
            is_featured=spec.get("featured", False),
            hero_image=image,
            hero_image_alt="",
            author=operators[spec["author"]],
            region=Region.objects.get(code=spec["region"]),
            departments=Department.objects.filter(code__in=spec["departments"]),
            main_cpv=factories.cpv(spec["main_cpv"]),
            additional_cpvs=[factories.cpv(code) for code in spec.get("additional_cpvs", [])],
            notification_date=date.fromisoformat(spec["notification_date"]),
            themes=[themes[slug] for slug in spec["themes"]],
            buyers=[(buyers[key], role, text) for key, role, text in spec["buyers"]],
            suppliers=[(suppliers[key], role, text) for key, role, text in spec["suppliers"]],
            operators=[(operators[key], role, text) for key, role, text in spec["operators"]],
            criteria=spec["criteria"],
            indicators=spec["indicators"],
            body=_body(spec, index=position, image=image, document=document),
            **_defaults_for(spec),
        )
        created += 1
        log(f"Fiche créée : {spec['title']}")
    seed_news(home=home, index=index, log=log)
    return created


def _defaults_for(spec):
    """Fields the factory sets by default that a demo fiche must not inherit."""
    defaults = {
        "reserved": False,
        "reserved_article": "",
        "social_clause": False,
        "social_criterion": False,
        "environmental_clause": False,
        "environmental_criterion": False,
        "insertion_hours": None,
        "amount": None,
        "amount_min": None,
        "amount_max": None,
        "technique": "sans_objet",
        "execution_mode": "sans_objet",
    }
    return {key: value for key, value in defaults.items() if key not in spec}


def ensure_demo_admin(*, username, password, email="admin@example.org"):
    """A superuser for the local demo; returns True when it was created now."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        return False
    User.objects.create_superuser(
        username=username, email=email, password=password, first_name="Admin", last_name="Démo"
    )
    return True


def import_cpv(*, rows, log=lambda message: None):
    """Loads or updates CPV codes from ``(code, label_fr, label_en)`` rows (the official CSV).

    Re-running it is harmless: existing codes are updated in place, so fiches keep theirs.
    Returns ``(created, updated)``.
    """
    existing = {code.code: code for code in CPVCode.objects.all()}
    to_create, to_update = [], []
    for line, (code, label_fr, label_en) in enumerate(rows, start=2):
        parts = CPVCode.split(code)
        if parts is None or parts[1] is None:
            raise ValueError(
                f"Ligne {line} : « {code} » n'est pas un code CPV complet "
                "(8 chiffres, un tiret, le chiffre de contrôle)."
            )
        digits = parts[0]
        values = {
            "digits": digits,
            "division": digits[:2],
            "level": CPVCode.level_of(digits),
            "label_fr": label_fr.strip(),
            "label_en": label_en.strip(),
        }
        current = existing.get(code)
        if current is None:
            to_create.append(CPVCode(code=code, **values))
        elif any(getattr(current, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(current, field, value)
            to_update.append(current)
    with transaction.atomic():
        CPVCode.objects.bulk_create(to_create, batch_size=1000)
        CPVCode.objects.bulk_update(
            to_update, ["digits", "division", "level", "label_fr", "label_en"], batch_size=1000
        )
    log(f"{len(to_create)} code(s) CPV créé(s), {len(to_update)} mis à jour.")
    return len(to_create), len(to_update)


def import_fiches(*, data, filename="", index=None, commit=False, user=None):
    """Validates a CSV or XLSX file of fiches and, with ``commit``, writes it as drafts.

    All or nothing: nothing is written unless every row is valid. Returns an
    ``fiches.importers.ImportReport`` whose errors say, per line and column, what to fix.
    """
    from fiches import importers, spreadsheets

    index = index or importers.default_catalogue()
    report = importers.ImportReport(dry_run=not commit)
    if index is None:
        report.errors.append(
            importers.RowError(0, "", "Aucun catalogue de fiches n'existe : créez-le d'abord.")
        )
        return report
    try:
        table = spreadsheets.read_table(data, filename=filename)
    except spreadsheets.SpreadsheetError as error:
        report.errors.append(importers.RowError(0, "", str(error)))
        return report
    return importers.FicheImporter(index=index, user=user).run(table, commit=commit)


# ---------- News and events (demo) ----------


def _demo_events(today):
    """The demo events, dated from ``today``: they stay in the future after seeding."""
    from fiches import factories  # the demo extra (factory-boy): not needed at run time

    week = today + timedelta(days=45 + (7 - today.weekday()) % 7)  # a Monday
    webinar = today + timedelta(days=14)
    return [
        {
            "slug": "semaine-achats-responsables",
            "title": "La Semaine des achats socialement et écologiquement responsables",
            "start": factories.local_datetime(week, 9),
            "end": factories.local_datetime(week + timedelta(days=4), 17, 30),
            "place_name": "Dans toutes les régions, programme des CRESS",
            "city": "",
            "online_url": "",
            "registration_url": "",
            "chapo": "Une semaine de rencontres, de visites et d'ateliers pour rapprocher "
            "acheteurs publics et structures de l'économie sociale et solidaire.",
            "text": "Chaque CRESS publie son programme : rencontres acheteurs-fournisseurs, "
            "visites de structures d'insertion, ateliers sur les clauses sociales.",
        },
        {
            "slug": "webinaire-ouvrir-ses-marches-aux-siae",
            "title": "Webinaire : ouvrir ses marchés aux SIAE",
            "start": factories.local_datetime(webinar, 10),
            "end": factories.local_datetime(webinar, 11, 30),
            "place_name": "",
            "city": "",
            "online_url": "https://example.org/webinaire-siae",
            "registration_url": "https://example.org/inscription-webinaire-siae",
            "chapo": "Une heure et demie pour comprendre les marchés réservés aux structures "
            "d'insertion, avec deux acheteurs qui les pratiquent.",
            "text": "Au programme : l'article L2113-13, l'allotissement et le sourcing.",
        },
    ]


def seed_news(*, home, index, log=lambda message: None):
    """Creates the demo news page « Actualités » with its articles and events (the events a few
    weeks after today) below ``home``; articles link to fiches of the catalogue ``index``.

    Idempotent: entries that already exist (same slug) are left as they are. Returns the number
    of articles and events created.
    """
    from fiches import factories  # the demo extra (factory-boy): not needed at run time

    news = NewsIndexPage.objects.child_of(home).first() or factories.NewsIndexPageFactory(
        parent=home
    )
    fiches = list(FichePage.objects.child_of(index).live().order_by("path"))
    today = timezone.localdate()
    created = 0
    for seed, spec in enumerate(demo_data.ARTICLES):
        if ArticlePage.objects.child_of(news).filter(slug=spec["slug"]).exists():
            continue
        factories.ArticlePageFactory(
            parent=news,
            slug=spec["slug"],
            title=spec["title"],
            date=today - timedelta(days=spec["days_ago"]),
            chapo=spec["chapo"],
            image=_image(spec["title"], seed=90 + seed),
            body=[("paragraph", RichText(f"<p>{spec['text']}</p>"))],
            related_fiches=fiches[: spec["fiches"]],
        )
        created += 1
        log(f"Actualité créée : {spec['title']}")
    for spec in _demo_events(today):
        if EventPage.objects.child_of(news).filter(slug=spec["slug"]).exists():
            continue
        text = spec.pop("text")
        factories.EventPageFactory(
            parent=news, body=[("paragraph", RichText(f"<p>{text}</p>"))], **spec
        )
        created += 1
        log(f"Événement créé : {spec['title']}")
    return created
