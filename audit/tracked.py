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
- `hidden`: fields never shown (authors, and ids the `subject` says better), whatever
  `who` says;
- `within`: (label, path) pairs naming the objects whose own history page shows this
  model's events (`audit.selectors.object_history`: a diagnostic's page shows its
  answers, evidence and timeline), the path going from the event to that object's id;
- `subject`: an ORM path read on each event to say which row it is ("P1-a", a title);
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
    within: tuple[tuple[str, str], ...] = ()
    subject: str = ""
    untracked: tuple[str, ...] = ()

    @property
    def event_name(self) -> str:
        return f"{self.label.split('.')[1]}Event"


DIAGNOSTIC = "diagnostics.Diagnostic"

TRACKED: tuple[Tracked, ...] = (
    Tracked("transitions.Membership", cohort="cohort_id"),
    Tracked(
        "diagnostics.Diagnostic",
        cohort="delegation__cohort_id",
        hidden=("delegation", "questionnaire", "submitted_by", "validated_by"),
        within=((DIAGNOSTIC, "pgh_obj_id"),),
    ),
    Tracked(
        "diagnostics.Answer",
        cohort="diagnostic__delegation__cohort_id",
        who="category",
        hidden=("respondent", "updated_by", "diagnostic", "question", "category"),
        within=((DIAGNOSTIC, "diagnostic_id"),),
        subject="question__code",
    ),
    Tracked(
        "diagnostics.Evidence",
        cohort="answer__diagnostic__delegation__cohort_id",
        who="nobody",
        hidden=("created_by", "answer"),
        within=((DIAGNOSTIC, "answer__diagnostic_id"),),
        subject="answer__question__code",
    ),
    Tracked(
        "diagnostics.TimelineEvent",
        cohort="diagnostic__delegation__cohort_id",
        hidden=("diagnostic", "created_by"),
        within=((DIAGNOSTIC, "diagnostic_id"),),
        subject="title",
    ),
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
    Tracked("trajectory.Link", cohort="delegation__cohort_id"),
    # An image is a stored file: its path and the uploaded file's name are not history.
    Tracked(
        "trajectory.StoryEntry",
        cohort="delegation__cohort_id",
        hidden=("image", "image_name"),
        subject="title",
    ),
    # Who carried what is named to the facilitation on the trajectory page already; the
    # history still leaves the carrier out, as it is read by role everywhere else.
    Tracked("trajectory.Engagement", cohort="delegation__cohort_id", hidden=("carrier",)),
)

VALID_WHO = {"named", "category", "anonymous_flag", "nobody"}
