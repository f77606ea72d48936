"""The demo site: catalogue, content pages, themes, actors and fiches, built by the factories."""

from decimal import Decimal

from django.db import transaction
from wagtail.models import Locale
from wagtail.rich_text import RichText

from fiches import factories
from fiches.models import Department, FicheIndexPage, FichePage, Region, Theme
from home.demo import data as demo_data
from home.demo import media
from home.demo.news import seed_news
from home.demo.translation import translate_demo
from home.models import ContentPage, HomePage


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
                logo=media.image(f"Logo {values['name']}", seed=seed + 50, width=240, height=240),
            )
        actors[key] = actor
    return actors


def _figure(value):
    """A key figure's precision and numbers, from the short forms of ``figure_fields``."""
    fields = factories.figure_fields(value)
    return {
        key: Decimal(number) if key.startswith("value") else number
        for key, number in fields.items()
    }


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
                    {"unit": unit, "label": label, **_figure(value)}
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
                    "alt_text": demo_data.FICHE_IMAGE_ALT.format(title=spec["title"]),
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


@transaction.atomic
def seed_demo(*, log=lambda message: None):
    """Creates the demo site: catalogue, content pages, themes, actors, fiches, news, and the
    English version of part of it (``home.demo.translation``).

    Idempotent: what already exists (same slug or name) is left as it is.
    """
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
    document = media.document()
    created = 0
    for position, spec in enumerate(demo_data.FICHES):
        if FichePage.objects.child_of(index).filter(slug=spec["slug"]).exists():
            continue
        image = media.image(spec["title"], seed=position)
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
    translate_demo(log=log)
    return created


def _defaults_for(spec):
    """Fields the factory sets by default that a demo fiche must not inherit."""
    defaults = {
        "reserved": False,
        "reserved_articles": (),
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
