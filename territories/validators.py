from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INSEE_RE = re.compile(r"^(?:\d{2}|2A|2B)\d{3}$")


def luhn_valid(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def validate_insee(value: str) -> None:
    if not INSEE_RE.match(value or ""):
        raise ValidationError(
            _(
                "Le code INSEE d'une commune compte 5 caractères : 5 chiffres, "
                "ou 2A/2B suivi de 3 chiffres pour la Corse."
            ),
            code="insee",
        )


def validate_siren(value: str) -> None:
    if not re.fullmatch(r"\d{9}", value or ""):
        raise ValidationError(_("Un numéro SIREN compte exactement 9 chiffres."), code="siren")
    if not luhn_valid(value):
        raise ValidationError(
            _("Ce numéro SIREN n'est pas valide (la clé de contrôle ne correspond pas)."),
            code="siren_checksum",
        )


DEPARTEMENT_RE = re.compile(r"^(?:\d{2}|2A|2B|97\d)$")


def validate_departement(value: str) -> None:
    if value and not DEPARTEMENT_RE.match(value):
        raise ValidationError(
            _(
                "Un code de département compte 2 chiffres (2A ou 2B pour la Corse) ou 3 (outre-mer)."
            ),
            code="departement",
        )
