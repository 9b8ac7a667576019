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
