"""The one access policy: who may GET and who may POST each route of the root URLconf.

Each row is `"route name": "<who may GET> | <who may POST>"`, naming roles or the aliases
below (space-separated; "-" for nobody). Everyone not named must be refused: 401, 403,
404, 405 or a redirect to a login page. "Let in" means anything else (a page, a form with
its errors, a 400 for a missing field, a redirect elsewhere): the gate was passed.
The matrix (test_access_matrix.py) checks every route × role × method against it, and a
guard test fails for a route without a row. Unnamed routes (the admin's own redirects)
are keyed by their pattern.
"""

from __future__ import annotations

ROLES = (
    "anonymous",
    "elu",
    "collectivite",
    "etat",
    "socio",
    "agent_a",
    "agent_b",
    "facilitator",
    "other_facilitator",
    "researcher",
    "other_researcher",
    "staff",
)
_SIGNED_IN = " ".join(ROLES[1:])
ALIASES = {
    "all": " ".join(ROLES),
    "users": _SIGNED_IN,
    # cohort A's participants (delegation A, one per actor category)
    "participants": "elu collectivite etat socio",
    # everyone with a seat in cohort A
    "cohortA": "elu collectivite etat socio agent_a agent_b facilitator researcher",
    # territory A's delegation
    "territoryA": "elu collectivite etat socio agent_a",
    "facilitators": "facilitator other_facilitator",
    "researchers": "researcher other_researcher",
}

POLICY: dict[str, str] = {}


def row_for(key: str) -> str | None:
    if key in POLICY:
        return POLICY[key]
    if key.startswith("admin:") or key.startswith("admin/"):
        return POLICY.get("admin:*")
    return None


def _expand(words: str) -> set[str]:
    out: set[str] = set()
    for word in words.split():
        if word == "-":
            continue
        if word in ALIASES:
            out |= set(ALIASES[word].split())
        elif word in ROLES:
            out.add(word)
        else:
            raise ValueError(f"unknown role or alias in the access policy: {word!r}")
    return out


def allowed(key: str, method: str) -> set[str]:
    row = row_for(key)
    if row is None:
        return set()
    get, _bar, post = row.partition("|")
    return _expand(get if method == "GET" else post)
