"""Writes of territories."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from territories.forms import TERRITORY_FIELDS
from territories.models import Delegation, Territory
from transitions.concurrency import check_fresh
from transitions.models import Cohort


@transaction.atomic
def territory_create(**values) -> Territory:
    territory = Territory(**{k: values[k] for k in TERRITORY_FIELDS})
    territory.full_clean()
    territory.save()
    return territory


@transaction.atomic
def territory_update(*, territory: Territory, fingerprint: str, **values) -> Territory:
    locked = Territory.objects.select_for_update().get(pk=territory.pk)
    check_fresh(locked, TERRITORY_FIELDS, fingerprint)
    for name in TERRITORY_FIELDS:
        setattr(locked, name, values[name])
    locked.full_clean()
    locked.save(update_fields=TERRITORY_FIELDS)
    return locked


def delegation_add(*, cohort: Cohort, territory: Territory) -> Delegation:
    try:
        with transaction.atomic():
            return Delegation.objects.create(cohort=cohort, territory=territory)
    except IntegrityError:
        raise ValidationError(_("Ce territoire fait déjà partie de la cohorte.")) from None
