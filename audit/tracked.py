"""The one list of models whose changes the audit history keeps (django-pghistory).

Add a model here (one line) and run `makemigrations audit`: its event table and, on
PostgreSQL, its triggers follow. Triggers see every write — services, the admin, bulk
`update()` — so nothing escapes the history. Each entry says how the history page may
show who changed a row, by the confidentiality rules (DESIGN.md):

- `cohort`: the ORM path from the row to its cohort's id (the page is per cohort);
- `who`: "named" (the person, as everywhere in the cohort's pages), "category" (the
  respondent's actor category from the `category` field: a respondent's answers are
  theirs), "anonymous_flag" (nobody when the row's `anonymous` field is true) or
  "nobody" (never a name, e.g. World Café cards);
- `hidden`: fields never shown (authors), whatever `who` says;
- `untracked`: bookkeeping columns left out of the history (a change to them alone
  records nothing), e.g. the versions a live board's refresh reads.

Nothing here is imported by the apps below: they only appear in this list, by label.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tracked:
    label: str  # "app_label.ModelName"
    cohort: str
    who: str = "named"
    hidden: tuple[str, ...] = ()
    untracked: tuple[str, ...] = ()

    @property
    def event_name(self) -> str:
        return f"{self.label.split('.')[1]}Event"


TRACKED: tuple[Tracked, ...] = (
    Tracked("transitions.Membership", cohort="cohort_id"),
    Tracked("diagnostics.Diagnostic", cohort="delegation__cohort_id"),
    Tracked(
        "diagnostics.Answer",
        cohort="diagnostic__delegation__cohort_id",
        who="category",
        hidden=("respondent", "updated_by"),
    ),
    Tracked(
        "diagnostics.Evidence",
        cohort="answer__diagnostic__delegation__cohort_id",
        who="nobody",
        hidden=("created_by",),
    ),
    Tracked("diagnostics.TimelineEvent", cohort="diagnostic__delegation__cohort_id"),
    Tracked(
        "peergroups.Contribution",
        cohort="session__group__cohort_id",
        who="anonymous_flag",
        hidden=("author",),
        untracked=("changed_version", "created_version", "placed_version", "hidden_version"),
    ),
    Tracked(
        "agora.Statement",
        cohort="agora__cohort_id",
        untracked=("changed_version", "created_version"),
    ),
    Tracked("agora.Position", cohort="statement__agora__cohort_id"),
    Tracked(
        "agora.Card",
        cohort="table__forum__delegation__cohort_id",
        who="nobody",
        hidden=("written_by",),
    ),
    Tracked("agora.Opportunity", cohort="forum__delegation__cohort_id"),
)

VALID_WHO = {"named", "category", "anonymous_flag", "nobody"}
