"""Demo data for `make run`: fictitious people only, safe to load twice."""

from __future__ import annotations

from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.db import transaction

from transitions.models import User

DEMO_PASSWORD = "demo-transitions"

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


def _user(email: str, full_name: str, *, staff: bool = False) -> User:
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


@transaction.atomic
def load_demo() -> list[tuple[str, str]]:
    for _role, email, full_name, staff in DEMO_ACCOUNTS:
        _user(email, full_name, staff=staff)
    for loader in _demo_loaders:
        loader()
    return [(role, email) for role, email, _name, _staff in DEMO_ACCOUNTS]
