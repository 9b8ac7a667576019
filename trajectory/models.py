"""A territory's trajectory: typed links across the parcours, the shared narrative
(récit) and who carried what.

Everything hangs on a `Delegation` (a territory in a cohort), like its diagnostic, and is
scoped like it (trajectory.rules asks the diagnostics rules). The linked objects live in
the feature apps below; a link names them by kind and id (`NodeKind`), because a
diagnostic finding is an axis of a diagnostic, not a row, and because this app sits on
top: nothing below it may hold a foreign key to it.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from territories.models import Delegation
from transitions.models import ActorCategory


class NodeKind(models.TextChoices):
    FINDING = "finding", _("Constat du diagnostic")
    CONTRIBUTION = "contribution", _("Contribution partagée d'un groupe de pairs")
    STATEMENT = "statement", _("Énoncé de l'agora")
    CARD = "card", _("Carton du forum")
    OPPORTUNITY = "opportunity", _("Opportunité de coopération")
    PILOT = "pilot", _("Projet pilote")


# Where each kind stands in the parcours: a link always points forward (finding → what
# speaks to it → what answers it → the pilot project).
RANK = {
    NodeKind.FINDING: 0,
    NodeKind.CONTRIBUTION: 1,
    NodeKind.STATEMENT: 1,
    NodeKind.CARD: 2,
    NodeKind.OPPORTUNITY: 2,
    NodeKind.PILOT: 3,
}


def link_type_label(target_kind: str) -> str:
    """The typed relation, read from where the link arrives."""
    rank = RANK[target_kind]
    if rank == 1:
        return str(_("en parle"))
    if rank == 2:
        return str(_("y répond"))
    return str(_("aboutit à"))


class Link(models.Model):
    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="trajectory_links"
    )
    source_kind = models.CharField(_("de"), max_length=20, choices=NodeKind.choices)
    source_id = models.PositiveBigIntegerField()
    target_kind = models.CharField(_("vers"), max_length=20, choices=NodeKind.choices)
    target_id = models.PositiveBigIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delegation", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "source_kind", "source_id", "target_kind", "target_id"],
                name="trajectory_link_unique",
            )
        ]
        verbose_name = _("lien de trajectoire")
        verbose_name_plural = _("liens de trajectoire")

    def __str__(self) -> str:
        return f"{self.source_kind}:{self.source_id} → {self.target_kind}:{self.target_id}"

    @property
    def cohort_id(self) -> int:
        return self.delegation.cohort_id

    @property
    def type_label(self) -> str:
        return link_type_label(self.target_kind)


class StoryKind(models.TextChoices):
    KEY_EVENT = "key_event", _("Événement clé")
    WHITE_PEBBLE = "white_pebble", _("Caillou blanc")
    CONTESTED = "contested", _("Moment controversé")
    COUNTER_NARRATIVE = "counter_narrative", _("Contre-récit")
    CELEBRATION = "celebration", _("Célébration")
    VISIBLE_RESULT = "visible_result", _("Résultat visible")


# What "ce que nous avons accompli ensemble" shows of the récit.
ACHIEVEMENT_KINDS = [
    StoryKind.WHITE_PEBBLE,
    StoryKind.CELEBRATION,
    StoryKind.VISIBLE_RESULT,
    StoryKind.KEY_EVENT,
]

# What the entry form edits and story_entry_update saves (fingerprinted:
# transitions.concurrency).
STORY_FIELDS = ["kind", "happened_on", "title", "text"]
STORY_TEXT_MAX_LENGTH = 5000


def story_image_path(entry: StoryEntry, filename: str) -> str:
    """A random stored name: served only by the view that checks the rule."""
    suffix = Path(filename).suffix.lower()
    return f"trajectory/{uuid.uuid4().hex}{suffix if suffix.isascii() and len(suffix) <= 8 else ''}"


class StoryEntry(models.Model):
    """One dated entry of the territory's récit (DOMAIN §1.4, §6): a key event, a caillou
    blanc, a contested moment, a counter-narrative, a celebration or a visible result."""

    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="story_entries"
    )
    kind = models.CharField(_("type"), max_length=20, choices=StoryKind.choices)
    happened_on = models.DateField(_("date"))
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("récit"), blank=True, max_length=STORY_TEXT_MAX_LENGTH)
    image = models.FileField(upload_to=story_image_path, blank=True)
    image_name = models.CharField(_("image"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["delegation", "happened_on", "created_at", "pk"]
        verbose_name = _("entrée du récit")
        verbose_name_plural = _("entrées du récit")

    def __str__(self) -> str:
        return f"{self.happened_on} {self.title}"

    @property
    def cohort_id(self) -> int:
        return self.delegation.cohort_id


class Engagement(models.Model):
    """Who carried what: a piece of work carried for the trajectory, by role. The carrier
    is optional and shown by name to the cohort's facilitators only (overload signal);
    everyone else reads the category."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="engagements")
    what = models.CharField(_("ce qui a été porté"), max_length=300)
    category = models.CharField(
        _("rôle (catégorie d'acteurs)"), max_length=30, choices=ActorCategory.choices
    )
    carrier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("porté par"),
    )
    happened_on = models.DateField(_("date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delegation", "happened_on", "pk"]
        verbose_name = _("engagement porté")
        verbose_name_plural = _("engagements portés")

    def __str__(self) -> str:
        return self.what

    @property
    def cohort_id(self) -> int:
        return self.delegation.cohort_id
