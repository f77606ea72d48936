"""The pages every French public-interest site has: the accessibility statement (RGAA), the site
map, the legal notice and the personal-data page. Migration ``home 0007_public`` creates them under
the French home page with this text; afterwards editors change them in the admin, and this module
is read again only by the demo (``home.demo``, for their English versions) and the tests.

Each page has a fixed ``translation_key``: the footer finds the page (and its translation in the
active language) by it (``home.selectors.footer_pages``), whatever its title or slug becomes.

The text gives what the project knows and marks what the network must write itself
« à compléter » (publisher, host, audit, dates, contacts): nothing here is a guess. Every text is
a French/English pair; the English is what the demo's translation writes (``home.demo.english``).
"""

import html
import uuid
from dataclasses import dataclass

from django.utils.html import strip_tags

#: What the network must fill in: every placeholder of the pages says it.
TO_COMPLETE = "à compléter"

ACCESSIBILITY = "accessibility"
SITE_MAP = "site_map"
LEGAL = "legal"
PRIVACY = "privacy"

RECOURSE_URL = "https://formulaire.defenseurdesdroits.fr/"
DELEGATES_URL = "https://www.defenseurdesdroits.fr/saisir/delegues"
CNIL_URL = "https://www.cnil.fr/fr/plaintes"


@dataclass(frozen=True)
class PublicPage:
    key: str
    translation_key: uuid.UUID
    model: str  # the page type, "app_label.ModelName"
    slug: tuple  # (French, English)
    title: tuple
    intro: tuple
    body: tuple = ()  # ("h2" | "h3" | "p", (French, English)) or ("ul", ((French, English), …))


def _todo(what_fr, what_en):
    return (f"[{TO_COMPLETE} : {what_fr}]", f"[to be completed: {what_en}]")


ACCESSIBILITY_BODY = (
    ("h2", ("Résultats des tests", "Test results")),
    ("p", (
        f"[{TO_COMPLETE} après l'audit de conformité : organisme qui l'a réalisé, date, "
        "pourcentage des critères du RGAA version 4.1 respectés.] Tant qu'aucun audit en cours "
        "de validité n'est publié, le site est déclaré non conforme.",
        "[To be completed after the compliance audit: who carried it out, its date, the share "
        "of RGAA 4.1 criteria met.] Until a valid audit is published, the site is declared "
        "non-compliant.",
    )),
    ("p", (
        "En complément, les tests automatisés du site vérifient ses principales pages (voir "
        "« Tests automatisés » plus bas). Ils ne repèrent qu'une partie des défauts "
        "d'accessibilité et ne remplacent pas un audit.",
        "In addition, the site's automated tests check its main pages (see “Automated tests” "
        "below). They find only some accessibility defects and do not replace an audit.",
    )),
    ("h2", ("Contenus non accessibles", "Non-accessible content")),
    ("h3", ("Non-conformités", "Non-compliance")),
    ("p", _todo(
        "liste des critères non respectés relevés par l'audit",
        "the criteria the audit found not met",
    )),
    ("h3", ("Dérogations pour charge disproportionnée", "Disproportionate burden")),
    ("p", _todo(
        "contenus concernés et justification, ou « aucune »", "content and reason, or none"
    )),
    ("h3", (
        "Contenus non soumis à l'obligation d'accessibilité",
        "Content not subject to the accessibility requirement",
    )),
    ("p", _todo(
        "par exemple des vidéos ou documents de tiers, ou « aucun »",
        "for instance third-party videos or documents, or none",
    )),
    ("h2", ("Établissement de cette déclaration", "Preparation of this statement")),
    ("p", (
        f"Cette déclaration a été établie le [{TO_COMPLETE} : date].",
        "This statement was prepared on [to be completed: date].",
    )),
    ("h3", ("Technologies utilisées pour la réalisation du site", "Technologies used")),
    ("ul", (("HTML", "HTML"), ("CSS", "CSS"), ("JavaScript", "JavaScript"), ("SVG", "SVG"))),
    ("h3", ("Outils utilisés pour vérifier l'accessibilité", "Tools used to check accessibility")),
    ("p", (
        "axe-core, dans le navigateur Chromium, pour les tests automatisés ; "
        f"[{TO_COMPLETE} : outils et environnement de l'audit].",
        "axe-core, in the Chromium browser, for the automated tests; "
        "[to be completed: tools and environment of the audit].",
    )),
    ("h3", (
        "Pages du site ayant fait l'objet de la vérification de conformité",
        "Pages checked for compliance",
    )),
    ("p", _todo("l'échantillon de pages de l'audit", "the sample of pages of the audit")),
    ("h2", ("Retour d'information et contact", "Feedback and contact")),
    ("p", (
        "Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter le "
        "responsable du site pour être orienté vers une alternative accessible ou obtenir le "
        "contenu sous une autre forme.",
        "If you cannot access some content or a service, you can contact the person in charge "
        "of the site to be directed to an accessible alternative or to get the content in "
        "another form.",
    )),
    ("ul", (
        _todo("adresse électronique ou formulaire de contact", "e-mail address or contact form"),
        _todo("adresse postale du responsable du site", "postal address of the site's manager"),
    )),
    ("h2", ("Voies de recours", "Remedies")),
    ("p", (
        "Cette procédure est à utiliser dans le cas suivant : vous avez signalé au responsable "
        "du site un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un des "
        "services du site et vous n'avez pas obtenu de réponse satisfaisante.",
        "Use this procedure if you have told the person in charge of the site about an "
        "accessibility defect that prevents you from accessing some content or a service of the "
        "site, and have not received a satisfactory answer.",
    )),
    ("ul", (
        (
            f'Écrire un message au <a href="{RECOURSE_URL}">Défenseur des droits</a>',
            f'Write to the <a href="{RECOURSE_URL}">Défenseur des droits</a> (French rights '
            "ombudsman)",
        ),
        (
            f'Contacter <a href="{DELEGATES_URL}">le délégué du Défenseur des droits dans votre '
            "région</a>",
            f'Contact <a href="{DELEGATES_URL}">the Défenseur des droits delegate in your '
            "region</a>",
        ),
        (
            "Envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des "
            "droits, Libre réponse 71120, 75342 Paris CEDEX 07",
            "Send a letter by post (free of charge, no stamp needed): Défenseur des droits, "
            "Libre réponse 71120, 75342 Paris CEDEX 07, France",
        ),
    )),
)  # fmt: skip

LEGAL_BODY = (
    ("h2", ("Éditeur du site", "Publisher")),
    ("p", _todo(
        "nom de l'organisme, forme juridique, adresse du siège, numéro SIREN, téléphone",
        "name, legal form, registered address, SIREN number and telephone of the publisher",
    )),
    ("h2", ("Directeur ou directrice de la publication", "Publication director")),
    ("p", _todo("nom et fonction", "name and position")),
    ("h2", ("Hébergement", "Hosting")),
    ("p", _todo(
        "nom, adresse et téléphone de l'hébergeur",
        "name, address and telephone of the host",
    )),
    ("h2", ("Réutilisation des contenus", "Reuse of the content")),
    ("p", (
        "Les données des fiches publiées sont téléchargeables sur la page « Données ouvertes », "
        "sous la licence qui y est indiquée.",
        "The data of the published case studies can be downloaded from the “Open data” page, "
        "under the licence stated there.",
    )),
    ("p", _todo(
        "conditions de réutilisation des textes, photos et logos, et crédits",
        "terms of reuse of texts, photos and logos, and credits",
    )),
    ("h2", ("Données personnelles", "Personal data")),
    ("p", (
        "Le traitement des données personnelles est décrit sur la page « Données personnelles ».",
        "How personal data is processed is described on the “Personal data” page.",
    )),
)  # fmt: skip

PRIVACY_BODY = (
    ("h2", ("Responsable du traitement", "Data controller")),
    ("p", _todo(
        "nom et adresse de l'organisme, contact du délégué à la protection des données",
        "name and address of the organisation, contact of the data protection officer",
    )),
    ("h2", ("Données traitées", "Data processed")),
    ("ul", (
        (
            "Les contacts des fiches (nom, fonction, e-mail, téléphone) ne sont publiés et "
            "exportés qu'avec l'accord des personnes concernées.",
            "The contacts of the case studies (name, position, e-mail, telephone) are "
            "published and exported only with the consent of the people concerned.",
        ),
        (
            "Les comptes des contributeurs et des modérateurs (nom, adresse électronique) "
            "servent à la rédaction et à la relecture des fiches ; ils ne sont pas publiés.",
            "The accounts of contributors and moderators (name, e-mail address) are used to "
            "write and review the case studies; they are not published.",
        ),
        _todo(
            "autres traitements, finalités, bases légales et destinataires",
            "other processing, purposes, legal bases and recipients",
        ),
    )),
    ("h2", ("Durées de conservation", "Retention periods")),
    ("p", _todo("durée de conservation de chaque catégorie de données", "for each kind of data")),
    ("h2", ("Vos droits", "Your rights")),
    ("p", (
        "Vous disposez d'un droit d'accès, de rectification, d'effacement, de limitation, "
        "d'opposition et de portabilité de vos données. Pour les exercer : "
        f"[{TO_COMPLETE} : adresse électronique ou postale].",
        "You have the right to access, correct, erase, restrict, object to and port your data. "
        "To exercise them: [to be completed: e-mail or postal address].",
    )),
    ("p", (
        "Si vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés, "
        f'vous pouvez adresser une <a href="{CNIL_URL}">réclamation à la CNIL</a>.',
        "If, after contacting us, you believe your rights are not respected, you may lodge a "
        f'<a href="{CNIL_URL}">complaint with the CNIL</a> (French data protection authority).',
    )),
)  # fmt: skip

PAGES = (
    PublicPage(
        ACCESSIBILITY,
        uuid.UUID("5b0d6a0e-2f7e-4a36-9d51-0c0e4f7a1a01"),
        "home.AccessibilityPage",
        ("declaration-accessibilite", "accessibility-statement"),
        ("Déclaration d'accessibilité", "Accessibility statement"),
        (
            "L'éditeur du site s'engage à rendre son site accessible, conformément à l'article 47 "
            "de la loi n° 2005-102 du 11 février 2005.",
            "The publisher of the site undertakes to make it accessible, in accordance with "
            "article 47 of French law no. 2005-102 of 11 February 2005.",
        ),
        ACCESSIBILITY_BODY,
    ),
    PublicPage(
        SITE_MAP,
        uuid.UUID("5b0d6a0e-2f7e-4a36-9d51-0c0e4f7a1a02"),
        "home.SiteMapPage",
        ("plan-du-site", "site-map"),
        ("Plan du site", "Site map"),
        ("Toutes les rubriques et les pages du site.", "Every section and page of the site."),
    ),
    PublicPage(
        LEGAL,
        uuid.UUID("5b0d6a0e-2f7e-4a36-9d51-0c0e4f7a1a03"),
        "home.ContentPage",
        ("mentions-legales", "legal-notice"),
        ("Mentions légales", "Legal notice"),
        ("Éditeur, hébergeur et réutilisation des contenus.", "Publisher, host and reuse."),
        LEGAL_BODY,
    ),
    PublicPage(
        PRIVACY,
        uuid.UUID("5b0d6a0e-2f7e-4a36-9d51-0c0e4f7a1a04"),
        "home.ContentPage",
        ("donnees-personnelles", "personal-data"),
        ("Données personnelles", "Personal data"),
        (
            "Quelles données personnelles le site traite, pourquoi, et comment exercer vos droits.",
            "What personal data the site processes, why, and how to exercise your rights.",
        ),
        PRIVACY_BODY,
    ),
)

BY_KEY = {page.key: page for page in PAGES}


def body_json(page, language=0):
    """The StreamField data of ``page``'s body in French (``language`` 0) or English (1): one
    heading block per heading, one paragraph block per paragraph or list."""
    blocks = []
    for index, (kind, text) in enumerate(page.body):
        if kind in ("h2", "h3"):
            value = {"text": text[language], "level": kind}
            blocks.append({"type": "heading", "value": value, "id": _block_id(page, index)})
            continue
        if kind == "ul":
            html = "<ul>" + "".join(f"<li>{item[language]}</li>" for item in text) + "</ul>"
        else:
            html = f"<p>{text[language]}</p>"
        blocks.append({"type": "paragraph", "value": html, "id": _block_id(page, index)})
    return blocks


def _block_id(page, index):
    return str(uuid.uuid5(page.translation_key, str(index)))


def strings(page):
    """French → English of every text of ``page`` as wagtail-localize segments them: the title,
    slug, intro, headings, paragraphs and list items; the French as plain text (as a segment
    reads), the English with its links as HTML."""
    pairs = [page.title, page.slug, page.intro]
    for kind, text in page.body:
        pairs.extend(text if kind == "ul" else [text])
    return {html.unescape(strip_tags(french)): english for french, english in pairs}
