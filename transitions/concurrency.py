"""Optimistic concurrency for edit forms: concurrent edits never silently overwrite.

An edit form carries a fingerprint of the row as it was when the page was loaded; the
service re-reads the row under `select_for_update` and refuses the write when the
fingerprint no longer matches (someone else saved in between). No version column is
needed, so any model can use it.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def fingerprint(instance, fields) -> str:
    raw = "\x1f".join(f"{name}={getattr(instance, name)!r}" for name in fields)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


STALE_MESSAGE = _(
    "Quelqu'un d'autre a modifié cette fiche pendant que vous la modifiiez. "
    "Rechargez la page pour voir la version actuelle, puis refaites vos changements."
)


def check_fresh(locked_instance, fields, expected: str) -> None:
    """Raise a French ValidationError when the row changed since `expected` was taken."""
    if expected and fingerprint(locked_instance, fields) != expected:
        raise ValidationError(STALE_MESSAGE, code="stale")
