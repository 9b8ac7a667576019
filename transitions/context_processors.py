from django.urls import NoReverseMatch, reverse

from transitions.navigation import entries_for


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for entry in entries_for(user):
            try:
                url = reverse(entry.url_name)
            except NoReverseMatch:
                continue
            items.append(
                {
                    "label": entry.label,
                    "url": url,
                    "active": request.path.startswith(url) and url != "/",
                }
            )
    return {"nav_items": items}
