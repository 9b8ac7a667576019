"""`{{ form|fields_with_errors }}`: the visible fields to correct, for the error summary
at the top of a form (templates/includes/form.html)."""

from django import template

register = template.Library()


@register.filter
def fields_with_errors(form) -> list:
    return [field for field in form.visible_fields() if field.errors]
