"""Every permission a view, service or template names is one django-rules registers.

A misspelt name in `has_perm("diagnostics.chnage_diagnostic", …)` is not an error for
Django: it is a permission nobody has, so the page silently refuses everyone. This test
reads the apps' sources and templates for permission names and checks each one against
`rules.permissions.permissions`. The other direction (a registered rule that nothing
asks) is only reported: a rule may be registered ahead of the view that will use it.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import warnings
from pathlib import Path

import rules
from django.conf import settings

APPS = ["transitions", "territories", "parcours", "diagnostics", "peergroups", "agora", "research"]
ROOT = Path(settings.BASE_DIR)
APP_NAMES = "|".join(APPS)
PERMISSION = re.compile(rf"^({APP_NAMES})\.[a-z]+_[a-z_]+$")
TEMPLATE_PERMISSION = re.compile(
    # {% has_perm "app.verb_model" user obj as x %}
    r"""\{%\s*has_perm\s+["'](?P<tag>[^"']+)["']"""
    # {{ perms.app.verb_model }}
    rf"""|\bperms\.(?P<perms>(?:{APP_NAMES})\.[a-z_]+)"""
    # {{ user|has_perm:"app.verb_model" }}
    r"""|has_perm:["'](?P<filter>[^"']+)["']"""
)


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _is_registration(node: ast.Call) -> bool:
    func = node.func
    return isinstance(func, ast.Attribute) and func.attr in {"add_perm", "set_perm"}


def names_in_python() -> dict[str, set[str]]:
    """Permission-like string literals of the apps' code → the files that name them
    (the `rules.add_perm(...)` registrations themselves left out)."""
    found: dict[str, set[str]] = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            registered_here = {
                id(node.args[0])
                for node in ast.walk(tree)
                if isinstance(node, ast.Call) and _is_registration(node) and node.args
            }
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and PERMISSION.match(node.value)
                    and id(node) not in registered_here
                    and not _is_module(node.value)
                ):
                    found.setdefault(node.value, set()).add(str(path.relative_to(ROOT)))
    return found


def names_in_templates() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    directories = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
    for directory in directories:
        for path in directory.rglob("*.html") if directory.is_dir() else []:
            for match in TEMPLATE_PERMISSION.finditer(path.read_text(encoding="utf-8")):
                name = next(group for group in match.groups() if group)
                found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def test_the_scan_finds_the_permissions_the_views_ask():
    # Guards the scan itself: if it found nothing, the next test would prove nothing.
    used = names_in_python()
    assert {"diagnostics.change_diagnostic", "transitions.view_cohort", "agora.view_agora"} <= set(
        used
    )


def test_every_permission_named_in_a_view_or_template_is_registered():
    registered = set(rules.permissions.permissions)
    unknown = {
        name: sorted(files)
        for name, files in (names_in_python() | names_in_templates()).items()
        if name not in registered
    }
    assert unknown == {}


def test_registered_permissions_nothing_asks_are_listed():
    used = set(names_in_python()) | set(names_in_templates())
    app_permissions = {name for name in rules.permissions.permissions if name.split(".")[0] in APPS}
    unused = sorted(app_permissions - used)
    if unused:
        warnings.warn(f"registered but asked by no view or template: {unused}", stacklevel=1)


def test_the_template_scan_reads_the_tag_the_perms_variable_and_the_filter():
    sample = (
        '{% has_perm "agora.view_agora" user agora as can_see %}'
        "{% if perms.transitions.view_cohort %}"
        "{{ user|has_perm:'diagnostics.view_report' }}"
    )
    names = [next(g for g in match.groups() if g) for match in TEMPLATE_PERMISSION.finditer(sample)]
    assert names == ["agora.view_agora", "transitions.view_cohort", "diagnostics.view_report"]
