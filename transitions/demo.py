"""Demo data for `make run`: fictitious people and territories only, safe to load twice.

One demo cohort ("Territoires pilotes — démonstration") facilitated by the demo
facilitator, ten fictitious pilot territories spanning the range the seeds describe
(a 1,700-inhabitant commune to a 108,000-inhabitant communauté urbaine, in
Hauts-de-France, Centre-Val de Loire, Auvergne-Rhône-Alpes and Occitanie), each with a
delegation of the four actor categories. Every row is looked up by a natural key before
being created, so running it again duplicates nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from transitions.models import (
    ActorCategory,
    Cohort,
    Meeting,
    MeetingKind,
    Membership,
    Role,
    StageKind,
    StageStatus,
    User,
)
from transitions.roles import roles_of

DEMO_PASSWORD = "demo-transitions"
DEMO_COHORT_NAME = "Territoires pilotes — démonstration"
DEMO_COHORT_YEAR = 2026

# Feature apps add their demo content (diagnostics, peer contributions…) by registering
# a loader from AppConfig.ready(); each loader must be idempotent.
_demo_loaders: list[Callable[[], None]] = []


def register_demo_loader(loader: Callable[[], None]) -> None:
    if loader not in _demo_loaders:
        _demo_loaders.append(loader)


DEMO_ACCOUNTS = [
    ("Administration (staff)", "admin@demo.transitions.fr", "Camille Admin", True),
    ("Animateur·rice", "animation@demo.transitions.fr", "Alex Animateur", False),
    ("Agent·e de territoire", "agent@demo.transitions.fr", "Dominique Agent", False),
    ("Participant·e", "participant@demo.transitions.fr", "Sacha Participant", False),
    ("Chercheur·e", "recherche@demo.transitions.fr", "Morgan Chercheur", False),
]

# Fictitious territories. INSEE codes have the right shape; SIRENs pass the Luhn check.
# (name, kind, code, population, region, geography, maturity, ess_integration, label)
DEMO_TERRITORIES = [
    (
        "Bruyères-les-Terrils",
        "commune",
        "62901",
        1_700,
        "HDF",
        "rural",
        "experienced",
        "high",
        "Liste citoyenne",
    ),
    ("Saint-Aubin-des-Genêts", "commune", "41290", 4_300, "CVL", "rural", "beginner", "low", ""),
    (
        "Montcalme-sur-Orb",
        "commune",
        "34350",
        12_800,
        "OCC",
        "mixed",
        "intermediate",
        "medium",
        "EELV",
    ),
    (
        "Villeneuve-sur-Arvière",
        "commune",
        "74299",
        24_000,
        "ARA",
        "urban",
        "intermediate",
        "medium",
        "PS",
    ),
    (
        "Communauté urbaine de Valmont-Escaut",
        "cu",
        "245909015",
        108_000,
        "HDF",
        "urban",
        "experienced",
        "high",
        "PS",
    ),
    (
        "Agglomération du Val de Brenne",
        "ca",
        "244109021",
        62_000,
        "CVL",
        "mixed",
        "beginner",
        "medium",
        "LRM",
    ),
    (
        "Agglomération des Coteaux du Forez",
        "ca",
        "244209037",
        45_000,
        "ARA",
        "mixed",
        "intermediate",
        "low",
        "",
    ),
    (
        "PETR du Pays des Causses",
        "petr",
        "200039048",
        38_000,
        "OCC",
        "rural",
        "beginner",
        "medium",
        "",
    ),
    (
        "Communauté de communes des Monts d'Aurière",
        "cc",
        "246309058",
        9_500,
        "ARA",
        "rural",
        "beginner",
        "low",
        "Liste citoyenne",
    ),
    (
        "Communauté de communes Garonne-Lauragais",
        "cc",
        "243109063",
        21_000,
        "OCC",
        "rural",
        "intermediate",
        "medium",
        "EELV",
    ),
]

# Invented first names and surnames: no real person is named.
FIRST_NAMES = [
    "Aude",
    "Basile",
    "Céleste",
    "Doriane",
    "Elouan",
    "Firmin",
    "Gaëlle",
    "Hélios",
    "Iris",
    "Jory",
]
SURNAMES = {
    ActorCategory.ELU: "Maire-Démo",
    ActorCategory.AGENT_COLLECTIVITE: "Agent-Démo",
    ActorCategory.AGENT_ETAT: "État-Démo",
    ActorCategory.ACTEUR_SOCIO_ECONOMIQUE: "Ess-Démo",
}
EMAIL_PART = {
    ActorCategory.ELU: "elu",
    ActorCategory.AGENT_COLLECTIVITE: "agent",
    ActorCategory.AGENT_ETAT: "etat",
    ActorCategory.ACTEUR_SOCIO_ECONOMIQUE: "ess",
}


def demo_user(email: str, full_name: str, *, staff: bool = False) -> User:
    """A demo account with the demo password and a verified email (created once)."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "is_staff": staff, "is_superuser": staff}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _member(user, cohort, role, *, category="", delegation=None) -> None:
    Membership.objects.get_or_create(
        user=user,
        cohort=cohort,
        role=role,
        defaults={
            "category": category,
            "delegation": delegation,
            "research_consent": True,
            "research_consent_at": timezone.now(),
        },
    )


def demo_cohort() -> Cohort | None:
    """The demo cohort, or None before the core demo ran: every app's loader starts here."""
    return Cohort.objects.filter(name=DEMO_COHORT_NAME, year=DEMO_COHORT_YEAR).first()


def _load_cohort(accounts: dict[str, User]) -> Cohort:
    from transitions.services import cohort_create

    # territories sits above the core: reach its models through the app registry.
    Territory = apps.get_model("territories", "Territory")
    Delegation = apps.get_model("territories", "Delegation")

    facilitator = accounts["animation@demo.transitions.fr"]
    cohort = demo_cohort()
    created = cohort is None
    if created:
        cohort = cohort_create(
            name=DEMO_COHORT_NAME,
            year=DEMO_COHORT_YEAR,
            created_by=facilitator,
            starts_on=dt.date(2026, 1, 15),
            ends_on=dt.date(2027, 6, 30),
            description=(
                "Cohorte de démonstration : dix territoires pilotes fictifs traversent le "
                "parcours, du diagnostic systémique aux projets pilotes."
            ),
        )
        today = timezone.localdate()
        for stage in cohort.stages.all():
            _status, start, end = DEMO_SCHEDULE[stage.kind]
            stage.opens_on = today + dt.timedelta(days=start)
            stage.closes_on = today + dt.timedelta(days=end)
            stage.save(update_fields=["opens_on", "closes_on"])
    _member(facilitator, cohort, Role.FACILITATOR)
    _member(accounts["recherche@demo.transitions.fr"], cohort, Role.RESEARCHER)

    stages = {s.kind: s for s in cohort.stages.all()}
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for kind, stage_kind, title, days, place, minutes in [
        (
            MeetingKind.VISIT,
            StageKind.INSPIRATION,
            "Visite d'inspiration : tiers-lieu alimentaire",
            12,
            "Bruyères-les-Terrils",
            360,
        ),
        (
            MeetingKind.PEER_SESSION,
            StageKind.PEER_GROUPS,
            "Groupes de pairs — séance 1",
            21,
            "En ligne",
            180,
        ),
        (
            MeetingKind.PEER_SESSION,
            StageKind.PEER_GROUPS,
            "Groupes de pairs — séance 2",
            49,
            "En ligne",
            180,
        ),
        (MeetingKind.AGORA, StageKind.AGORA, "Agora des quatre catégories", 130, "Lyon", 420),
    ]:
        Meeting.objects.get_or_create(
            stage=stages[stage_kind],
            title=title,
            defaults={
                "kind": kind,
                "starts_at": now + dt.timedelta(days=days),
                "place": place,
                "duration_minutes": minutes,
            },
        )

    for index, (name, kind, code, population, region, geo, maturity, ess, label) in enumerate(
        DEMO_TERRITORIES
    ):
        territory, _created = Territory.objects.get_or_create(
            kind=kind,
            code=code,
            defaults={
                "name": name,
                "population": population,
                "region": region,
                "geography": geo,
                "maturity": maturity,
                "ess_integration": ess,
                "political_label": label,
            },
        )
        delegation, _created = Delegation.objects.get_or_create(cohort=cohort, territory=territory)
        for category in ActorCategory.values:
            email = f"{EMAIL_PART[category]}{index + 1}@demo.transitions.fr"
            person = demo_user(email, f"{FIRST_NAMES[index]} {SURNAMES[category]}")
            # Everyone takes part in their category's peer group (participant role); the
            # local-authority staff member also coordinates the territory's diagnostic.
            _member(person, cohort, Role.PARTICIPANT, category=category, delegation=delegation)
            if category == ActorCategory.AGENT_COLLECTIVITE:
                _member(person, cohort, Role.AGENT, category=category, delegation=delegation)
        if index == 0:
            # The printed demo agent and participant belong to the first territory.
            _member(
                accounts["agent@demo.transitions.fr"],
                cohort,
                Role.AGENT,
                category=ActorCategory.AGENT_COLLECTIVITE,
                delegation=delegation,
            )
            _member(
                accounts["participant@demo.transitions.fr"],
                cohort,
                Role.PARTICIPANT,
                category=ActorCategory.ELU,
                delegation=delegation,
            )
    if created:
        _open_demo_stages(cohort)
    return cohort


# Stage status and dates (days from today) of the demo cohort.
DEMO_SCHEDULE = {
    StageKind.DIAGNOSTIC: (StageStatus.OPEN, -30, 60),
    StageKind.INSPIRATION: (StageStatus.OPEN, -10, 90),
    StageKind.PEER_GROUPS: (StageStatus.OPEN, 0, 120),
    StageKind.AGORA: (StageStatus.UPCOMING, 130, 131),
    StageKind.FORUMS: (StageStatus.UPCOMING, 150, 240),
    StageKind.PILOT_PROJECTS: (StageStatus.UPCOMING, 200, 400),
}


def _open_demo_stages(cohort: Cohort) -> None:
    """Open the stages the schedule wants open (once, when the cohort is created), through
    the one service that checks the transition and runs the stage-opened hooks (peer
    groups…); later runs leave whatever someone trying the demo did to the stages."""
    from transitions.services import stage_set_status

    for stage in cohort.stages.filter(status=StageStatus.UPCOMING, skipped=False):
        if DEMO_SCHEDULE[stage.kind][0] == StageStatus.OPEN:
            stage_set_status(stage=stage, status=StageStatus.OPEN)


@transaction.atomic
def load_demo() -> list[tuple[str, str]]:
    accounts = {
        email: demo_user(email, full_name, staff=staff)
        for _role, email, full_name, staff in DEMO_ACCOUNTS
    }
    _load_cohort(accounts)
    for loader in _demo_loaders:
        loader()
    if settings.MFA_TOTP_INSECURE_BYPASS_CODE:
        _demo_second_factor(accounts.values())
    return [(role, email) for role, email, _name, _staff in DEMO_ACCOUNTS]


def _demo_second_factor(users) -> None:
    """`make run` only (DEBUG with MFA_TOTP_INSECURE_BYPASS_CODE): the demo accounts that
    must use a second factor get an authenticator app nobody holds, so signing in asks
    for a code and the demo's fixed code is accepted. Without that setting they set up
    their own app on first sign-in, as real accounts do."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    for user in users:
        if not roles_of(user).requires_mfa(user):
            continue
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, generate_totp_secret())
            RecoveryCodes.activate(user)
