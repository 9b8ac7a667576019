"""The tests keep the apps' dependency direction: an app's test folder imports only the
test helpers of itself and of the apps below it (DESIGN.md, "imports only point down").
The shared persona world (tests/factories.py) holds core and territories objects only."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent
# test folder → test folders whose helpers it may import
MAY_IMPORT = {
    "transitions": {"transitions"},
    "territories": {"territories", "transitions"},
    "territories_ess": {"territories_ess", "territories", "transitions"},
    "parcours": {"parcours", "territories", "transitions"},
    "diagnostics": {"diagnostics", "territories", "transitions"},
    "peergroups": {"peergroups", "territories", "transitions"},
    "agora": {"agora", "peergroups", "diagnostics", "territories", "transitions"},
    "research": {
        "research",
        "agora",
        "peergroups",
        "diagnostics",
        "territories",
        "transitions",
    },
    # The trajectory sits on top of the feature apps, like research (never reads it).
    "trajectory": {
        "trajectory",
        "agora",
        "peergroups",
        "diagnostics",
        "parcours",
        "territories",
        "transitions",
    },
    # The audit history and personal data cover every app: they sit above them all.
    "audit": {
        "audit",
        "research",
        "agora",
        "peergroups",
        "diagnostics",
        "territories",
        "transitions",
    },
    "personal_data": {
        "personal_data",
        "research",
        "agora",
        "peergroups",
        "diagnostics",
        "territories",
        "transitions",
    },
    # Failure injection drives every app: it sits above them all.
    "faults": {
        "faults",
        "research",
        "agora",
        "peergroups",
        "diagnostics",
        "territories",
        "transitions",
    },
}


def _imported_test_folders(path: Path) -> set[str]:
    folders = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "tests" and len(parts) > 2:
                folders.add(parts[1])
    return folders


def test_an_apps_tests_never_import_the_test_helpers_of_an_app_above_it():
    wrong = {
        str(path.relative_to(TESTS)): sorted(_imported_test_folders(path) - allowed)
        for folder, allowed in MAY_IMPORT.items()
        for path in (TESTS / folder).rglob("*.py")
        if _imported_test_folders(path) - allowed
    }
    assert wrong == {}


def test_the_shared_factories_import_no_feature_app():
    assert _imported_test_folders(TESTS / "factories.py") == set()
    source = (TESTS / "factories.py").read_text(encoding="utf-8")
    for feature in ("diagnostics", "peergroups", "agora", "research"):
        assert f"from {feature}" not in source and f"import {feature}" not in source
