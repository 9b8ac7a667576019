"""Bulk invitation from CSV: all or nothing, per-row French report."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import CohortFactory, DelegationFactory, MembershipFactory, TerritoryFactory
from transitions.invitation_import import invitations_import
from transitions.models import Invitation

pytestmark = pytest.mark.django_db

HEADER = "email,nom complet,rôle,catégorie,code territoire\n"


@pytest.fixture
def cohort():
    cohort = CohortFactory()
    DelegationFactory(cohort=cohort, territory=TerritoryFactory(name="Alpha", code="59001"))
    DelegationFactory(
        cohort=cohort,
        territory=TerritoryFactory(name="Beta", kind="ca", code="245909015"),
    )
    return cohort


def run(cohort, text: str, encoding: str = "utf-8"):
    return invitations_import(cohort=cohort, data=text.encode(encoding), invited_by=None)


def row_errors(report) -> dict[int, str]:
    return {r["line"]: " ; ".join(r["errors"]) for r in report.rows if r["errors"]}


def test_a_clean_file_creates_every_invitation_and_mails_each_person(
    cohort, django_capture_on_commit_callbacks
):
    text = HEADER + (
        "a@exemple.fr,Ana Un,agent,agent de collectivité,59001\n"
        "b@exemple.fr,Bo Deux,participant,Élu·e,245909015\n"
        "c@exemple.fr,Cy Trois,chercheur,,\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = run(cohort, text)
    assert report.ok and report.created == 3
    invitation = Invitation.objects.get(email="b@exemple.fr")
    assert invitation.category == "ELU" and invitation.delegation.territory.name == "Beta"
    assert Invitation.objects.get(email="c@exemple.fr").delegation is None
    assert sorted(m.to[0] for m in mail.outbox) == ["a@exemple.fr", "b@exemple.fr", "c@exemple.fr"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("pas-une-adresse,X,agent,élu,59001", "adresse e-mail invalide"),
        ("x@exemple.fr,X,participant,élu,99999", "territoire inconnu « 99999 »"),
        ("x@exemple.fr,X,participant,boulanger,59001", "catégorie inconnue « boulanger »"),
        ("x@exemple.fr,X,astronaute,élu,59001", "rôle inconnu « astronaute »"),
        ("x@exemple.fr,X,participant,,59001", "catégorie d'acteur manquante"),
        ("x@exemple.fr,X,participant,élu,", "code territoire manquant"),
    ],
)
def test_each_kind_of_bad_row_is_reported_and_nothing_is_saved(cohort, row, message):
    text = HEADER + "ok@exemple.fr,Ok,agent,agent de collectivité,59001\n" + row + "\n"
    report = run(cohort, text)
    assert not report.ok
    errors = row_errors(report)
    assert list(errors) == [3]
    assert message in errors[3]
    assert Invitation.objects.count() == 0


def test_a_duplicate_row_in_the_file_is_reported_with_the_first_line(cohort):
    text = HEADER + (
        "dup@exemple.fr,A,participant,élu,59001\nDUP@exemple.fr,A,participant,élu,59001\n"
    )
    report = run(cohort, text)
    assert "doublon" in row_errors(report)[3] and "ligne 2" in row_errors(report)[3]
    assert Invitation.objects.count() == 0


def test_a_person_already_member_or_invited_is_a_duplicate(cohort):
    MembershipFactory(cohort=cohort, role="researcher", user__email="deja@exemple.fr")
    run(cohort, "invite@exemple.fr,I,chercheur,,\n")
    report = run(cohort, "deja@exemple.fr,D,chercheur,,\ninvite@exemple.fr,I,chercheur,,\n")
    errors = row_errors(report)
    assert "déjà membre" in errors[1]
    assert "invitation en attente" in errors[2]
    assert Invitation.objects.count() == 1


def test_a_latin1_file_with_semicolons_is_read(cohort):
    text = (
        (
            "email;nom complet;rôle;catégorie;code territoire\n"
            "hélène@exemple.fr;Hélène Géraud;participant;Agent de l'État;59001\n"
            "rené@exemple.fr;René Çà;participant;élu;245909015\n"
        )
        .replace("hélène@", "helene@")
        .replace("rené@", "rene@")
    )
    report = run(cohort, text, encoding="latin-1")
    assert report.ok, row_errors(report)
    assert Invitation.objects.get(email="helene@exemple.fr").full_name == "Hélène Géraud"
    assert Invitation.objects.get(email="helene@exemple.fr").category == "AGENT_ETAT"


def test_a_utf8_file_with_a_bom_is_read(cohort):
    data = "\ufeff" + HEADER + "bom@exemple.fr,Zoé Bom,participant,socio-économique,59001\n"
    report = invitations_import(cohort=cohort, data=data.encode("utf-8"), invited_by=None)
    assert report.ok, (report.errors, row_errors(report))
    assert Invitation.objects.get(email="bom@exemple.fr").category == "ACTEUR_SOCIO_ECONOMIQUE"


def test_a_file_without_header_is_read_in_column_order(cohort):
    report = run(cohort, "nohead@exemple.fr,Sans Titre,agent,ELU,59001\n")
    assert report.ok and report.created == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "vide"),
        (b"email,nom\n", "en-tête non reconnu"),
        (HEADER.encode(), "aucune personne"),
        (b"\x00\x01\x02binary", "pas un fichier CSV"),
    ],
)
def test_unusable_files_get_a_french_message(cohort, data, message):
    report = invitations_import(cohort=cohort, data=data, invited_by=None)
    assert not report.ok
    assert message in " ".join(report.errors)


def test_the_import_page_shows_the_per_row_report_and_saves_nothing(client, cohort):
    facilitator = MembershipFactory(cohort=cohort, role="facilitator").user
    client.force_login(facilitator)
    upload = SimpleUploadedFile(
        "people.csv",
        (HEADER + "ok@exemple.fr,Ok,agent,élu,59001\nko@exemple.fr,Ko,agent,élu,00000\n").encode(),
        content_type="text/csv",
    )
    response = client.post(
        reverse("transitions:invitation-import", args=[cohort.pk]), {"file": upload}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert (
        "aucune invitation n&#x27;a été enregistrée" in content
        or "aucune invitation n'a été enregistrée" in content
    )
    assert "Ligne 3" in content and "territoire inconnu" in content
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xef\xbb\xbf\xff\xfe,a\n", "en-tête non reconnu"),
        (
            (HEADER + "ok@exemple.fr,Ok,agent,agent de collectivité,59001\n" * 1).encode()
            + b"x" * 5000
            + b"\x00\n",
            "pas un fichier CSV",
        ),
        (
            (HEADER + "z@exemple.fr," + "N" * 200_000 + ",participant,élu,59001\n").encode(),
            "pas un fichier CSV",
        ),
    ],
    ids=["bom-then-latin1", "nul-byte-late", "cell-over-csv-limit"],
)
def test_unreadable_files_get_a_french_message_not_an_error_page(cohort, data, message):
    report = invitations_import(cohort=cohort, data=data, invited_by=None)
    assert not report.ok
    assert message in " ".join(report.errors)
    assert Invitation.objects.count() == 0


def test_a_name_or_email_longer_than_we_store_is_reported_on_its_row(cohort):
    long_email = f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * 63}.fr"
    text = HEADER + (
        "ok@exemple.fr," + "N" * 151 + ",participant,élu,59001\n"
        f"{long_email},Ok,participant,élu,59001\n"
    )
    report = run(cohort, text)
    errors = row_errors(report)
    assert "nom trop long (151 caractères, 150 au plus)" in errors[2]
    assert "adresse e-mail invalide" in errors[3]
    assert Invitation.objects.count() == 0


def test_the_optional_sub_role_column_is_saved_on_each_invitation(cohort):
    text = (
        "email,nom complet,rôle,catégorie,code territoire,sous-rôle\n"
        "a@exemple.fr,Ana Un,participant,élu,59001,Adjoint·e\n"
        "b@exemple.fr,Bo Deux,agent,agent de collectivité,59001,dgs\n"
        "c@exemple.fr,Cy Trois,participant,socio-économique,59001,\n"
    )
    report = run(cohort, text)
    assert report.ok and report.created == 3
    saved = dict(Invitation.objects.values_list("email", "sub_role"))
    assert saved == {"a@exemple.fr": "adjoint", "b@exemple.fr": "dgs", "c@exemple.fr": ""}


def test_a_file_without_header_reads_the_sub_role_in_sixth_position(cohort):
    report = run(cohort, "a@exemple.fr;Ana Un;participant;élu;59001;maire\n")
    assert report.ok
    assert Invitation.objects.get().sub_role == "maire"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x@exemple.fr,X,participant,élu,59001,DGS", "impossible pour la catégorie Élu·e"),
        ("x@exemple.fr,X,participant,élu,59001,boulanger", "sous-rôle inconnu « boulanger »"),
        ("x@exemple.fr,X,chercheur,,,maire", "seul·es les agent·es et participant·es"),
    ],
)
def test_a_sub_role_that_does_not_fit_is_reported_on_its_row_and_nothing_is_saved(
    cohort, row, message
):
    text = (
        "email,nom complet,rôle,catégorie,code territoire,sous-rôle\n"
        "ok@exemple.fr,Ok,participant,élu,59001,maire\n" + row + "\n"
    )
    report = run(cohort, text)
    assert not report.ok
    errors = row_errors(report)
    assert list(errors) == [3] and message in errors[3]
    assert Invitation.objects.count() == 0
