"""`{{ obj|display:"field" }}`: a choice field's label without a gettext call per row
(transitions.labels)."""

from django import template

from transitions.labels import field_label

register = template.Library()


@register.filter
def display(instance, field_name: str) -> str:
    return field_label(instance, field_name)
