"""Choice labels, computed once per process and language instead of once per row.

`Model.get_FOO_display()` rebuilds the field's choice dict and calls gettext on every
call: a directory of 1,000 territories with three such columns spent most of its time
there. A label map per (choices class, language) is built on first use and kept for
the life of the process: translations do not change while it runs, and the key holds
the language, so a French page never reads an English label.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Choices
from django.utils.translation import get_language

_maps: dict[tuple[type[Choices], str], dict[str, str]] = {}


def label_map(choices: type[Choices]) -> dict[str, str]:
    """{value: label} of a choices class in the active language."""
    key = (choices, get_language() or settings.LANGUAGE_CODE)
    found = _maps.get(key)
    if found is None:
        found = {value: str(label) for value, label in choices.choices}
        _maps[key] = found
    return found


def label(choices: type[Choices], value) -> str:
    """The label of one value ("" for an empty value; the value itself when it is no
    longer a choice, as `get_FOO_display` does)."""
    if value in (None, ""):
        return ""
    return label_map(choices).get(value, str(value))


def options(choices: type[Choices]) -> list[tuple[str, str]]:
    """(value, label) pairs for a filter's <select>, in declaration order."""
    return list(label_map(choices).items())


_field_maps: dict[tuple[type, str, str], dict] = {}


def field_label(instance, field_name: str) -> str:
    """What `instance.get_<field_name>_display()` returns, from a per-process map of the
    model field's choices (templates: `{% load labels %}{{ obj|display:"field" }}`)."""
    value = getattr(instance, field_name)
    if value in (None, ""):
        return ""
    model = type(instance)
    key = (model, field_name, get_language() or settings.LANGUAGE_CODE)
    found = _field_maps.get(key)
    if found is None:
        choices = model._meta.get_field(field_name).flatchoices
        found = {choice: str(text) for choice, text in choices}
        _field_maps[key] = found
    return found.get(value, str(value))
