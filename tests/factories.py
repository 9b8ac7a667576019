"""Factories shared by every app's tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import factory
from allauth.account.models import EmailAddress

from transitions.models import User

# The authenticator-app secret every test user with a second factor shares (base32), so a
# test or a browser journey can compute the current code (see `totp_code`).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
MFA_ROLES = ("facilitator", "researcher")


def give_mfa(*users) -> None:
    """Set up allauth's authenticator app (TOTP) and recovery codes, as a person who went
    through the setup page would have: staff, facilitators and researchers must have them
    (transitions.middleware.MFARequiredMiddleware)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.utils import encrypt

    have = set(
        Authenticator.objects.filter(user__in=users, type=Authenticator.Type.TOTP).values_list(
            "user_id", flat=True
        )
    )
    fresh = [u for u in users if u.pk not in have]
    Authenticator.objects.bulk_create(
        [
            Authenticator(
                user=u, type=Authenticator.Type.TOTP, data={"secret": encrypt(TEST_TOTP_SECRET)}
            )
            for u in fresh
        ]
        + [
            Authenticator(
                user=u,
                type=Authenticator.Type.RECOVERY_CODES,
                data={"seed": encrypt(RecoveryCodes.generate_seed()), "used_mask": 0},
            )
            for u in fresh
        ]
    )


def totp_code(*, offset: int = 0) -> str:
    """The authenticator app's current code for TEST_TOTP_SECRET (allauth's own helpers);
    `offset` moves by whole 30-second periods."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    counter = int(time.time()) // app_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, counter))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    full_name = factory.Faker("name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-solide-42")
    verified = True

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @classmethod
    def _create(cls, model_class, *args, verified=True, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
        if user.is_staff or user.is_superuser:
            give_mfa(user)
        return user


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort with the default parcours stages (all upcoming)."""

    class Meta:
        model = "transitions.Cohort"

    name = factory.Sequence(lambda n: f"Cohorte {n}")
    year = 2026

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from transitions.services import cohort_create

        return cohort_create(created_by=None, **kwargs)


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "territories.Territory"

    name = factory.Sequence(lambda n: f"Territoire {n}")
    kind = "commune"
    code = factory.Sequence(lambda n: f"{59000 + n % 1000:05d}")
    population = 12000
    region = "HDF"
    geography = "rural"
    maturity = "beginner"
    ess_integration = "medium"


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "territories.Delegation"

    cohort = factory.SubFactory(CohortFactory)
    territory = factory.SubFactory(TerritoryFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "transitions.Membership"
        skip_postgeneration_save = True  # the second-factor hook changes no field

    user = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)
    role = "participant"
    category = ""
    research_consent = False

    @factory.post_generation
    def _mfa(obj, create, extracted, **kwargs):
        if create and obj.role in MFA_ROLES:
            give_mfa(obj.user)


def set_stage_status(cohort, kind: str, status: str):
    """Move a cohort's stage through the one service (it runs the stage-opened hooks)."""
    from transitions.services import stage_set_status

    return stage_set_status(stage=cohort.stages.get(kind=kind), status=status)


def open_stage(cohort, kind: str):
    """Open a cohort's stage as a facilitator would (peer groups etc. get created)."""
    stage = cohort.stages.get(kind=kind)
    if stage.status == "open":
        return stage
    return set_stage_status(cohort, kind, "open")


def close_stage(cohort, kind: str):
    """Close a cohort's stage (opening it first if it is still upcoming)."""
    if cohort.stages.get(kind=kind).status == "upcoming":
        open_stage(cohort, kind)
    return set_stage_status(cohort, kind, "closed")


# --- The persona world ---------------------------------------------------------------------

MARKER = "MARQUEUR-SECRET-A-7f3c"  # territory A's political label: must never leak to B

# name → (full name, role, actor category, territory "a"/"b"/None, cohort "a"/"b"/None)
PERSONA_SEATS: dict[str, tuple[str, str, str, str | None, str | None]] = {
    "facilitator": ("Fanny Animatrice", "facilitator", "", None, "a"),
    "other_facilitator": ("Olivier Animateur", "facilitator", "", None, "b"),
    "agent_a": ("Agnès Agent", "agent", "AGENT_COLLECTIVITE", "a", "a"),
    "agent_a2": ("Bruno Agent", "agent", "AGENT_COLLECTIVITE", "a", "a"),
    "agent_b": ("Omar Agent", "agent", "AGENT_COLLECTIVITE", "b", "a"),
    "elu": ("Élise Élue", "participant", "ELU", "a", "a"),
    "elu2": ("Étienne Élu", "participant", "ELU", "a", "a"),
    "collectivite": ("Camille Collectivité", "participant", "AGENT_COLLECTIVITE", "a", "a"),
    "etat": ("Éric État", "participant", "AGENT_ETAT", "a", "a"),
    "socio": ("Sophie Socio", "participant", "ACTEUR_SOCIO_ECONOMIQUE", "a", "a"),
    "researcher": ("Rémi Chercheur", "researcher", "", None, "a"),
    "staff": ("Stéphane Staff", "", "", None, None),
    "outsider": ("Sam Inconnu", "", "", None, None),
}


@dataclass
class World:
    """One user per role and scope, over two cohorts (core and territories objects only).

    Cohort A ("Cohorte principale") enrols territories A and B (delegations A and B);
    cohort B ("Autre cohorte") has only its facilitator. Personas:

    - staff: a staff user with no membership;
    - facilitator (cohort A), other_facilitator (cohort B);
    - agent_a, agent_a2 (two agents of territory A), agent_b (agent of territory B);
    - participants of delegation A, one per actor category: elu (ELU), collectivite
      (AGENT_COLLECTIVITE), etat (AGENT_ETAT), socio (ACTEUR_SOCIO_ECONOMIQUE), and elu2,
      a second ELU for tests that need two members of one peer group;
    - researcher (cohort A, no research consent given by anyone);
    - outsider: signed in, no membership anywhere.

    App-specific objects (a diagnostic, peer groups, an agora) are built on it by the
    fixtures of each app's test folder. Every stage starts upcoming.
    """

    cohort: Any
    other_cohort: Any
    territory_a: Any
    territory_b: Any
    delegation_a: Any
    delegation_b: Any
    staff: Any
    facilitator: Any
    other_facilitator: Any
    agent_a: Any
    agent_a2: Any
    agent_b: Any
    elu: Any
    elu2: Any
    collectivite: Any
    etat: Any
    socio: Any
    researcher: Any
    outsider: Any

    def persona(self, name: str):
        """A persona by name; "anonymous" is nobody signed in (None)."""
        return None if name == "anonymous" else getattr(self, name)


_world_count = itertools.count(1)


def build_world(*, territory_a_name: str = "Loos-sur-Lys") -> World:
    """Build the persona world in a handful of queries (bulk inserts)."""
    from django.contrib.auth.hashers import make_password

    from transitions.models import Membership

    cohort = CohortFactory(name="Cohorte principale")
    other_cohort = CohortFactory(name="Autre cohorte")
    territory_a = TerritoryFactory(
        name=territory_a_name, political_label="autre", political_label_detail=MARKER
    )
    territory_b = TerritoryFactory(name="Autreville")
    delegation_a = DelegationFactory(cohort=cohort, territory=territory_a)
    delegation_b = DelegationFactory(cohort=cohort, territory=territory_b)
    cohorts = {"a": cohort, "b": other_cohort}
    delegations = {"a": delegation_a, "b": delegation_b}

    password = make_password("motdepasse-solide-42")
    number = next(_world_count)
    users = User.objects.bulk_create(
        User(
            email=f"{name.replace('_', '.')}.{number}@exemple.fr",
            full_name=full_name,
            password=password,
            is_staff=name == "staff",
        )
        for name, (full_name, *_rest) in PERSONA_SEATS.items()
    )
    people = dict(zip(PERSONA_SEATS, users, strict=True))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in users
    )
    Membership.objects.bulk_create(
        Membership(
            user=people[name],
            cohort=cohorts[cohort_key],
            role=role,
            category=category,
            delegation=delegations.get(territory_key),
        )
        for name, (_full, role, category, territory_key, cohort_key) in PERSONA_SEATS.items()
        if role
    )
    give_mfa(
        *(
            people[name]
            for name, seat in PERSONA_SEATS.items()
            if seat[1] in MFA_ROLES or name == "staff"
        )
    )
    return World(
        cohort=cohort,
        other_cohort=other_cohort,
        territory_a=territory_a,
        territory_b=territory_b,
        delegation_a=delegation_a,
        delegation_b=delegation_b,
        **people,
    )


# --- Permission matrices -------------------------------------------------------------------

# Who the has_perm matrices ask, in this order (agent_a2 and elu2 repeat a seat).
MATRIX_PERSONAS = [
    "staff",
    "facilitator",
    "other_facilitator",
    "agent_a",
    "agent_b",
    "elu",
    "collectivite",
    "etat",
    "socio",
    "researcher",
    "outsider",
    "anonymous",
]
STAGE_STATES = ["upcoming", "open", "closed"]


def user_of(world: World, persona: str):
    """The persona's user; "anonymous" is Django's AnonymousUser."""
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if persona == "anonymous" else getattr(world, persona)


def put_stage_in_state(cohort, kind: str, state: str):
    """Move an open (or upcoming) stage to `state` through the service: objects a stage
    creates when it opens exist in every state, as they would after a real parcours."""
    stage = cohort.stages.get(kind=kind)
    if state == "upcoming":
        if stage.status == "open":
            return set_stage_status(cohort, kind, "upcoming")
        return stage
    if stage.status != "open":
        stage = open_stage(cohort, kind)
    if state == "closed":
        return set_stage_status(cohort, kind, "closed")
    return stage


def expand(table: dict[str, object], default=frozenset()) -> dict[str, object]:
    """A matrix table with every persona: those not named get `default` (denied)."""
    unknown = set(table) - set(MATRIX_PERSONAS)
    assert not unknown, f"unknown personas in a matrix: {unknown}"
    return {persona: table.get(persona, default) for persona in MATRIX_PERSONAS}
