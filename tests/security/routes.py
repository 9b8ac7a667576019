"""Every route of the root URLconf, with the URL built from the scene's objects."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

KWARG = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


@dataclass(frozen=True)
class Route:
    key: str  # the route's name ("app:name"), or its pattern when it has none
    pattern: str
    kwargs: tuple[str, ...]
    named: bool = True

    @property
    def is_admin(self) -> bool:
        return self.key.startswith("admin:") or self.pattern.startswith("admin/")


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield name, prefix + str(p.pattern)


def all_routes() -> list[Route]:
    routes = []
    for name, pattern in _walk(get_resolver().url_patterns):
        kwargs = tuple(a or b for a, b in KWARG.findall(pattern))
        routes.append(Route(key=name or pattern, pattern=pattern, kwargs=kwargs, named=bool(name)))
    return routes


def _admin_object(route: Route) -> str:
    """An existing object's id for an admin route of a model: named `admin:<app>_<model>_…`
    or, for names a ModelAdmin hard-codes (the user admin's `auth_user_password_change`,
    whatever the user model), under `admin/<app>/<model>/`."""
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        path = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        if route.key.startswith(prefix) or route.pattern.startswith(path):
            obj = model._default_manager.order_by("pk").first()
            return str(obj.pk) if obj else "1"
    return "1"


def url_for(route: Route, objects: dict) -> str | None:
    """The route's URL with the scene's objects; None for the admin's catch-all regex."""
    if not route.named:  # the admin's own redirects
        if "(?P<url>" in route.pattern:
            return "/admin/nulle-part/"
        app, model = route.pattern.split("/")[1:3]
        return f"/admin/{app}/{model}/1/"
    kwargs = {}
    by_route = objects.get(f"@{route.key}", {})
    for name in route.kwargs:
        if name in by_route:
            kwargs[name] = by_route[name]
        elif name == "object_id" or (name == "id" and route.is_admin):
            # An object that exists in this run: ids depend on what earlier tests used
            # (the admin's user password change is `<id>/password/`).
            kwargs[name] = _admin_object(route)
        elif name == "content_type_id":
            from django.contrib.contenttypes.models import ContentType

            kwargs[name] = ContentType.objects.get(app_label="transitions", model="cohort").pk
            kwargs["object_id"] = str(objects["cohort_id"])
        elif name in objects:
            kwargs[name] = objects[name]
        else:
            kwargs[name] = _allauth_value(name)
    return reverse(route.key, kwargs=kwargs)


def _allauth_value(name: str) -> str:
    # allauth's key-bearing routes (email confirmation, password reset): an invalid key,
    # which they answer with their own "invalid link" page.
    return {"key": "cle-invalide", "uidb36": "0", "uidb64": "MA", "token": "x"}.get(name, "1")
