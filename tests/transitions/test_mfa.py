"""Second factor (allauth.mfa): offered to everyone, required for staff, facilitators and
researchers; TOTP and recovery codes at login; the lockout policy."""

from __future__ import annotations

import time
import uuid

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from tests.factories import MembershipFactory, UserFactory, give_mfa, totp_code
from transitions.models import Cohort

pytestmark = pytest.mark.django_db

SETUP = "/accounts/2fa/totp/activate/"


def signed_in_just_now(client) -> None:
    """Type the password again (force_login records no sign-in time): setting up or
    removing a second factor asks for it when the last sign-in is not recent."""
    response = client.post("/accounts/reauthenticate/", {"password": "motdepasse-solide-42"})
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.fixture
def facilitator_without_mfa(world):
    Authenticator.objects.filter(user=world.facilitator).delete()
    return world.facilitator


@pytest.mark.parametrize("persona", ["facilitator", "researcher", "staff"])
def test_a_role_that_requires_a_second_factor_is_sent_to_set_it_up_first(client, world, persona):
    user = getattr(world, persona)
    Authenticator.objects.filter(user=user).delete()
    client.force_login(user)
    signed_in_just_now(client)
    response = client.get(reverse("transitions:cohort-list"), follow=True)
    assert response.redirect_chain[-1][0] == SETUP
    page = response.content.decode()
    assert "activez d&#x27;abord la double authentification" in page
    assert "Activer la double authentification" in page


def test_a_write_is_refused_before_the_view_runs_without_a_second_factor(
    client, facilitator_without_mfa, world
):
    client.force_login(facilitator_without_mfa)
    before = Cohort.objects.count()
    response = client.post(reverse("transitions:cohort-create"), {"name": "Sans 2FA", "year": 2026})
    assert response.status_code == 302 and response["Location"] == SETUP
    assert Cohort.objects.count() == before


def test_an_htmx_request_without_a_second_factor_is_redirected_by_htmx(
    client, facilitator_without_mfa
):
    client.force_login(facilitator_without_mfa)
    response = client.get(reverse("transitions:cohort-list"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == SETUP


@pytest.mark.parametrize(
    "url", ["/accounts/2fa/", SETUP, "/accounts/logout/", "/healthz", "/accounts/reauthenticate/"]
)
def test_setup_logout_and_health_stay_reachable_without_a_second_factor(
    client, facilitator_without_mfa, url
):
    client.force_login(facilitator_without_mfa)
    response = client.get(url)
    assert response.status_code == 200 or (
        response.status_code == 302 and response["Location"] != SETUP
    )


def test_signing_out_works_without_a_second_factor(client, facilitator_without_mfa):
    client.force_login(facilitator_without_mfa)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("persona", ["elu", "agent_a", "outsider"])
def test_participants_and_agents_are_offered_a_second_factor_but_not_forced(client, world, persona):
    client.force_login(getattr(world, persona))
    response = client.get(reverse("transitions:profile"))
    assert response.status_code == 200
    assert "Gérer la double authentification" in response.content.decode()
    assert client.get("/accounts/2fa/").status_code == 200


def test_setting_up_the_authenticator_app_lets_a_facilitator_in_with_recovery_codes(
    client, facilitator_without_mfa
):
    client.force_login(facilitator_without_mfa)
    # Activation asks for the password again when the sign-in is not recent.
    signed_in_just_now(client)
    page = client.get(SETUP)
    assert page.status_code == 200
    secret = page.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(SETUP, {"code": code})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Authenticator.objects.filter(
        user=facilitator_without_mfa, type=Authenticator.Type.TOTP
    ).exists()
    assert Authenticator.objects.filter(
        user=facilitator_without_mfa, type=Authenticator.Type.RECOVERY_CODES
    ).exists()
    assert client.get(reverse("transitions:cohort-list")).status_code == 200


def test_a_wrong_code_does_not_activate_the_authenticator_app(client, facilitator_without_mfa):
    client.force_login(facilitator_without_mfa)
    signed_in_just_now(client)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 200
    assert "Code incorrect" in response.content.decode()
    assert not Authenticator.objects.filter(user=facilitator_without_mfa).exists()


def sign_in_with_password(client, user, password="motdepasse-solide-42"):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def test_a_password_alone_does_not_sign_in_an_account_with_a_second_factor(client, world):
    response = sign_in_with_password(client, world.staff)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Double authentification" in page


def test_the_authenticator_app_code_completes_the_sign_in(client, world):
    sign_in_with_password(client, world.facilitator)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.facilitator.pk)
    assert client.get(reverse("transitions:cohort-list")).status_code == 200


def test_a_wrong_or_replayed_code_is_refused_in_french(client, world):
    sign_in_with_password(client, world.researcher)
    wrong = client.post(reverse("mfa_authenticate"), {"code": "12345"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    assert "Code incorrect" in wrong.content.decode()
    code = totp_code()
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.session["_auth_user_id"] == str(world.researcher.pk)
    client.post("/accounts/logout/")
    sign_in_with_password(client, world.researcher)
    replay = client.post(reverse("mfa_authenticate"), {"code": code})
    assert "_auth_user_id" not in client.session, replay.status_code


def test_a_recovery_code_signs_in_once(client, world):
    codes = RecoveryCodes(
        Authenticator.objects.get(user=world.staff, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert len(codes) == 10
    sign_in_with_password(client, world.staff)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert client.session["_auth_user_id"] == str(world.staff.pk)
    client.post("/accounts/logout/")
    sign_in_with_password(client, world.staff)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": codes[1]})
    assert client.session["_auth_user_id"] == str(world.staff.pk)


def test_the_recovery_codes_page_shows_the_unused_codes_without_inline_script(client, world):
    client.force_login(world.staff)
    signed_in_just_now(client)
    response = client.get(reverse("mfa_view_recovery_codes"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Codes de secours" in page
    codes = RecoveryCodes(
        Authenticator.objects.get(user=world.staff, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert codes[0] in page
    assert "<script>" not in page and "data-allauth-onload" not in page


def test_someone_who_must_have_a_second_factor_cannot_remove_it(client, world):
    client.force_login(world.facilitator)
    signed_in_just_now(client)
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(
        user=world.facilitator, type=Authenticator.Type.TOTP
    ).exists()


def test_a_participant_may_remove_the_second_factor_they_chose(client, world):
    give_mfa(world.elu)
    client.force_login(world.elu)
    signed_in_just_now(client)
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=world.elu, type=Authenticator.Type.TOTP).exists()


def test_membership_factories_give_facilitators_and_researchers_a_second_factor(db):
    facilitator = MembershipFactory(role="facilitator").user
    participant = MembershipFactory(role="participant").user
    assert Authenticator.objects.filter(user=facilitator).count() == 2
    assert not Authenticator.objects.filter(user=participant).exists()


# --- Lockout policy ------------------------------------------------------------------------


def _login(client, email, password, ip):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def _refused(response) -> bool:
    return response.status_code == 429 or "Trop de tentatives" in response.content.decode()


@pytest.fixture
def victim(password):
    # A fresh address per run: the shared (Redis) cache outlives the test.
    return UserFactory(email=f"cible-{uuid.uuid4().hex[:10]}@exemple.fr", password=password)


def _ip() -> str:
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250 + 1}"


@pytest.mark.shared_cache
@pytest.mark.ratelimit
def test_a_stranger_guessing_a_password_locks_out_only_themselves(client, victim, password):
    attacker, owner = _ip(), _ip()
    for _ in range(5):
        assert not _refused(_login(client, victim.email, "mauvais", attacker))
    assert _refused(_login(client, victim.email, password, attacker))
    assert "_auth_user_id" not in client.session
    # The account's owner, from their own address, is not locked out.
    response = _login(client, victim.email, password, owner)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(victim.pk)


@pytest.mark.shared_cache
@pytest.mark.ratelimit
def test_a_lockout_ends_by_itself_after_five_minutes(client, victim, password, monkeypatch):
    attacker = _ip()
    for _ in range(5):
        _login(client, victim.email, "mauvais", attacker)
    assert _refused(_login(client, victim.email, password, attacker))
    later = time.time() + 5 * 60 + 1
    monkeypatch.setattr("allauth.core.internal.ratelimit.time.time", lambda: later)
    response = _login(client, victim.email, password, attacker)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(victim.pk)


@pytest.mark.shared_cache
@pytest.mark.ratelimit
def test_one_address_cannot_spray_guesses_over_many_accounts(client, password):
    attacker = _ip()
    refused = 0
    for n in range(12):
        email = f"spray-{uuid.uuid4().hex[:8]}-{n}@exemple.fr"
        refused += _refused(_login(client, email, "mauvais", attacker))
    assert refused == 2  # 10 a minute per address


@pytest.mark.shared_cache
@pytest.mark.ratelimit
def test_guessing_the_second_factor_is_limited_for_whoever_holds_the_password(client, world):
    for _ in range(5):
        client.post(
            reverse("account_login"),
            {"login": world.staff.email, "password": "motdepasse-solide-42"},
        )
        client.post(reverse("mfa_authenticate"), {"code": "000000"})
    sign_in_with_password(client, world.staff)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert "_auth_user_id" not in client.session
    assert _refused(response) or "Trop de tentatives" in response.content.decode()


# --- The demo (`make run`) -----------------------------------------------------------------


def test_the_demo_facilitator_signs_in_with_the_debug_only_code(client, settings, monkeypatch):
    from transitions import demo

    monkeypatch.setattr(demo, "_demo_loaders", [])
    settings.DEBUG = True
    settings.MFA_TOTP_INSECURE_BYPASS_CODE = "000000"
    demo.load_demo()
    response = client.post(
        reverse("account_login"),
        {"login": "animation@demo.transitions.fr", "password": demo.DEMO_PASSWORD},
    )
    assert response["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert client.session["_auth_user_id"]
    assert client.get(reverse("transitions:cohort-list")).status_code == 200


def test_without_the_demo_code_demo_accounts_get_no_authenticator(db, monkeypatch):
    from transitions import demo

    monkeypatch.setattr(demo, "_demo_loaders", [])
    demo.load_demo()
    assert not Authenticator.objects.exists()
