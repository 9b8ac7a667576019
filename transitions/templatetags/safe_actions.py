"""Template side of transitions.confirm: the undo button carried by a message."""

from django import template

from transitions.confirm import undo_of

register = template.Library()


@register.filter
def undo_form(message) -> dict | None:
    return undo_of(getattr(message, "extra_tags", ""))
