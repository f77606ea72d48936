"""Factories of where a fiche comes from: a proposal of the public form (``Proposal``, with the
proposer's contact) and a contract kept by the DECP import (``DecpCandidate``)."""

import factory
from django.utils import timezone

from fiches.models import DecpCandidate, Proposal, ProposerRole


class ProposalFactory(factory.django.DjangoModelFactory):
    """A buyer's proposal with a contact kept; pass ``fiche`` (usually a draft) and, if need
    be, ``images`` and ``documents``."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    role = ProposerRole.BUYER
    organisation = "Mairie de Plouzané"
    contact_name = factory.Sequence(lambda n: f"Proposante {n}")
    contact_email = factory.Sequence(lambda n: f"proposante{n}@example.org")
    contact_phone = "02 98 00 00 00"
    story = "La commune a réservé l'entretien de ses espaces verts à un ESAT du territoire."
    consent_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def images(self, create, extracted, **kwargs):
        if create and extracted:
            self.images.set(extracted)

    @factory.post_generation
    def documents(self, create, extracted, **kwargs):
        if create and extracted:
            self.documents.set(extracted)


class DecpCandidateFactory(factory.django.DjangoModelFactory):
    """A reserved contract of the DECP, with one holder; pass ``fiche`` for the fiche started
    from it."""

    class Meta:
        model = DecpCandidate

    kind = DecpCandidate.Kind.CONTRACT
    decp_id = factory.Sequence(lambda n: f"F{n:010d}")
    buyer_siret = factory.Sequence(lambda n: f"2{n:013d}")
    holder_sirets = factory.Sequence(lambda n: [f"4{n:013d}"])
    subject = "Entretien des espaces verts"
    reserved = True
    record = factory.LazyAttribute(
        lambda o: {"id": o.decp_id, "acheteur": {"id": o.buyer_siret}, "objet": o.subject}
    )
