from django import template

from transitions.object_actions import object_actions as actions_for

register = template.Library()


@register.inclusion_tag("transitions/_object_actions.html", takes_context=True)
def object_actions(context, obj, within=None):
    """What the apps above offer on `obj` (transitions.object_actions), as small links."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"actions": actions_for(user, obj, within)}
