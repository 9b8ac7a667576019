"""Writes of the trajectory: links, the récit, who carried what."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from territories.models import Delegation
from trajectory import selectors
from trajectory.models import (
    RANK,
    STORY_FIELDS,
    STORY_TEXT_MAX_LENGTH,
    Engagement,
    Link,
    StoryEntry,
)
from transitions.concurrency import check_fresh
from transitions.models import ActorCategory, Role, User

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_EXTENSIONS = ("png", "jpg", "jpeg", "webp")
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


@transaction.atomic
def link_create(*, delegation: Delegation, user: User, source: str, target: str) -> Link:
    """Link two objects of the delegation's parcours ("kind:id" each, in either order):
    both must be visible to `user` there (so a link never points at an unshared
    contribution, nor at anything its author could not see), and of different stages.
    The link is stored pointing forward (finding → … → pilot project)."""
    nodes = selectors.nodes_for(user, delegation)
    first, second = nodes.get(source), nodes.get(target)
    if first is None or second is None:
        raise ValidationError(_("Cet élément ne fait pas partie de la trajectoire du territoire."))
    if RANK[first.kind] == RANK[second.kind]:
        raise ValidationError(
            _(
                "Un lien relie deux étapes différentes du parcours (par exemple un constat et un projet)."
            )
        )
    if RANK[first.kind] > RANK[second.kind]:
        first, second = second, first
    try:
        with transaction.atomic():
            return Link.objects.create(
                delegation=delegation,
                source_kind=first.kind,
                source_id=first.id,
                target_kind=second.kind,
                target_id=second.id,
                created_by=user,
            )
    except IntegrityError:
        raise ValidationError(_("Ces deux éléments sont déjà liés.")) from None


@transaction.atomic
def link_delete(*, link: Link) -> None:
    link.delete()


def _checked_image(upload) -> str:
    """The upload's name, once it is an image of an accepted type and size (checked by
    decoding it, not by trusting its name)."""
    from PIL import Image, UnidentifiedImageError

    name = Path(upload.name or "").name[:200]
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in IMAGE_EXTENSIONS:
        raise ValidationError(
            _("Ce type d'image n'est pas accepté (formats acceptés : %(formats)s).")
            % {"formats": ", ".join(IMAGE_EXTENSIONS)}
        )
    if upload.size > IMAGE_MAX_BYTES:
        raise ValidationError(_("L'image dépasse 5 Mo."))
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            found = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("Ce fichier n'est pas une image lisible.")) from None
    finally:
        upload.seek(0)
    if found not in IMAGE_FORMATS:
        raise ValidationError(_("Ce fichier n'est pas une image PNG, JPEG ou WebP."))
    return name


def _check_text(text: str) -> None:
    if len(text) > STORY_TEXT_MAX_LENGTH:
        raise ValidationError(
            _("Le récit dépasse %(max)s caractères.") % {"max": STORY_TEXT_MAX_LENGTH}
        )


@transaction.atomic
def story_entry_create(
    *,
    delegation: Delegation,
    user: User,
    kind: str,
    happened_on: dt.date,
    title: str,
    text: str = "",
    image=None,
) -> StoryEntry:
    _check_text(text)
    entry = StoryEntry(
        delegation=delegation,
        kind=kind,
        happened_on=happened_on,
        title=title,
        text=text,
        created_by=user,
    )
    entry.full_clean(exclude=["image", "created_by"])
    if image is not None:
        entry.image_name = _checked_image(image)
        entry.image.save(entry.image_name, image, save=False)
    entry.save()
    return entry


@transaction.atomic
def story_entry_update(
    *, entry: StoryEntry, fingerprint: str, image=None, remove_image: bool = False, **values
) -> StoryEntry:
    """Edit an entry, refused (transitions.concurrency.StaleEdit) when someone saved it
    since the page was loaded."""
    _check_text(values.get("text", ""))
    locked = StoryEntry.objects.select_for_update().get(pk=entry.pk)
    check_fresh(locked, STORY_FIELDS, fingerprint)
    for name in STORY_FIELDS:
        setattr(locked, name, values[name])
    locked.full_clean(exclude=["image", "created_by"])
    old_file = locked.image.name if (image is not None or remove_image) else ""
    if image is not None:
        locked.image_name = _checked_image(image)
        locked.image.save(locked.image_name, image, save=False)
    elif remove_image:
        locked.image = ""
        locked.image_name = ""
    locked.save()
    if old_file:
        storage = locked.image.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return locked


@transaction.atomic
def story_entry_delete(*, entry: StoryEntry) -> None:
    stored = entry.image.name
    storage = entry.image.storage
    entry.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


def carrier_choices(delegation: Delegation):
    """Who may be named as having carried something: the delegation's members."""
    return (
        User.objects.filter(
            memberships__delegation=delegation,
            memberships__role__in=[Role.AGENT, Role.PARTICIPANT],
        )
        .distinct()
        .order_by("full_name", "email")
    )


@transaction.atomic
def engagement_create(
    *,
    delegation: Delegation,
    user: User,
    what: str,
    category: str,
    happened_on: dt.date,
    carrier: User | None = None,
) -> Engagement:
    if category not in ActorCategory.values:
        raise ValidationError(_("Choisissez une catégorie d'acteurs."))
    if carrier is not None and not carrier_choices(delegation).filter(pk=carrier.pk).exists():
        raise ValidationError(_("Cette personne n'est pas membre de la délégation."))
    engagement = Engagement(
        delegation=delegation,
        what=what,
        category=category,
        happened_on=happened_on,
        carrier=carrier,
        created_by=user,
    )
    engagement.full_clean(exclude=["created_by", "carrier"])
    engagement.save()
    return engagement


@transaction.atomic
def engagement_delete(*, engagement: Engagement) -> None:
    engagement.delete()
