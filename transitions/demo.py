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
import functools
from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
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
    SubRole,
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
        "liste_citoyenne",
    ),
    ("Saint-Aubin-des-Genêts", "commune", "41290", 4_300, "CVL", "rural", "beginner", "low", ""),
    (
        "Montcalme-sur-Orb",
        "commune",
        "34350",
        12_800,
        "OCC",
        "mixed",
        "experienced",
        "medium",
        "eelv",
    ),
    (
        "Villeneuve-sur-Arvière",
        "commune",
        "74299",
        24_000,
        "ARA",
        "urban",
        "experienced",
        "medium",
        "ps",
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
        "ps",
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
        "lrm",
    ),
    (
        "Agglomération des Coteaux du Forez",
        "ca",
        "244209037",
        45_000,
        "ARA",
        "mixed",
        "experienced",
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
        "liste_citoyenne",
    ),
    (
        "Communauté de communes Garonne-Lauragais",
        "cc",
        "243109063",
        21_000,
        "OCC",
        "rural",
        "experienced",
        "medium",
        "eelv",
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


def paris_time(days: int, at: str) -> dt.datetime:
    """A moment `days` from today at `at` ("09:30"), Paris time: demo meetings happen during
    the working day whatever the hour the demo is loaded."""
    from zoneinfo import ZoneInfo

    hour, minute = (int(part) for part in at.split(":"))
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo("Europe/Paris"))


# The demo cohort's meetings: (kind, stage, title, days from today, Paris time, place,
# minutes). Past ones get attendance and a closing report (transitions.demo_meetings).
DEMO_MEETINGS = [
    (
        MeetingKind.REX,
        StageKind.DIAGNOSTIC,
        "Retour d'expérience n°1 : lancer le diagnostic à plusieurs voix",
        -100,
        "14:00",
        "En ligne",
        120,
    ),
    (
        MeetingKind.PLENARY,
        StageKind.STEPPING_BACK,
        "Prise de hauteur : les principes d'une transition systémique",
        -55,
        "09:30",
        "Lyon, Maison de l'économie sociale et solidaire",
        360,
    ),
    (
        MeetingKind.VISIT,
        StageKind.INSPIRATION,
        "Visite d'inspiration : tiers-lieu alimentaire",
        -45,
        "09:00",
        "Bruyères-les-Terrils, la Ferme du Chevalement",
        360,
    ),
    (
        MeetingKind.REX,
        StageKind.INSPIRATION,
        "Retour d'expérience n°2 : ce que les visites ont déplacé",
        -38,
        "14:00",
        "En ligne",
        120,
    ),
    (
        MeetingKind.VISIT,
        StageKind.INSPIRATION,
        "Visite d'inspiration : régie de quartier et pôle de coopération",
        -40,
        "09:30",
        "Valmont-Escaut, pôle territorial de coopération du Faubourg",
        330,
    ),
    (
        MeetingKind.REX,
        StageKind.INSPIRATION,
        "Retour d'expérience n°3 : ce que les groupes de pairs font émerger",
        9,
        "14:00",
        "En ligne",
        120,
    ),
    (
        MeetingKind.PEER_SESSION,
        StageKind.PEER_GROUPS,
        "Groupes de pairs — séance 1",
        -35,
        "09:30",
        "En ligne",
        180,
    ),
    (
        MeetingKind.PEER_SESSION,
        StageKind.PEER_GROUPS,
        "Groupes de pairs — séance 2",
        -14,
        "14:00",
        "Orléans, salle du conseil de l'agglomération",
        180,
    ),
    (
        MeetingKind.PEER_SESSION,
        StageKind.PEER_GROUPS,
        "Groupes de pairs — séance 3",
        0,
        "09:30",
        "En ligne",
        180,
    ),
    (
        MeetingKind.AGORA,
        StageKind.AGORA,
        "Agora des quatre catégories",
        130,
        "09:30",
        "Lyon",
        420,
    ),
    (
        MeetingKind.MIRROR_GROUP,
        StageKind.PILOT_PROJECTS,
        "Groupe miroir : des regards extérieurs sur les projets pilotes",
        215,
        "10:00",
        "Paris, Caisse des dépôts",
        300,
    ),
]

# Each demo territory's sub-roles, in DEMO_TERRITORIES order: who each category sends.
_S = SubRole
DEMO_SUB_ROLES = [
    dict(zip(ActorCategory.values, subs, strict=True))
    for subs in [
        (_S.MAIRE, _S.DGS, _S.SERVICE, _S.CITOYEN),
        (_S.ADJOINT, _S.DGS, _S.CHARGE_MISSION, _S.STRUCTURE_ESS),
        (_S.CONSEILLER_DELEGUE, _S.CHARGE_MISSION, _S.SERVICE, _S.ENTREPRISE_CLASSIQUE),
        (_S.ADJOINT, _S.DGA, _S.CHARGE_MISSION, _S.STRUCTURE_ESS),
        (_S.VICE_PRESIDENT, _S.DGA, _S.SERVICE, _S.TETE_DE_RESEAU),
        (_S.VICE_PRESIDENT, _S.CHARGE_MISSION, _S.SERVICE, _S.ENTREPRISE_CLASSIQUE),
        (_S.VICE_PRESIDENT, _S.SERVICE, _S.CHARGE_MISSION, _S.STRUCTURE_ESS),
        (_S.VICE_PRESIDENT, _S.CHARGE_MISSION, _S.SERVICE, _S.TETE_DE_RESEAU),
        (_S.VICE_PRESIDENT, _S.DGS, _S.CHARGE_MISSION, _S.CITOYEN),
        (_S.CONSEILLER_DELEGUE, _S.FONCTIONS_SUPPORTS, _S.SERVICE, _S.STRUCTURE_ESS),
    ]
]


@functools.cache
def _demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def demo_user(email: str, full_name: str, *, staff: bool = False) -> User:
    """A demo account with the demo password and a verified email (created once)."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "is_staff": staff, "is_superuser": staff}
    )
    if created:
        # One hash for every demo account: hashing is slow by design (about a second
        # per account on a busy machine), and these fictitious accounts share one
        # printed password anyway.
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _member(user, cohort, role, *, category="", delegation=None, sub_role="") -> None:
    membership, created = Membership.objects.get_or_create(
        user=user,
        cohort=cohort,
        role=role,
        defaults={
            "category": category,
            "sub_role": sub_role,
            "delegation": delegation,
            "research_consent": True,
            "research_consent_at": timezone.now(),
        },
    )
    if not created and sub_role and not membership.sub_role and membership.category == category:
        # Demo databases made before sub-roles existed get theirs; a sub-role someone set
        # while trying the demo is kept.
        membership.sub_role = sub_role
        membership.save(update_fields=["sub_role"])


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
    for kind, stage_kind, title, days, at, place, minutes in DEMO_MEETINGS:
        Meeting.objects.get_or_create(
            stage=stages[stage_kind],
            title=title,
            defaults={
                "kind": kind,
                "starts_at": paris_time(days, at),
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
            sub_role = DEMO_SUB_ROLES[index][category]
            _member(
                person,
                cohort,
                Role.PARTICIPANT,
                category=category,
                delegation=delegation,
                sub_role=sub_role,
            )
            if category == ActorCategory.AGENT_COLLECTIVITE:
                _member(
                    person,
                    cohort,
                    Role.AGENT,
                    category=category,
                    delegation=delegation,
                    sub_role=sub_role,
                )
        if index == 0:
            # The printed demo agent and participant belong to the first territory.
            _member(
                accounts["agent@demo.transitions.fr"],
                cohort,
                Role.AGENT,
                category=ActorCategory.AGENT_COLLECTIVITE,
                delegation=delegation,
                sub_role=SubRole.CHARGE_MISSION,
            )
            _member(
                accounts["participant@demo.transitions.fr"],
                cohort,
                Role.PARTICIPANT,
                category=ActorCategory.ELU,
                delegation=delegation,
                sub_role=SubRole.ADJOINT,
            )
    if created:
        _open_demo_stages(cohort)
    return cohort


# Stage status and dates (days from today) of the demo cohort.
DEMO_SCHEDULE = {
    # A cohort part-way through: the entry closed as the last territories committed, the
    # diagnostic opened months ago (some territories validated theirs, two have not begun),
    # prise de hauteur is behind, inspiration visits go on, and the peer groups held two of
    # their three sessions (peergroups/demo_content.py); parcours/demo.py dates its outputs
    # inside these windows.
    StageKind.ENTRY: (StageStatus.CLOSED, -130, -45),
    StageKind.DIAGNOSTIC: (StageStatus.OPEN, -120, 60),
    StageKind.STEPPING_BACK: (StageStatus.CLOSED, -60, -50),
    StageKind.INSPIRATION: (StageStatus.OPEN, -50, 90),
    StageKind.PEER_GROUPS: (StageStatus.OPEN, -36, 30),
    StageKind.AGORA: (StageStatus.UPCOMING, 130, 131),
    StageKind.FORUMS: (StageStatus.UPCOMING, 150, 240),
    StageKind.PILOT_PROJECTS: (StageStatus.UPCOMING, 200, 400),
}


# --- The finished cohort ------------------------------------------------------------------
# The first promotion, a year earlier: every stage closed, its agora held, two forums held
# and one that could not be, pilot projects under way. The current cohort's agora, forums
# and pilot projects are still to come and hold nothing; what those stages produce is read
# here (agora/demo.py, agora's forums, territories' pilot projects load into it).
FINISHED_COHORT_NAME = "Première promotion — démonstration"
FINISHED_COHORT_YEAR = 2025
# (name, kind, code, population, region, geography, maturity, ess_integration, label)
FINISHED_TERRITORIES = [
    (
        "Agglomération de la Haute-Sambre",
        "ca",
        "245907126",
        78_000,
        "HDF",
        "urban",
        "experienced",
        "high",
        "ps",
    ),
    ("Lavergne-sur-Cher", "commune", "41185", 3_100, "CVL", "rural", "beginner", "medium", ""),
    (
        "Communauté de communes du Haut-Vercors",
        "cc",
        "243805181",
        11_000,
        "ARA",
        "rural",
        "experienced",
        "low",
        "eelv",
    ),
]
FINISHED_FIRST_NAMES = ["Katell", "Lubin", "Maïwenn"]
FINISHED_SUB_ROLES = [
    dict(zip(ActorCategory.values, subs, strict=True))
    for subs in [
        (SubRole.VICE_PRESIDENT, SubRole.CHARGE_MISSION, SubRole.SERVICE, SubRole.STRUCTURE_ESS),
        (SubRole.MAIRE, SubRole.DGS, SubRole.CHARGE_MISSION, SubRole.CITOYEN),
        (SubRole.CONSEILLER_DELEGUE, SubRole.DGA, SubRole.SERVICE, SubRole.TETE_DE_RESEAU),
    ]
]
# Days from today: the whole parcours, in its order, about a year ago.
FINISHED_SCHEDULE = {
    StageKind.ENTRY: (-760, -700),
    StageKind.DIAGNOSTIC: (-740, -560),
    StageKind.STEPPING_BACK: (-640, -630),
    StageKind.INSPIRATION: (-620, -500),
    StageKind.PEER_GROUPS: (-540, -440),
    StageKind.AGORA: (-420, -419),
    StageKind.FORUMS: (-400, -280),
    StageKind.PILOT_PROJECTS: (-300, -40),
}


def finished_demo_cohort() -> Cohort | None:
    """The demo's finished cohort, or None before the core demo ran."""
    return Cohort.objects.filter(name=FINISHED_COHORT_NAME, year=FINISHED_COHORT_YEAR).first()


def _load_finished_cohort(accounts: dict[str, User]) -> tuple[Cohort, bool]:
    """The finished cohort, its three territories and their members. When it is made, its
    stages are opened (through the service, hooks included) so the apps' loaders can write
    what each stage produced; `load_demo` closes them all once the loaders ran."""
    from transitions.services import cohort_create, stage_set_status

    Territory = apps.get_model("territories", "Territory")
    Delegation = apps.get_model("territories", "Delegation")
    facilitator = accounts["animation@demo.transitions.fr"]
    cohort = finished_demo_cohort()
    created = cohort is None
    if created:
        cohort = cohort_create(
            name=FINISHED_COHORT_NAME,
            year=FINISHED_COHORT_YEAR,
            created_by=facilitator,
            starts_on=dt.date(2024, 11, 4),
            ends_on=dt.date(2025, 12, 12),
            description=(
                "Cohorte de démonstration terminée : trois territoires ont fait tout le "
                "parcours, de l'entrée aux projets pilotes, un an avant la cohorte en cours."
            ),
        )
        today = timezone.localdate()
        for stage in cohort.stages.all():
            start, end = FINISHED_SCHEDULE[stage.kind]
            stage.opens_on = today + dt.timedelta(days=start)
            stage.closes_on = today + dt.timedelta(days=end)
            stage.save(update_fields=["opens_on", "closes_on"])
    _member(facilitator, cohort, Role.FACILITATOR)
    _member(accounts["recherche@demo.transitions.fr"], cohort, Role.RESEARCHER)
    for index, (name, kind, code, population, region, geo, maturity, ess, label) in enumerate(
        FINISHED_TERRITORIES
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
            person = demo_user(
                f"promo2025-{EMAIL_PART[category]}{index + 1}@demo.transitions.fr",
                f"{FINISHED_FIRST_NAMES[index]} {SURNAMES[category]}",
            )
            _member(
                person,
                cohort,
                Role.PARTICIPANT,
                category=category,
                delegation=delegation,
                sub_role=FINISHED_SUB_ROLES[index][category],
            )
    if created:
        for stage in cohort.stages.filter(status=StageStatus.UPCOMING, skipped=False):
            stage_set_status(stage=stage, status=StageStatus.OPEN)
    return cohort, created


def _close_stages(cohort: Cohort) -> None:
    from transitions.services import stage_set_status

    for stage in cohort.stages.filter(status=StageStatus.OPEN):
        stage_set_status(stage=stage, status=StageStatus.CLOSED)


def _open_demo_stages(cohort: Cohort) -> None:
    """Open the stages the schedule wants open, and open then close the ones it wants
    closed (once, when the cohort is created), through the one service that checks the
    transition and runs the stage-opened hooks (peer groups…); later runs leave whatever
    someone trying the demo did to the stages."""
    from transitions.services import stage_set_status

    for stage in cohort.stages.filter(status=StageStatus.UPCOMING, skipped=False):
        wanted = DEMO_SCHEDULE[stage.kind][0]
        if wanted in (StageStatus.OPEN, StageStatus.CLOSED):
            stage = stage_set_status(stage=stage, status=StageStatus.OPEN)
        if wanted == StageStatus.CLOSED:
            stage_set_status(stage=stage, status=StageStatus.CLOSED)


@transaction.atomic
def load_demo() -> list[tuple[str, str]]:
    accounts = {
        email: demo_user(email, full_name, staff=staff)
        for _role, email, full_name, staff in DEMO_ACCOUNTS
    }
    _load_cohort(accounts)
    finished, finished_created = _load_finished_cohort(accounts)
    for loader in _demo_loaders:
        loader()
    if finished_created:
        _close_stages(finished)
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
