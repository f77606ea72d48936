"""Management commands: the idempotent demo seed and the CPV import."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from wagtail.models import Revision

from fiches import reference_data, rules
from fiches.choices import Nature, ReservedArticle
from fiches.models import (
    Buyer,
    CPVCode,
    CustomImage,
    ESSStructure,
    FichePage,
    Operator,
    Theme,
)
from tests.helpers import CPV_FILE

BODY_BLOCK_TYPES = {
    "heading",
    "paragraph",
    "image",
    "testimony",
    "key_figures",
    "video",
    "document",
    "callout",
}
LEVER_FLAGS = [
    "social_clause",
    "social_criterion",
    "environmental_clause",
    "environmental_criterion",
]


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def counts():
    from wagtail.models import Page

    return {
        "pages": Page.objects.count(),
        "fiches": FichePage.objects.count(),
        "actors": Buyer.objects.count() + ESSStructure.objects.count() + Operator.objects.count(),
        "images": CustomImage.objects.count(),
        "themes": Theme.objects.count(),
        "revisions": Revision.objects.count(),
        "cpv": CPVCode.objects.count(),
        "users": get_user_model().objects.count(),
    }


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """Seeds once for the test class inside a transaction rolled back at the end: seeding is slow,
    and each test's own transaction is a savepoint nested in this one."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield run("seed_demo")
        transaction.set_rollback(True)


@pytest.mark.django_db
class TestSeedDemo:
    def test_covers_the_catalogue(self, seeded):
        fiches = list(FichePage.objects.live().specific())
        assert len(fiches) >= 12
        assert "fiche(s) créée(s)" in seeded
        assert len({fiche.region_id for fiche in fiches}) >= 6
        assert {fiche.nature for fiche in fiches} == set(Nature.values)
        assert len({fiche.procedure for fiche in fiches}) >= 4
        articles = [
            [row.article for row in fiche.reserved_articles.all()]
            for fiche in fiches
            if fiche.reserved
        ]
        assert {article for chosen in articles for article in chosen} == set(ReservedArticle.values)
        assert any(len(chosen) == 2 for chosen in articles)
        groupements = [fiche for fiche in fiches if fiche.groupement == "solidaire"]
        assert any(
            {(m.kind, m.count) for m in fiche.unnamed_members.all()} == {("esat", 3), ("siae", 5)}
            and fiche.supplier_links.filter(role="mandataire").exists()
            for fiche in groupements
        )
        for flag in LEVER_FLAGS:
            assert any(getattr(fiche, flag) for fiche in fiches), flag
        assert counts()["actors"] >= 20
        block_types = {block.block_type for fiche in fiches for block in fiche.body}
        assert block_types >= BODY_BLOCK_TYPES
        assert any(fiche.is_featured for fiche in fiches)

    def test_every_demo_fiche_is_valid(self, seeded):
        for fiche in FichePage.objects.specific():
            fiche.full_clean()
            # The rules on rows, as the edit form checks them.
            assert (
                rules.check_reserved(
                    reserved=fiche.reserved,
                    articles=[row.article for row in fiche.reserved_articles.all()],
                )
                == {}
            ), fiche.title
            assert (
                rules.check_groupement(
                    groupement=fiche.groupement,
                    lead_unknown=fiche.groupement_lead_unknown,
                    roles=[link.role for link in fiche.supplier_links.all()],
                    unnamed_counts=[row.count for row in fiche.unnamed_members.all()],
                )
                == {}
            ), fiche.title
            assert fiche.buyer_links.exists(), fiche.title
            assert fiche.supplier_links.exists(), fiche.title
            assert fiche.main_cpv_id, fiche.title
            assert fiche.hero_alt, fiche.title
        for model in (Buyer, ESSStructure, Operator):
            for actor in model.objects.all():
                actor.full_clean()

    def test_records_unknowns_and_partial_dates(self, seeded):
        fiches = {fiche.slug: fiche for fiche in FichePage.objects.live().specific()}
        festival = fiches["gobelets-reutilisables-festival-deux-rives"]
        assert (festival.procedure, festival.technique, festival.award_criteria_status) == (
            "non_renseigne",
            "non_renseigne",
            "non_renseigne",
        )
        assert (festival.notification_date, festival.duration_months) == ("2023-07", None)
        assert festival.buyer_links.get().actor.buyer_type == "non_renseigne"
        testimony = next(block for block in festival.body if block.block_type == "testimony")
        assert testimony.value["author"] == ""
        vendee = fiches["legumes-bio-esat-colleges-vendee"]
        assert (vendee.notification_date, vendee.execution_start, vendee.execution_end) == (
            "2015",
            "2015",
            "2021",
        )
        assert [(m.kind, m.date) for m in vendee.milestones.all()] == [
            ("premiere_attribution", "2011"),
            ("renouvellement", "2015"),
        ]
        assert vendee.supplier_links.get().actor.esus == "non_renseigne"

    def test_running_it_twice_creates_nothing_more(self, seeded):
        before = counts()
        output = run("seed_demo")
        assert counts() == before
        assert "(0 fiche(s) créée(s))" in output

    def test_with_admin_creates_one_superuser_once(self, seeded, monkeypatch):
        monkeypatch.setenv("DEMO_ADMIN_USER", "demo-admin")
        monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-password")
        User = get_user_model()
        run("seed_demo", "--with-admin")
        run("seed_demo", "--with-admin")
        admins = User.objects.filter(is_superuser=True)
        assert list(admins.values_list("username", flat=True)) == ["demo-admin"]
        assert admins.get().check_password("demo-password")

    def test_without_admin_creates_no_user(self, seeded):
        assert not get_user_model().objects.exists()


@pytest.fixture
def cpv_csv(tmp_path):
    """Writes a small CPV file and returns its path."""

    def write(content, *, encoding="utf-8"):
        path = tmp_path / "cpv.csv"
        path.write_bytes(content.encode(encoding))
        return str(path)

    return write


@pytest.mark.django_db
class TestImportCPV:
    def test_loads_the_official_list(self):
        if not CPV_FILE.exists():
            pytest.skip("../shared/data/cpv2008.csv is absent")
        # A database missing codes, with a label changed by hand: the list puts them back.
        CPVCode.objects.exclude(level=1).delete()
        CPVCode.objects.filter(code="45000000-7").update(label_fr="Ancien libellé")
        output = run("import_cpv", str(CPV_FILE))
        assert CPVCode.objects.count() == 9454
        # The divisions are updated, not duplicated.
        assert "9409 code(s) CPV créé(s), 1 mis à jour." in output
        assert CPVCode.objects.divisions().count() == 45
        assert CPVCode.objects.get(code="45000000-7").label_fr == "Travaux de construction"
        green = CPVCode.objects.get(code="77310000-6")
        assert green.level == 3
        assert green.division == "77"
        assert green.label_en == "Planting and maintenance services of green areas"

    def test_rerun_changes_nothing_and_fiches_keep_their_code(self, fiche):
        if not CPV_FILE.exists():
            pytest.skip("../shared/data/cpv2008.csv is absent")
        run("import_cpv", str(CPV_FILE))
        main_cpv = fiche.main_cpv_id
        before = list(CPVCode.objects.values_list("code", "digits", "level", "label_fr"))
        output = run("import_cpv", str(CPV_FILE))
        assert "0 code(s) CPV créé(s), 0 mis à jour." in output
        assert list(CPVCode.objects.values_list("code", "digits", "level", "label_fr")) == before
        fiche.refresh_from_db()
        assert fiche.main_cpv_id == main_cpv == "77310000-6"

    def test_the_migrations_installed_the_shipped_list(self):
        output = run("import_cpv", str(reference_data.CPV_LIST_PATH))
        assert "0 code(s) CPV créé(s), 0 mis à jour." in output
        assert CPVCode.objects.count() == 9454

    def test_write_reference_reproduces_the_shipped_file(self, tmp_path, monkeypatch):
        if not CPV_FILE.exists():
            pytest.skip("../shared/data/cpv2008.csv is absent")
        shipped = reference_data.CPV_LIST_PATH
        written = tmp_path / "cpv2008.csv.gz"
        monkeypatch.setattr(reference_data, "CPV_LIST_PATH", written)
        output = run("import_cpv", str(CPV_FILE), "--write-reference")
        assert f"9454 code(s) CPV écrits dans {written}." in output
        assert written.read_bytes() == shipped.read_bytes()

    def test_updates_labels_in_place(self, cpv_csv, fiche):
        path = cpv_csv(
            "code,label_fr,label_en\n77310000-6,Espaces verts (nouveau libellé),Green areas\n"
        )
        output = run("import_cpv", path)
        assert "0 code(s) CPV créé(s), 1 mis à jour." in output
        fiche.refresh_from_db()
        assert fiche.main_cpv.label_fr == "Espaces verts (nouveau libellé)"

    def test_accepts_a_byte_order_mark(self, cpv_csv):
        path = cpv_csv("\ufeffcode,label_fr,label_en\n77310000-6,Espaces verts,Green areas\n")
        run("import_cpv", path)
        assert CPVCode.objects.filter(code="77310000-6").exists()

    def test_missing_file(self, tmp_path):
        with pytest.raises(CommandError, match="Impossible de lire"):
            run("import_cpv", str(tmp_path / "absent.csv"))
        assert CPVCode.objects.count() == 9454

    def test_wrong_header(self, cpv_csv):
        path = cpv_csv("code;libelle\n77310000-6;Espaces verts\n")
        with pytest.raises(CommandError, match="En-tête inattendu"):
            run("import_cpv", path)
        assert CPVCode.objects.count() == 9454

    def test_not_utf8(self, cpv_csv):
        path = cpv_csv(
            "code,label_fr,label_en\n77310000-6,Réalisation d'espaces verts,Green areas\n",
            encoding="latin-1",
        )
        with pytest.raises(CommandError, match="n'est pas encodé en UTF-8"):
            run("import_cpv", path)
        assert CPVCode.objects.count() == 9454

    @pytest.mark.parametrize(
        ("line", "message"),
        [
            ("77310000,Espaces verts,Green areas", "Ligne 3 : « 77310000 » n'est pas un code"),
            ("7731-6,Espaces verts,Green areas", "Ligne 3 : « 7731-6 » n'est pas un code"),
            ("77310000-6,Espaces verts", "Ligne 3 : trois colonnes attendues"),
        ],
    )
    def test_bad_row_writes_nothing(self, cpv_csv, line, message):
        path = cpv_csv(f"code,label_fr,label_en\n90910000-9,Nettoyage,Cleaning\n{line}\n")
        with pytest.raises(CommandError, match=message):
            run("import_cpv", path)
        assert CPVCode.objects.count() == 9454
        assert CPVCode.objects.get(code="90910000-9").label_fr == "Services de nettoyage"
