"""``start_fiche``: the draft fiche a candidate pre-fills (what is filled, dates to the day,
exact amounts, « non renseigné » for what the record does not say), its buyer and holders
matched or created by SIRET, recorded as coming from DECP, and never started twice."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from fiches import choices, dates, factories
from fiches.models import Buyer, DecpCandidate, ESSStructure, FichePage
from fiches.opendata.decp_import import generate, services
from fiches.selectors import actors
from tests.helpers import make_user


@pytest.fixture
def editor(db):
    return make_user("redactrice", "Contributeurs")


def imported(decp_file, import_file, *marches, concessions=(), valid=True):
    import_file(decp_file(list(marches), list(concessions), valid=valid))
    return DecpCandidate.objects.order_by("pk")


def start(candidate, editor, index):
    return services.start_fiche(candidate.pk, user=editor, index=index)


@pytest.mark.django_db
def test_the_draft_says_what_the_record_says(decp_file, import_file, index, editor):
    factories.cpv("90910000-9")
    buyer = factories.BuyerFactory(siret=generate.buyer_siret(1))
    (candidate,) = imported(decp_file, import_file, generate.marche(1))
    fiche, created = start(candidate, editor, index)
    assert created
    fiche = FichePage.objects.get(pk=fiche.pk)
    assert not fiche.live and fiche.get_parent().pk == index.pk
    assert fiche.latest_revision.user == editor
    assert fiche.title == "Entretien des espaces verts, lot 1"
    assert fiche.decp_id == "G0000000001"
    assert fiche.nature == choices.Nature.SERVICES  # CPV division 90
    assert fiche.procedure == choices.Procedure.OPEN
    assert fiche.technique == choices.Technique.FRAMEWORK
    assert fiche.execution_mode == choices.ExecutionMode.PURCHASE_ORDERS
    assert fiche.main_cpv_id == "90910000-9"
    # A framework's amount is its maximum, exact to the cent.
    assert fiche.amount_kind == choices.AmountKind.RANGE
    assert fiche.amount_period == choices.AmountPeriod.TOTAL
    assert (fiche.amount, fiche.amount_min, fiche.amount_max) == (None, None, Decimal("10001.01"))
    assert fiche.duration_months == 13
    assert fiche.notification_date == "2020-02-02"
    assert dates.precision(fiche.notification_date) == dates.DAY
    assert fiche.region_id == "11" and [d.code for d in fiche.departments.all()] == ["75"]
    assert fiche.social_criterion and fiche.environmental_criterion
    assert not (fiche.reserved or fiche.social_clause or fiche.environmental_clause)
    assert fiche.groupement == choices.Groupement.NONE
    # Nothing is written for the reader: the chapô and the story are the editor's.
    assert fiche.chapo == "" and not fiche.body
    assert [(link.actor, link.role) for link in fiche.buyer_links.all()] == [
        (buyer, choices.BuyerRole.BUYER)
    ]
    # A social criterion does not make the holder an ESS structure: unknown, it is not linked.
    assert not fiche.supplier_links.exists() and not ESSStructure.objects.exists()
    assert Buyer.objects.count() == 1  # matched, not created
    candidate.refresh_from_db()
    assert candidate.fiche_id == fiche.pk
    entry = PageLogEntry.objects.get(page=fiche, action=services.LOG_ACTION)
    assert entry.user == editor and entry.data == {"decp_id": "G0000000001"}


def holders(*numbers):
    return [
        {"titulaire": {"typeIdentifiant": "SIRET", "id": generate.holder_siret(number)}}
        for number in numbers
    ]


@pytest.mark.django_db
def test_a_reserved_contract_makes_its_unknown_holders_draft_ess_structures(
    decp_file, import_file, index, editor
):
    known = factories.ESSStructureFactory(siret=generate.holder_siret(900))
    record = generate.marche(
        3,
        typeGroupementOperateurs="Solidaire",
        considerationsSociales={"considerationSociale": ["Marché réservé"]},
        titulaires=[
            *holders(900, 901),
            {"titulaire": {"typeIdentifiant": "TVA", "id": "FR12345678901"}},
        ],
    )
    (candidate,) = imported(decp_file, import_file, record)
    assert candidate.ess_holder and candidate.reserved
    fiche, _created = start(candidate, editor, index)
    buyer = fiche.buyer_links.get().actor
    assert buyer.siret == generate.buyer_siret(3) and not buyer.live
    assert buyer.name == f"Acheteur SIRET {generate.buyer_siret(3)}"
    assert buyer.buyer_type == choices.NOT_STATED
    links = list(fiche.supplier_links.order_by("sort_order"))
    assert [link.actor for link in links][0] == known
    created = links[1].actor
    assert (created.siret, created.live) == (generate.holder_siret(901), False)
    assert created.name == f"Titulaire SIRET {generate.holder_siret(901)}"
    # DECP does not say under which article the contract is reserved: the family, the
    # inclusion status and the approval stay « non renseigné ».
    assert created.family == choices.NOT_STATED and created.esus == choices.NOT_STATED
    assert created.inclusion_status == choices.NOT_STATED
    # A groupement solidaire whose lead DECP does not name; the VAT number is no SIRET.
    assert {link.role for link in links} == {choices.SupplierRole.SEVERAL_MEMBER}
    assert fiche.groupement == choices.Groupement.SEVERAL and fiche.groupement_lead_unknown
    assert ESSStructure.objects.count() == 2


@pytest.mark.django_db
def test_without_a_reservation_only_known_ess_holders_are_linked(
    client, decp_file, import_file, index, editor
):
    known = factories.ESSStructureFactory(siret=generate.holder_siret(900), name="Atelier vert")
    record = generate.marche(
        3,
        typeGroupementOperateurs="Conjoint",
        considerationsSociales={"considerationSociale": ["Clause sociale"]},
        titulaires=holders(900, 901),
    )
    (candidate,) = imported(decp_file, import_file, record)
    assert candidate.social_clause and not candidate.reserved
    fiche, _created = start(candidate, editor, index)
    assert [(link.actor, link.role) for link in fiche.supplier_links.all()] == [
        (known, choices.SupplierRole.JOINT_MEMBER)
    ]
    assert list(ESSStructure.objects.all()) == [known]  # the unknown holder is not created
    # The edit page lists the unknown holder for the editor, not the linked one.
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[fiche.pk])).content.decode()
    assert (
        f"Titulaire SIRET {generate.holder_siret(901)} non identifié comme structure de l'ESS"
        " : à vérifier." in html
    )
    assert f'data-decp-holder="{generate.holder_siret(900)}"' not in html


@pytest.mark.django_db
def test_what_the_record_does_not_say_stays_not_stated(decp_file, import_file, index, editor):
    record = generate.marche(
        2,
        procedure=None,
        montant=None,
        dureeMois=None,
        codeCPV="1234",
        techniques={"technique": ["Concours"]},
        modalitesExecution={"modaliteExecution": ["Tranches", "Bons de commande"]},
        dateNotification="2021-13-01",
        lieuExecution={"code": "FR", "typeCode": "Code pays"},
        considerationsSociales={"considerationSociale": ["Marché réservé"]},
    )
    (candidate,) = imported(decp_file, import_file, record, valid=False)
    fiche, _created = start(candidate, editor, index)
    assert fiche.procedure == choices.Procedure.NOT_STATED
    assert fiche.technique == choices.Technique.NOT_STATED
    assert fiche.execution_mode == choices.ExecutionMode.NOT_STATED
    assert fiche.amount_kind == choices.AmountKind.UNKNOWN and fiche.amount is None
    assert fiche.duration_months is None and fiche.notification_date is None
    assert fiche.main_cpv is None and fiche.nature == ""
    assert fiche.region is None and not fiche.departments.all()
    # Reserved, but DECP does not say under which article: none is chosen.
    assert fiche.reserved and not fiche.reserved_articles.exists()


@pytest.mark.django_db
def test_a_concession_fills_its_value_and_start(decp_file, import_file, index, editor):
    (candidate,) = imported(decp_file, import_file, concessions=[generate.concession(4)])
    fiche, _created = start(candidate, editor, index)
    assert fiche.amount_kind == choices.AmountKind.ESTIMATED
    assert fiche.amount == Decimal("1250000.50")
    assert fiche.notification_date is None  # a concession is signed, not notified
    assert fiche.execution_start == "2023-09-01"
    assert fiche.duration_months == 60
    assert fiche.procedure == choices.Procedure.NOT_STATED and fiche.reserved
    # « Concession réservée »: its unknown holder is a draft ESS structure, linked.
    (link,) = fiche.supplier_links.all()
    assert (link.actor.siret, link.actor.live) == (generate.holder_siret(4), False)


@pytest.mark.django_db
def test_a_candidate_is_never_started_twice(decp_file, import_file, index, editor):
    (candidate,) = imported(decp_file, import_file, generate.marche(1))
    fiche, created = start(candidate, editor, index)
    again, created_again = start(candidate, editor, index)
    assert created and not created_again and again.pk == fiche.pk
    assert FichePage.objects.count() == 1
    # A re-import keeps the link.
    imported(decp_file, import_file, generate.marche(1))
    assert DecpCandidate.objects.get().fiche_id == fiche.pk


@pytest.mark.django_db
def test_a_fiche_with_the_decp_id_and_the_buyer_documents_the_candidate(
    decp_file, import_file, index, editor
):
    buyer = factories.BuyerFactory(siret=generate.buyer_siret(1))
    documented = factories.FichePageFactory(
        parent=index, decp_id="G0000000001", buyers=[buyer], suppliers=[]
    )
    factories.FichePageFactory(parent=index, decp_id="G0000000002")  # another buyer's id
    first, second = imported(decp_file, import_file, generate.marche(1), generate.marche(2))
    fiche, created = start(first, editor, index)
    assert not created and fiche.pk == documented.pk
    _fiche, created = start(second, editor, index)
    assert created


@pytest.mark.django_db
def test_starting_again_links_and_creates_nothing_more(decp_file, import_file, index, editor):
    reserved = generate.marche(
        2, considerationsSociales={"considerationSociale": ["Marché réservé"]}
    )
    clause = generate.marche(5, considerationsSociales={"considerationSociale": ["Clause sociale"]})
    first, second = imported(decp_file, import_file, reserved, clause)
    for _round in range(2):
        reserved_fiche, _created = start(first, editor, index)
        clause_fiche, _created = start(second, editor, index)
        imported(decp_file, import_file, reserved, clause)  # a re-import between the clicks
    (link,) = reserved_fiche.supplier_links.all()
    assert link.actor.siret == generate.holder_siret(2)
    assert not clause_fiche.supplier_links.exists()
    assert list(ESSStructure.objects.values_list("siret", flat=True)) == [generate.holder_siret(2)]
    assert FichePage.objects.count() == 2


@pytest.mark.django_db
def test_the_edit_page_names_a_known_holder_the_editor_unlinked(
    client, decp_file, import_file, index, editor
):
    known = factories.ESSStructureFactory(siret=generate.holder_siret(1), name="Atelier vert")
    (candidate,) = imported(decp_file, import_file, generate.marche(1))
    fiche, _created = start(candidate, editor, index)
    assert [link.actor for link in fiche.supplier_links.all()] == [known]
    url = reverse("wagtailadmin_pages:edit", args=[fiche.pk])
    client.force_login(editor)
    assert "data-decp-holders" not in client.get(url).content.decode()  # all linked
    fiche.supplier_links = []
    fiche.save_revision(user=editor, clean=False)
    html = client.get(url).content.decode()
    assert "« Atelier vert », non liée à cette fiche." in html
    assert "non identifié comme structure de l'ESS" not in html


@pytest.mark.django_db
def test_the_unknown_holders_never_reach_the_public_page_or_the_api(
    client, decp_file, import_file, index, editor
):
    (candidate,) = imported(decp_file, import_file, generate.marche(1))
    fiche, _created = start(candidate, editor, index)
    fiche.chapo = "Un marché d'entretien des espaces verts."
    fiche.save_revision(user=editor, clean=False).publish()
    siret = generate.holder_siret(1)
    page = client.get(fiche.url)
    api = client.get(f"/api/v2/pages/{fiche.pk}/")
    assert page.status_code == 200 and api.status_code == 200
    assert fiche.title in page.content.decode()
    for response in (page, api):
        assert siret not in response.content.decode()
        assert "à vérifier" not in response.content.decode()


@pytest.mark.django_db
def test_the_holders_of_the_edit_page_take_two_queries_whatever_their_number(
    decp_file, import_file, index, editor, django_assert_num_queries
):
    factories.ESSStructureFactory(siret=generate.holder_siret(900))
    record = generate.marche(3, titulaires=holders(900, 901, 902, 903))
    (candidate,) = imported(decp_file, import_file, record)
    fiche, _created = start(candidate, editor, index)
    fiche = FichePage.objects.get(pk=fiche.pk)
    linked = [link.actor_id for link in fiche.supplier_links.all()]
    with django_assert_num_queries(2):
        found = actors.decp_holders(fiche, linked)
    assert [(siret, linked) for siret, _structure, linked in found] == [
        (generate.holder_siret(900), True),
        (generate.holder_siret(901), False),
        (generate.holder_siret(902), False),
        (generate.holder_siret(903), False),
    ]
    # A fiche not started from a record has none, with one query.
    other = factories.FichePageFactory(parent=index)
    with django_assert_num_queries(1):
        assert actors.decp_holders(other, []) == []
