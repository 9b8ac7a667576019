"""`date_fr` and `nombre`: templates' door to transitions/l10n.py (built into every
template by settings.TEMPLATES, so no `{% load %}` is needed)."""

from __future__ import annotations

from django import template

from transitions import l10n

register = template.Library()


@register.filter
def date_fr(value, style: str = "jour") -> str:
    """{{ meeting.starts_at|date_fr:"heure" }} → "1er juin 2027 à 14:30"."""
    return l10n.long_date(value, style)


@register.filter
def nombre(value, decimals=None) -> str:
    """{{ territory.population|nombre }} → "108 000"; {{ mean|nombre:1 }} → "3,5"."""
    return l10n.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def accord(value) -> int:
    """The whole number a decimal agrees with in French (a noun stays singular below 2):
    {% blocktranslate count n=gap|accord %} → "1,5 point", "2,5 points"."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
