"""The admin view « À documenter »: who sees it, its counts per region, CPV division, lever and
year, its filters, the candidates already documented, the action that starts a fiche and a
constant number of queries."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from fiches import factories
from fiches.models import DecpCandidate, FichePage
from fiches.opendata.decp_import import generate, services
from tests.helpers import assert_same_queries, make_user, rendered_query_count

URL = reverse("fiches_decp_candidates")


def import_records(records):
    text = io.StringIO()
    generate.write(text, records)
    return services.import_decp(io.BytesIO(text.getvalue().encode()))


def social(*values):
    return {"considerationSociale": list(values)}


@pytest.fixture
def candidates(db):
    """Five candidates: Bretagne (commune 35238) and Île-de-France (postcode 75011), two CPV
    divisions, three years."""
    records = [
        generate.marche(
            1,
            lieuExecution={"code": "35238", "typeCode": "Code commune"},
            codeCPV="77310000",
            dateNotification="2022-03-01",
            considerationsSociales=social("Marché réservé"),
        ),
        generate.marche(
            2,
            lieuExecution={"code": "35238", "typeCode": "Code commune"},
            codeCPV="77310000",
            dateNotification="2023-03-01",
            considerationsSociales=social("Clause sociale", "Critère social"),
        ),
        generate.marche(
            3,
            lieuExecution={"code": "75011", "typeCode": "Code postal"},
            codeCPV="90910000",
            dateNotification="2023-06-30",
            considerationsSociales=social("Clause sociale"),
        ),
        generate.marche(
            4,
            lieuExecution={"code": "FR", "typeCode": "Code pays"},
            codeCPV="90910000",
            dateNotification="2024-01-15",
            considerationsSociales=social("Marché réservé", "Clause sociale"),
        ),
        generate.marche(
            5,
            lieuExecution={"code": "75011", "typeCode": "Code postal"},
            codeCPV="90910000",
            dateNotification="2024-01-15",
            considerationsSociales=social("Critère social"),
        ),
    ]
    import_records(records)
    return DecpCandidate.objects.order_by("decp_id")


@pytest.fixture
def contributor(db, index):
    return make_user("contributrice", "Contributeurs")


def facet(response, name):
    """``{value: count}`` of one facet of the view."""
    return {
        value: count
        for key, _label, values in response.context["facets"]
        if key == name
        for value, _value_label, count, _url in values
    }


def shown_ids(response):
    return [row["candidate"].decp_id for row in response.context["rows"]]


@pytest.mark.django_db
class TestPermissions:
    def test_anonymous_visitors_are_sent_to_the_login(self, client, index):
        response = client.get(URL)
        assert response.status_code == 302 and "login" in response.url

    def test_admin_users_who_cannot_add_fiches_are_refused(self, client, index, candidates):
        user = get_user_model().objects.create_user("lecteur", "l@example.org", "x")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)
        # Wagtail's admin turns a refusal into a redirection to the dashboard with a message.
        response = client.get(URL)
        assert response.status_code == 302 and response.url != URL
        response = client.post(reverse("fiches_decp_start", args=[candidates[0].pk]))
        assert response.status_code == 302 and not FichePage.objects.exists()
        assert URL not in client.get(reverse("wagtailadmin_home")).content.decode()

    @pytest.mark.parametrize("group", ["Contributeurs", "Modérateurs"])
    def test_editors_and_moderators_see_it_in_the_menu(self, client, index, group):
        client.force_login(make_user("editeur", group))
        assert client.get(URL).status_code == 200
        assert URL in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.django_db
class TestCounts:
    def test_counts_per_region_division_lever_and_year(self, client, contributor, candidates):
        client.force_login(contributor)
        response = client.get(URL)
        assert response.status_code == 200
        assert response.context["counts"]["total"] == 5
        assert facet(response, "region") == {"53": 2, "11": 2, "": 1}
        assert facet(response, "division") == {"77": 2, "90": 3}
        levers = facet(response, "levier")
        assert (levers["reserved"], levers["social_clause"], levers["social_criterion"]) == (
            2,
            3,
            2,
        )
        assert "ess_holder" not in levers  # no holder is a known ESS structure
        assert facet(response, "annee") == {2024: 2, 2023: 2, 2022: 1}
        html = response.content.decode()
        assert "Bretagne" in html and "Île-de-France" in html and "Région non renseignée" in html
        assert "5 contrats, dont 0 déjà documentés." in " ".join(html.split())

    def test_filters_narrow_the_list_and_the_counts(self, client, contributor, candidates):
        client.force_login(contributor)
        response = client.get(URL, {"region": "53"})
        assert shown_ids(response) == ["G0000000002", "G0000000001"]
        assert facet(response, "region") == {"53": 2}
        response = client.get(URL, {"division": "90", "levier": "reserved"})
        assert shown_ids(response) == ["G0000000004"]
        response = client.get(URL, {"annee": "2023"})
        assert sorted(shown_ids(response)) == ["G0000000002", "G0000000003"]
        response = client.get(URL, {"levier": "social_criterion", "annee": "2024"})
        assert shown_ids(response) == ["G0000000005"]

    def test_the_decp_filter_keeps_the_contracts_of_one_id(self, client, contributor, candidates):
        client.force_login(contributor)
        third = candidates.get(decp_id="G0000000003")
        response = client.get(URL, {"decp": " G0000000003 "})
        assert shown_ids(response) == ["G0000000003"]
        html = response.content.decode()
        # The row the « Origine de la fiche » panel points to, and the filter to remove.
        assert f'id="decp-candidate-{third.pk}"' in html
        assert "Identifiant DECP : G0000000003 ×" in html
        assert response.context["counts"]["total"] == 1
        assert shown_ids(client.get(URL, {"decp": "G0000000099"})) == []

    @pytest.mark.parametrize("value", ["x" * 65, "G1\x00", "G1\nG2"])
    def test_a_bad_decp_id_is_ignored_with_a_notice(self, client, contributor, candidates, value):
        client.force_login(contributor)
        response = client.get(URL, {"decp": value})
        assert response.status_code == 200
        assert len(shown_ids(response)) == 5
        assert "Le filtre « Identifiant DECP » n&#x27;a pas de valeur" in response.content.decode()

    def test_an_unknown_filter_value_is_ignored_with_a_notice(
        self, client, contributor, candidates
    ):
        client.force_login(contributor)
        response = client.get(URL, {"region": "XX", "levier": "<script>", "annee": "deux"})
        assert response.status_code == 200
        assert len(shown_ids(response)) == 5
        html = response.content.decode()
        assert "Le filtre « Région » n&#x27;a pas de valeur « XX » : il est ignoré." in html
        assert "<script>" not in html and "&lt;script&gt;" in html
        assert client.get(URL, {"page": "999"}).status_code == 200

    def test_the_query_count_does_not_grow_with_the_candidates(self, client, contributor, db):
        client.force_login(contributor)
        import_records([generate.marche(number) for number in (1, 2)])
        small = rendered_query_count(client, URL)
        import_records([generate.marche(number) for number in range(40)])
        for number in (10, 11, 12):  # holders the directory knows, named on their rows
            factories.ESSStructureFactory(siret=generate.holder_siret(number))
        large = rendered_query_count(client, URL)
        assert_same_queries(small, large)


@pytest.mark.django_db
def test_each_row_says_which_holders_the_directory_knows(client, contributor):
    factories.ESSStructureFactory(siret=generate.holder_siret(900), name="Atelier vert")
    titulaires = [
        {"titulaire": {"typeIdentifiant": "SIRET", "id": generate.holder_siret(number)}}
        for number in (900, 901)
    ]
    import_records([generate.marche(1, titulaires=titulaires), generate.marche(2)])
    client.force_login(contributor)
    response = client.get(URL)
    rows = {row["candidate"].decp_id: row["holders"] for row in response.context["rows"]}
    known = rows["G0000000001"][0][1]
    assert rows["G0000000001"] == [
        (generate.holder_siret(900), known),
        (generate.holder_siret(901), None),
    ]
    assert known.name == "Atelier vert"
    assert rows["G0000000002"] == [(generate.holder_siret(2), None)]
    html = " ".join(response.content.decode().split())
    assert (
        f"{generate.holder_siret(900)} : structure de l'ESS de l'annuaire « Atelier vert »" in html
    )
    assert f"{generate.holder_siret(901)} : non identifié comme structure de l'ESS" in html


@pytest.mark.django_db
class TestDocumenting:
    def test_the_action_starts_a_fiche_and_marks_the_candidate(
        self, client, contributor, candidates
    ):
        client.force_login(contributor)
        candidate = candidates[0]
        response = client.post(reverse("fiches_decp_start", args=[candidate.pk]))
        fiche = FichePage.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_pages:edit", args=[fiche.pk])
        assert fiche.decp_id == candidate.decp_id and not fiche.live
        # The draft opens in the edit form.
        assert client.get(response.url).status_code == 200
        response = client.get(URL)
        (row,) = [row for row in response.context["rows"] if row["candidate"].pk == candidate.pk]
        assert row["fiche_url"] == reverse("wagtailadmin_pages:edit", args=[fiche.pk])
        assert "Documenté : voir la fiche" in response.content.decode()
        assert response.context["counts"]["documented"] == 1
        assert shown_ids(client.get(URL, {"statut": "documentes"})) == [candidate.decp_id]
        assert candidate.decp_id not in shown_ids(client.get(URL, {"statut": "a_documenter"}))
        # A second click opens the same fiche.
        again = client.post(reverse("fiches_decp_start", args=[candidate.pk]))
        assert again.url == response_url(fiche) and FichePage.objects.count() == 1

    def test_a_fiche_entered_by_hand_with_the_decp_id_marks_it(
        self, client, contributor, candidates, index
    ):
        buyer = factories.BuyerFactory(siret=candidates[1].buyer_siret)
        fiche = factories.FichePageFactory(
            parent=index, decp_id=candidates[1].decp_id, buyers=[buyer]
        )
        client.force_login(contributor)
        response = client.get(URL, {"statut": "documentes"})
        assert shown_ids(response) == [candidates[1].decp_id]
        assert response.context["rows"][0]["fiche_url"] == response_url(fiche)

    def test_the_action_answers_only_a_post_for_an_existing_candidate(
        self, client, contributor, candidates
    ):
        client.force_login(contributor)
        assert client.get(reverse("fiches_decp_start", args=[candidates[0].pk])).status_code == 405
        # (The admin's URLs are under the language prefix, that a 404 is redirected to.)
        missing = "/fr" + reverse("fiches_decp_start", args=[999999])
        assert client.post(missing).status_code == 404
        assert not FichePage.objects.exists()


def response_url(fiche):
    return reverse("wagtailadmin_pages:edit", args=[fiche.pk])


@pytest.mark.django_db
def test_the_newest_come_first_and_the_undated_last(client, contributor):
    import_records(
        [
            generate.marche(1, dateNotification="2021-00-01"),  # not a day: no date
            generate.marche(2, dateNotification="2020-05-01"),
            generate.marche(4, dateNotification="2024-05-01"),
        ]
    )
    client.force_login(contributor)
    response = client.get(URL)
    assert shown_ids(response) == ["G0000000004", "G0000000002", "G0000000001"]
    assert "Non renseignée" in response.content.decode()
