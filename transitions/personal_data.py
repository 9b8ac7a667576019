"""Personal-data rights (RGPD): one registry of what each model holds about a person,
how it is exported (the person downloads everything as JSON) and how it is erased.

Every app registers, from its AppConfig.ready(), each of its models with a foreign key
to the user (the core registers its own and the third-party ones it installs):

    register(Contribution, export=rows_by("author"),
             erase=KEEP, note="stays as group work, attributed to « ancien·ne participant·e »")

`tests/transitions/test_personal_data.py` fails when a model with a foreign key to the
user is in neither the export nor the erasure. Erasure keeps the user row, emptied of
anything personal (`User.erased_at` set; it reads « ancien·ne participant·e »), so the
group's work that points at it keeps its place and category; the erasers delete what is
only about the person (memberships — research consent with them —, invitations,
email addresses, MFA devices, sessions, admin log).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.utils import timezone

from transitions.models import ErasureRequest, User

Exporter = Callable[[User], list[dict[str, Any]]]
Eraser = Callable[[User], None]


@dataclass(frozen=True)
class Entry:
    model: type[models.Model]
    export: Exporter | None
    erase: Eraser | None
    note: str
    last: bool = False  # erased after every other model (histories recording the erasure)


_registry: dict[str, Entry] = {}


def register(
    model: type[models.Model],
    *,
    export: Exporter | None = None,
    erase: Eraser | None = None,
    note: str = "",
    last: bool = False,
) -> None:
    _registry[model._meta.label] = Entry(model, export, erase, note, last)


def registered() -> dict[str, Entry]:
    return dict(_registry)


# --- Ready-made exporters and erasers -----------------------------------------------------


def rows_by(*fields: str, exclude: tuple[str, ...] = ()) -> Callable[[type], Exporter]:
    """Export the rows whose `fields` (any of them) point at the person."""

    def bind(model: type[models.Model]) -> Exporter:
        def export(user: User) -> list[dict[str, Any]]:
            query = models.Q()
            for name in fields:
                query |= models.Q(**{name: user})
            rows = model._default_manager.filter(query).order_by("pk").values()
            return [{k: v for k, v in row.items() if k not in exclude} for row in rows]

        return export

    return bind


def delete_rows(*fields: str) -> Callable[[type], Eraser]:
    def bind(model: type[models.Model]) -> Eraser:
        def erase(user: User) -> None:
            query = models.Q()
            for name in fields:
                query |= models.Q(**{name: user})
            model._default_manager.filter(query).delete()

        return erase

    return bind


def _keep(user: User) -> None:
    """The rows stay: they point at the emptied account, which names nobody."""


KEEP: Eraser = _keep


def register_rows(
    model: type[models.Model],
    *fields: str,
    erase: str | Eraser = "keep",
    note: str = "",
    exclude: tuple[str, ...] = (),
    last: bool = False,
) -> None:
    """The common case in one line: export the rows pointing at the person by `fields`;
    erase them ("delete"), or keep them on the emptied account ("keep"), or a function."""
    if erase == "delete":
        eraser = delete_rows(*fields)(model)
    elif erase == "keep":
        eraser = KEEP
    else:
        eraser = erase
    register(
        model, export=rows_by(*fields, exclude=exclude)(model), erase=eraser, note=note, last=last
    )


# --- What the person sees and asks ---------------------------------------------------------

ACCOUNT_FIELDS = ("id", "email", "full_name", "date_joined", "last_login", "is_staff")


def user_export(user: User) -> dict[str, Any]:
    """Everything the registry knows about the person, by model, JSON-ready (dates and
    decimals are serialised by DjangoJSONEncoder)."""
    data: dict[str, Any] = {
        "exported_at": timezone.now(),
        "account": {name: getattr(user, name) for name in ACCOUNT_FIELDS},
        "data": {},
    }
    for label, entry in sorted(_registry.items()):
        if entry.export is None:
            continue
        rows = entry.export(user)
        if rows:
            data["data"][label] = rows
    return data


def _delete_sessions(user: User) -> None:
    # Sessions store the user id in their encoded data: read the live ones (a rare
    # operation; expired ones hold nothing usable and are cleared by `clearsessions`).
    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=doomed).delete()


def _empty_account(user: User, now: datetime.datetime) -> None:
    user.email = f"efface-{uuid.uuid4().hex}@invalid"
    user.full_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.erased_at = now
    user.save()


@transaction.atomic
def user_erase(*, user: User, by: User | None) -> None:
    """Erase a person: every registered eraser, then the account itself emptied."""
    now = timezone.now()
    # Histories last: deleting a membership writes its own audit event first.
    for _label, entry in sorted(_registry.items(), key=lambda item: (item[1].last, item[0])):
        if entry.erase is not None:
            entry.erase(user)
    _delete_sessions(user)
    _empty_account(user, now)
    ErasureRequest.objects.filter(user=user, done_at__isnull=True).update(
        done_at=now, confirmed_by=by
    )


def erasure_request(*, user: User) -> ErasureRequest:
    request, _created = ErasureRequest.objects.get_or_create(user=user, done_at__isnull=True)
    return request


def pending_erasures_for(viewer: User) -> models.QuerySet[ErasureRequest]:
    """Open requests the viewer may confirm: staff all; a facilitator those of the members
    of the cohorts they run."""
    from transitions.models import Membership, Role
    from transitions.roles import roles_of

    pending = ErasureRequest.objects.filter(done_at__isnull=True).select_related("user")
    roles = roles_of(viewer)
    if roles.is_staff:
        return pending
    cohorts = roles.cohort_ids(Role.FACILITATOR)
    members = Membership.objects.filter(cohort_id__in=cohorts).values("user_id")
    return pending.filter(user_id__in=members).exclude(user=viewer)


# Third-party models that hold only the person's own account data: deleted on erasure.
# (app label, model) → the field pointing at the user; registered when installed.
THIRD_PARTY_OWN_ROWS = {
    ("account", "EmailAddress"): "user",
    ("mfa", "Authenticator"): "user",
    ("usersessions", "UserSession"): "user",
    ("socialaccount", "SocialAccount"): "user",
    ("admin", "LogEntry"): "user",
}
# Columns never written into the person's download: an authenticator's `data` holds the
# TOTP secret and the recovery-code seed, which a stolen session must not carry away.
THIRD_PARTY_SECRET_COLUMNS = {("mfa", "Authenticator"): ("data",)}


def register_core() -> None:
    """The core's own models and the third-party ones it installs."""
    from django.apps import apps

    from transitions.models import (
        Attendance,
        Cohort,
        Invitation,
        Job,
        MeetingAttachment,
        MeetingReport,
        Membership,
    )

    register_rows(
        Membership,
        "user",
        erase="delete",
        note="memberships removed, research consent with them",
    )

    def erase_invitations(user: User) -> None:
        Invitation.objects.filter(
            models.Q(accepted_by=user) | models.Q(email__iexact=user.email)
        ).delete()

    register_rows(
        Invitation,
        "invited_by",
        "accepted_by",
        erase=erase_invitations,
        note="invitations to the person removed; those they sent stay, by the emptied account",
    )
    register_rows(Cohort, "created_by", note="the cohort stays, created by the emptied account")
    register_rows(Job, "requested_by", note="files stay, asked by the emptied account")
    register_rows(ErasureRequest, "user", note="kept as the trace of the erasure")
    # Attendance copies the category and sub-role when taken: the counts by category stay
    # right, the line now names the emptied account.
    register_rows(Attendance, "user", note="attendance stays, by the emptied account")
    register_rows(MeetingReport, "closed_by", note="the report stays")
    register_rows(MeetingAttachment, "uploaded_by", note="the file stays")
    for (app_label, model_name), field in THIRD_PARTY_OWN_ROWS.items():
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        register_rows(
            model,
            field,
            erase="delete",
            note="the person's own account data",
            exclude=THIRD_PARTY_SECRET_COLUMNS.get((app_label, model_name), ()),
        )
    for through in (User.groups.through, User.user_permissions.through):
        register_rows(through, "user", erase="delete", note="group and permission links")
