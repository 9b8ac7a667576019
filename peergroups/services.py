"""Writes of the peer groups. Every write bumps its session's version in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peergroups.models import (
    BOARD_DELTA_VERSIONS,
    DEFAULT_SESSION_COUNT,
    DEFAULT_SESSION_MINUTES,
    GRID_KINDS,
    BoardRemoval,
    Contribution,
    ContributionKind,
    PeerGroup,
    PeerSession,
    SessionStatus,
)
from transitions.access import require
from transitions.concurrency import StaleEdit
from transitions.models import (
    ActorCategory,
    Axis,
    Cohort,
    Meeting,
    MeetingKind,
    StageKind,
    User,
)
from transitions.selectors import stage_allows_writes

NOT_YOURS_OR_CLOSED = gettext_lazy(
    "Vous ne pouvez modifier ou retirer que vos propres contributions, tant que la séance "
    "est ouverte."
)

SESSION_CLOSED = gettext_lazy(
    "Cette séance n'est pas ouverte : l'animation doit l'ouvrir pour recevoir des contributions."
)


def _bump(session_id: int) -> int:
    """Move the session's version on; the new version (the row stays locked till commit)."""
    PeerSession.objects.filter(pk=session_id).update(version=F("version") + 1)
    return PeerSession.objects.filter(pk=session_id).values_list("version", flat=True)[0]


def _touch(
    session_id: int, cards: Iterable[int | None], *moved: str, others: Iterable[int | None] = ()
) -> int:
    """Bump the session and stamp `cards` as changed at the new version, with the `moved`
    columns too (placed_version, hidden_version); `others` (cards whose display changed
    with them, e.g. the card a duplicate is merged into) only as changed."""
    version = _bump(session_id)
    ids = [pk for pk in cards if pk]
    other_ids = [pk for pk in others if pk and pk not in ids]
    if ids:
        Contribution.objects.filter(pk__in=ids).update(
            changed_version=version, **{column: version for column in moved}
        )
    if other_ids:
        Contribution.objects.filter(pk__in=other_ids).update(changed_version=version)
    return version


@transaction.atomic
def peer_groups_ensure(*, cohort: Cohort) -> list[PeerGroup]:
    """Create the cohort's four peer groups and their default sessions, once.

    Runs only when the peer-groups stage opens (a stage-opened hook registered in
    PeergroupsConfig.ready(), since the core never imports this app): no page creates
    rows on GET. Idempotent: a stage can be closed and reopened.
    """
    if not stage_allows_writes(cohort.pk, StageKind.PEER_GROUPS):
        return list(PeerGroup.objects.filter(cohort=cohort))
    existing = {g.category: g for g in PeerGroup.objects.filter(cohort=cohort)}
    if len(existing) == len(ActorCategory.values):
        return list(existing.values())
    # Default dates from the stage's planned peer-session meetings, when there are some.
    meetings = list(
        Meeting.objects.filter(
            stage__cohort=cohort, stage__kind=StageKind.PEER_GROUPS, kind=MeetingKind.PEER_SESSION
        ).order_by("starts_at")[:DEFAULT_SESSION_COUNT]
    )
    for category in ActorCategory.values:
        if category in existing:
            continue
        group, _created = PeerGroup.objects.get_or_create(cohort=cohort, category=category)
        for number in range(1, DEFAULT_SESSION_COUNT + 1):
            meeting = meetings[number - 1] if number <= len(meetings) else None
            PeerSession.objects.get_or_create(
                group=group,
                number=number,
                defaults={
                    "starts_at": meeting.starts_at if meeting else None,
                    "place": meeting.place if meeting else "",
                    "duration_minutes": meeting.duration_minutes
                    if meeting
                    else DEFAULT_SESSION_MINUTES,
                },
            )
    return list(PeerGroup.objects.filter(cohort=cohort))


@transaction.atomic
def peer_session_update(
    *, session: PeerSession, starts_at: dt.datetime | None, duration_minutes: int, place: str
) -> PeerSession:
    session.starts_at = starts_at
    session.duration_minutes = duration_minutes
    session.place = place
    session.save(update_fields=["starts_at", "duration_minutes", "place", "updated_at"])
    _bump(session.pk)
    return session


@transaction.atomic
def peer_session_set_status(*, session: PeerSession, status: str) -> PeerSession:
    if status not in SessionStatus.values:
        raise ValidationError(_("État de séance inconnu."))
    session.status = status
    session.save(update_fields=["status", "updated_at"])
    _bump(session.pk)
    return session


def _check_grid(kind: str, target_category: str, own_category: str) -> str:
    """The card's target category once its kind is checked against the grid's rows: an
    expectation towards others names another category; one towards the group's own
    category is a SELF_EXPECTATION card, kept apart."""
    if kind not in GRID_KINDS:
        raise ValidationError(
            {
                "kind": _(
                    "Choisissez une rubrique de la grille : contraintes, attentes ou engagements."
                )
            }
        )
    if kind != ContributionKind.EXPECTATION:
        return ""
    if not target_category:
        raise ValidationError(
            {"target_category": _("Indiquez à quelle catégorie d'acteurs s'adresse l'attente.")}
        )
    if target_category == own_category:
        raise ValidationError(
            {
                "target_category": _(
                    "Une attente envers votre propre catégorie se range dans la rubrique "
                    "« Attentes envers notre propre catégorie »."
                )
            }
        )
    return target_category


@transaction.atomic
def contribution_create(
    *,
    session: PeerSession,
    author: User,
    kind: str,
    text: str,
    target_category: str = "",
    axes: Iterable[Axis] = (),
    anonymous: bool = False,
) -> Contribution:
    # Lock the session row so a close and a post cannot cross.
    locked = (
        PeerSession.objects.select_related("group")
        .select_for_update(of=("self",))
        .get(pk=session.pk)
    )
    # The rule again, on the locked row: a close and a post cannot cross.
    require(author, "peergroups.add_contribution", locked, SESSION_CLOSED)
    target_category = _check_grid(kind, target_category, locked.group.category)
    version = _bump(session.pk)
    contribution = Contribution.objects.create(
        session=session,
        author=author,
        kind=kind,
        text=text.strip(),
        target_category=target_category,
        anonymous=anonymous,
        changed_version=version,
        created_version=version,
        placed_version=version,
    )
    contribution.axes.set(list(axes))
    return contribution


def _rewrite(
    contribution: Contribution,
    *,
    revision: int,
    kind: str,
    text: str,
    target_category: str,
    axes: Iterable[Axis],
    theme: str | None = None,
) -> Contribution:
    """Write a card's fields from the revision the editor read; StaleEdit (with the card
    as saved now) when someone changed it since. `theme` None leaves the grouping alone."""
    own_category = PeerGroup.objects.filter(sessions=contribution.session_id).values_list(
        "category", flat=True
    )[0]
    values = {
        "kind": kind,
        "text": text.strip(),
        "target_category": _check_grid(kind, target_category, own_category),
    }
    if theme is not None:
        values["theme"] = theme.strip()
    # A new row or theme moves the card on the board (a refresh then sends the whole board).
    moved = kind != contribution.kind or (theme is not None and theme.strip() != contribution.theme)
    updated = Contribution.objects.filter(pk=contribution.pk, revision=revision).update(
        **values, revision=F("revision") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit(Contribution.objects.get(pk=contribution.pk))
    contribution.refresh_from_db()
    contribution.axes.set(list(axes))
    _touch(
        contribution.session_id,
        [contribution.pk],
        *(["placed_version"] if moved else []),
        others=[contribution.merged_into_id],
    )
    return contribution


@transaction.atomic
def contribution_update(
    *,
    contribution: Contribution,
    revision: int,
    kind: str,
    text: str,
    target_category: str,
    theme: str,
    axes: Iterable[Axis],
) -> Contribution:
    """A facilitator's edit; refused (transitions.concurrency.StaleEdit, with the card as
    saved now) when it changed since the form was loaded."""
    return _rewrite(
        contribution,
        revision=revision,
        kind=kind,
        text=text,
        target_category=target_category,
        axes=axes,
        theme=theme,
    )


def _lock_for_author(contribution: Contribution, user: User, perm: str) -> None:
    """The author's rule again on the locked session row: a close and an author's edit or
    withdrawal cannot cross (as with posting)."""
    locked = (
        PeerSession.objects.select_related("group")
        .select_for_update(of=("self",))
        .get(pk=contribution.session_id)
    )
    contribution.session = locked
    require(user, perm, contribution, NOT_YOURS_OR_CLOSED)


@transaction.atomic
def contribution_revise(
    *,
    contribution: Contribution,
    author: User,
    revision: int,
    kind: str,
    text: str,
    target_category: str,
    axes: Iterable[Axis],
) -> Contribution:
    """The author's own edit while the session is open: what they wrote (rubric, text,
    target, axes), never the facilitator's grouping, flags or merges. A card edited by
    the facilitator meanwhile is refused as stale, never silently overwritten."""
    _lock_for_author(contribution, author, "peergroups.revise_contribution")
    return _rewrite(
        contribution,
        revision=revision,
        kind=kind,
        text=text,
        target_category=target_category,
        axes=axes,
    )


@transaction.atomic
def contribution_withdraw(*, contribution: Contribution, author: User, revision: int) -> None:
    """The author takes their card back while the session is open.

    The row is deleted (the audit history keeps its delete event): it leaves the board
    (boards polling from before remove it), the facilitators' grid, the agora's feed of
    shared contributions (and thus the sources statements quote) and the research
    corpus. Duplicates merged into it are other people's words: they come back on the
    board on their own. Refused as stale when the card changed since the author read it
    (shared, merged, edited): they confirm again."""
    _lock_for_author(contribution, author, "peergroups.withdraw_contribution")
    current = Contribution.objects.select_for_update().filter(pk=contribution.pk).first()
    if current is None:
        return
    if current.revision != revision:
        raise StaleEdit(current)
    # The duplicates come back: a new revision, so an edit form open on one is refused.
    Contribution.objects.filter(merged_into=current).update(revision=F("revision") + 1)
    contribution_delete(contribution=current)


FLAGS = {"is_key", "hidden", "shared"}


@transaction.atomic
def contribution_set_flag(*, contribution: Contribution, flag: str, value: bool) -> Contribution:
    """Mark key, hide (off-topic) or share with the agora; idempotent (sets, not toggles)."""
    if flag not in FLAGS:
        raise ValidationError(_("Action inconnue."))
    Contribution.objects.filter(pk=contribution.pk).update(
        **{flag: value}, revision=F("revision") + 1
    )
    contribution.refresh_from_db()
    _touch(
        contribution.session_id,
        [contribution.pk],
        *(["hidden_version"] if flag == "hidden" else []),
        others=[contribution.merged_into_id],
    )
    return contribution


@transaction.atomic
def contribution_merge(*, contribution: Contribution, into: Contribution) -> Contribution:
    """Merge a duplicate into another card of the same session (its text stays readable)."""
    if into.pk == contribution.pk or into.session_id != contribution.session_id:
        raise ValidationError(_("Choisissez une autre contribution de la même séance."))
    if into.merged_into_id is not None:
        raise ValidationError(_("Cette contribution est déjà fusionnée dans une autre."))
    # Cards already merged into the duplicate follow it.
    followers = list(contribution.merged.values_list("pk", flat=True))
    Contribution.objects.filter(merged_into=contribution).update(merged_into=into)
    Contribution.objects.filter(pk=contribution.pk).update(
        merged_into=into, shared=False, revision=F("revision") + 1
    )
    contribution.refresh_from_db()
    # The duplicate leaves the board; the card it joins shows it inside.
    _touch(
        contribution.session_id, [contribution.pk], "placed_version", others=[into.pk, *followers]
    )
    return contribution


@transaction.atomic
def contribution_unmerge(*, contribution: Contribution) -> Contribution:
    parent_id = contribution.merged_into_id
    Contribution.objects.filter(pk=contribution.pk).update(
        merged_into=None, revision=F("revision") + 1
    )
    contribution.refresh_from_db()
    _touch(contribution.session_id, [contribution.pk], "placed_version", others=[parent_id])
    return contribution


@transaction.atomic
def contribution_delete(*, contribution: Contribution) -> None:
    """Delete a card (a withdrawal): boards polling from before remove it. Duplicates that
    were merged into it come back on the board on their own."""
    session_id, card_id = contribution.session_id, contribution.pk
    followers = list(contribution.merged.values_list("pk", flat=True))
    contribution.delete()
    version = _touch(session_id, followers, "placed_version")
    BoardRemoval.objects.filter(
        session_id=session_id, version__lt=version - BOARD_DELTA_VERSIONS
    ).delete()
    BoardRemoval.objects.create(session_id=session_id, contribution_id=card_id, version=version)
