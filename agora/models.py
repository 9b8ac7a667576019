"""The agora: a plenary crossing what the four peer groups shared.

Everything here is attributed to actor categories (roles), never to a person.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from transitions.models import ActorCategory, Cohort, StageKind

STATEMENT_MAX_LENGTH = 2000


class Agora(models.Model):
    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="agora")
    # Bumped by every write (statements, positions): the live view polls it cheaply.
    version = models.PositiveBigIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agora")
        verbose_name_plural = _("agoras")

    # Served by the agora stage (transitions.rules.stage_is_open).
    stage_kind = StageKind.AGORA

    def __str__(self) -> str:
        return _("Agora · %(cohort)s") % {"cohort": self.cohort}


class StatementKind(models.TextChoices):
    SHARED_CONSTRAINT = "shared_constraint", _("Contrainte partagée")
    SHARED_EXPECTATION = "shared_expectation", _("Attente partagée")
    CONSENSUS = "consensus", _("Consensus")
    DISSENSUS = "dissensus", _("Dissensus")
    LEARNING = "learning", _("Apprentissage")


# What a statement edit and a position change write (and the stale box compares).
STATEMENT_EDIT_FIELDS = ["kind", "text"]
POSITION_FIELDS = ["stance", "note"]


class Statement(models.Model):
    agora = models.ForeignKey(Agora, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(_("type"), max_length=20, choices=StatementKind.choices)
    text = models.TextField(_("énoncé"), max_length=STATEMENT_MAX_LENGTH)
    sources = models.ManyToManyField(
        "peergroups.Contribution",
        blank=True,
        related_name="statements",
        verbose_name=_("contributions sources"),
    )
    # Optimistic locking, as on the peer board: an edit from a stale page is refused.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agora", "created_at", "pk"]
        verbose_name = _("énoncé")
        verbose_name_plural = _("énoncés")

    stage_kind = StageKind.AGORA

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def cohort_id(self) -> int:
        return self.agora.cohort_id


class Stance(models.TextChoices):
    AGREE = "agree", _("D'accord")
    DISAGREE = "disagree", _("Pas d'accord")
    NUANCED = "nuanced", _("Nuancé")


class Position(models.Model):
    """A category's position on a statement, recorded live by the facilitator."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="positions")
    category = models.CharField(
        _("catégorie d'acteur"), max_length=30, choices=ActorCategory.choices
    )
    stance = models.CharField(_("position"), max_length=10, choices=Stance.choices)
    note = models.TextField(_("nuance"), max_length=STATEMENT_MAX_LENGTH, blank=True)
    # Two facilitators (or tabs) recording from the same starting state: the second is
    # refused and chooses, instead of the last write silently winning.
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["statement", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "category"], name="position_unique_category"
            )
        ]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.get_stance_display()}"
