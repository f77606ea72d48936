"""The writes of the proposals: a proposed case becomes a draft fiche (and draft actors) in the
moderation queue, with its ``Proposal`` row (the proposer's private contact and files); the
contact is deleted after the retention period.

Nothing written here is public: the fiche is created as a draft (``live`` false) and submitted
to the review workflow; the buyer and the ESS structure named, when no actor of that name
exists yet, are created as draft actors submitted to theirs; the files go to the « Propositions
reçues » collection of the media library, which no public content uses until a moderator puts
them in a fiche. Only a moderator's approval publishes any of it (``docs/proposals.md``)."""

import logging
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from wagtail.actions.create import CreateAction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.rich_text import RichText

from fiches import selectors
from fiches.choices import NOT_STATED, AmountKind, AmountPeriod, Lever
from fiches.models import (
    Buyer,
    ESSStructure,
    FicheBuyer,
    FichePage,
    FicheReservedArticle,
    FicheSupplier,
    Proposal,
)

logger = logging.getLogger(__name__)

#: The fiche's flag of each lever (the reserved contract is ``reserved``).
LEVER_FLAGS = {
    Lever.RESERVED: "reserved",
    Lever.SOCIAL_CLAUSE: "social_clause",
    Lever.SOCIAL_CRITERION: "social_criterion",
    Lever.ENVIRONMENTAL_CLAUSE: "environmental_clause",
    Lever.ENVIRONMENTAL_CRITERION: "environmental_criterion",
}
CHAPO_MAX = 400


class ProposalsClosed(Exception):
    """There is no catalogue to add the proposed fiche to."""


def proposals_open():
    return selectors.fiche_catalogues().exists()


def submit(*, data, language="fr", now=None):
    """Records the proposal of ``data`` (the cleaned data of ``ProposalForm``) and returns its
    ``Proposal``: the draft fiche submitted to moderation, the draft actors, the files. The
    acknowledgement e-mail is sent by a task once the transaction commits."""
    from . import tasks

    now = now or timezone.now()
    catalogue = selectors.fiche_catalogues().first()
    if catalogue is None:
        raise ProposalsClosed
    with transaction.atomic():
        buyer = _actor(Buyer, data["buyer_name"], catalogue.locale, buyer_type=NOT_STATED)
        supplier = _actor(
            ESSStructure,
            data["supplier_name"],
            catalogue.locale,
            family=NOT_STATED,
            esus=NOT_STATED,
        )
        fiche = _draft_fiche(catalogue, data, buyer=buyer, supplier=supplier)
        proposal = Proposal.objects.create(
            fiche=fiche,
            role=data["role"],
            organisation=data["organisation"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data.get("contact_phone", ""),
            story=data["story"],
            language=language,
            consent_at=now,
            submitted_at=now,
        )
        _store_files(proposal, data.get("images") or [], data.get("documents") or [])
        # Robust: a mail server or a queue that fails never undoes the proposal nor fails the
        # visitor's request (the error is logged).
        transaction.on_commit(lambda: tasks.send_acknowledgement.enqueue(proposal.pk), robust=True)
        transaction.on_commit(lambda: tasks.purge_expired_contacts.enqueue(), robust=True)
    logger.info("Proposal %s recorded: draft fiche %s", proposal.pk, fiche.pk)
    return proposal


def _unique_slug(model, base, locale):
    slug, number = base, 1
    while model.objects.filter(slug=slug, locale=locale).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _actor(model, name, locale, **classification):
    """The actor of ``model`` called ``name`` (case aside), or a new draft actor
    submitted to moderation: a proposer never publishes an actor."""
    name = " ".join(name.split())
    existing = model.objects.filter(locale=locale, name__iexact=name).order_by("-live", "pk")
    if existing.exists():
        return existing.first()
    base = slugify(name)[:180] or "acteur"
    actor = model(
        name=name, slug=_unique_slug(model, base, locale), locale=locale, **classification
    )
    actor = CreateAction(actor, user=None).execute(skip_permission_checks=True)
    workflow = actor.get_workflow()
    if workflow is not None:
        workflow.start(actor, None)
    return actor


def _body(story):
    return [("paragraph", RichText(linebreaks(escape(story))))]


def _draft_fiche(catalogue, data, *, buyer, supplier):
    levers = set(data.get("levers") or [])
    title = data["title"].strip()
    base = slugify(title)[:70] or "fiche"
    taken = set(FichePage.objects.child_of(catalogue).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    amount = data.get("amount")
    fiche = FichePage(
        title=title,
        slug=slug,
        locale=catalogue.locale,
        live=False,
        owner=None,
        chapo=Truncator(" ".join(data["story"].split())).chars(CHAPO_MAX),
        nature=data["nature"],
        procedure=NOT_STATED,
        technique=NOT_STATED,
        execution_mode=NOT_STATED,
        region=data.get("region"),
        main_cpv=data.get("cpv"),
        notification_date=str(data["year"]) if data.get("year") else None,
        # What the proposer says is checked by the moderator: until then, an estimate.
        amount_kind=AmountKind.ESTIMATED if amount is not None else AmountKind.UNKNOWN,
        amount_period=AmountPeriod.TOTAL if amount is not None else "",
        amount=amount,
        body=_body(data["story"]),
        **{flag: lever in levers for lever, flag in LEVER_FLAGS.items()},
    )
    fiche.buyer_links = [FicheBuyer(actor=buyer)]
    fiche.supplier_links = [FicheSupplier(actor=supplier)]
    if Lever.RESERVED in levers and data.get("reserved_article"):
        fiche.reserved_articles = [FicheReservedArticle(article=data["reserved_article"])]
    catalogue.add_child(instance=fiche)
    fiche.save_revision(user=None, clean=False, log_action=True)
    workflow = fiche.get_workflow()
    if workflow is not None:
        workflow.start(fiche, None)
    return fiche


def proposals_collection():
    """The media library's collection of the files sent with proposals."""
    name = _("Propositions reçues")
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def _store_files(proposal, images, documents):
    if not images and not documents:
        return
    collection = proposals_collection()
    title_of = lambda upload: PurePath(upload.name).stem[:255] or _("Fichier")  # noqa: E731
    image_model, document_model = get_image_model(), get_document_model()
    for upload in images:
        upload.seek(0)
        image = image_model(title=title_of(upload), file=upload, collection=collection)
        image.save()
        proposal.images.add(image)
    for upload in documents:
        upload.seek(0)
        document = document_model(title=title_of(upload), file=upload, collection=collection)
        document.save()
        proposal.documents.add(document)


def purge_expired_contacts(now=None):
    """Deletes the contact of the proposals older than the retention period (RGPD); returns
    how many were purged. The proposal, its fiche and its story stay."""
    count = Proposal.objects.contact_expired(now).update(
        organisation="",
        contact_name="",
        contact_email="",
        contact_phone="",
        contact_purged_at=now or timezone.now(),
    )
    if count:
        logger.info("Contact data of %s proposal(s) purged", count)
    return count


def mark_acknowledged(proposal, now=None):
    Proposal.objects.filter(pk=proposal.pk).update(acknowledged_at=now or timezone.now())


def mark_publication_notified(proposal, now=None):
    Proposal.objects.filter(pk=proposal.pk).update(publication_notified_at=now or timezone.now())
