"""Factories shared by every app's tests."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from transitions.models import User


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

    user = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)
    role = "participant"
    category = ""
    research_consent = False


def open_stage(cohort, kind: str):
    """Open a cohort's stage (test helper)."""
    from transitions.services import stage_set_status

    stage = cohort.stages.get(kind=kind)
    if stage.status != "open":
        stage = stage_set_status(stage=stage, status="open")
    return stage
