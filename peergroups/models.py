"""Peer groups by actor category (the "4 Fantastiques"), their sessions and contributions.

Safe-space rule ("la parole vraie"): a contribution is visible to its group's members
and the cohort's facilitators only; outside the group (agora, PDF) only shared ones are
shown, attributed to the group's category, never to a person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from transitions.models import ActorCategory, Axis, Cohort, StageKind

CONTRIBUTION_MAX_LENGTH = 2000
DEFAULT_SESSION_COUNT = 3
DEFAULT_SESSION_MINUTES = 180
# How far back a board's refresh sends only what changed (peergroups.selectors.board_delta);
# a client further behind gets the whole board, so removals older than this are forgotten.
BOARD_DELTA_VERSIONS = 100
# Past this many changed cards, the whole board is as cheap to send as the changes.
BOARD_DELTA_CARDS = 40


class PeerGroup(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="peer_groups")
    category = models.CharField(
        _("catégorie d'acteur"), max_length=30, choices=ActorCategory.choices
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "category"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "category"], name="peergroup_unique_category")
        ]
        verbose_name = _("groupe de pairs")
        verbose_name_plural = _("groupes de pairs")

    # Served by the peer-groups stage (transitions.rules.stage_is_open).
    stage_kind = StageKind.PEER_GROUPS

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.cohort}"


class SessionStatus(models.TextChoices):
    # Adjectives under the "statut" context (never the verbs of the buttons).
    PLANNED = "planned", pgettext_lazy("statut", "Prévue")
    OPEN = "open", pgettext_lazy("statut", "En cours")
    CLOSED = "closed", pgettext_lazy("statut", "Fermée")


class PeerSession(models.Model):
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("numéro"))
    starts_at = models.DateTimeField(_("début"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(
        _("durée (minutes)"), default=DEFAULT_SESSION_MINUTES
    )
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    # Bumped by every write to the session or its contributions (services only): the
    # board's refresh endpoint compares it with the client's last one in one query.
    version = models.PositiveBigIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group", "number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="peersession_unique_number")
        ]
        verbose_name = _("séance entre pairs")
        verbose_name_plural = _("séances entre pairs")

    def __str__(self) -> str:
        return _("Séance %(number)s · %(group)s") % {"number": self.number, "group": self.group}

    stage_kind = StageKind.PEER_GROUPS

    @property
    def cohort_id(self) -> int:
        return self.group.cohort_id

    @property
    def category(self) -> str:
        return self.group.category

    @property
    def is_open(self) -> bool:
        return self.status == SessionStatus.OPEN


class ContributionKind(models.TextChoices):
    """The rows of the peer-group grid (DOMAIN §3.7), plus expectations towards one's own
    category, kept apart from those towards the others.

    LEARNING is a former row kept only for cards written before the grid: learnings are
    an output of the agora (DOMAIN §3.8), not of a peer group. No new card takes it; the
    board lists the old ones apart, for the facilitator to reclassify or carry to the
    agora (agora migration 0005 made agora learnings of those already shared)."""

    CONSTRAINT = "constraint", _("Contraintes et freins")
    EXPECTATION = "expectation", _("Attentes vis-à-vis des autres catégories")
    SELF_EXPECTATION = "self_expectation", _("Attentes envers notre propre catégorie")
    COMMITMENT = "commitment", _("Engagements propres")
    LEARNING = "learning", _("Apprentissage (ancienne rubrique, à reclasser)")


# The grid's rows, in order: what a card can be written or reclassified as.
GRID_KINDS = [
    ContributionKind.CONSTRAINT,
    ContributionKind.EXPECTATION,
    ContributionKind.SELF_EXPECTATION,
    ContributionKind.COMMITMENT,
]


# What a facilitator's edit changes (and the stale-edit box compares): one list.
CONTRIBUTION_EDIT_FIELDS = ["kind", "text", "target_category", "theme"]


class Contribution(models.Model):
    session = models.ForeignKey(PeerSession, on_delete=models.CASCADE, related_name="contributions")
    kind = models.CharField(_("type"), max_length=20, choices=ContributionKind.choices)
    text = models.TextField(_("contribution"), max_length=CONTRIBUTION_MAX_LENGTH)
    # Only for expectations towards others: the category addressed (never the group's own;
    # those are SELF_EXPECTATION cards).
    target_category = models.CharField(
        _("catégorie visée"), max_length=30, choices=ActorCategory.choices, blank=True
    )
    axes = models.ManyToManyField(Axis, blank=True, related_name="+", verbose_name=_("axes"))
    # Kept even when anonymous (research consent, the author's own view), never displayed
    # when `anonymous` is set, and never displayed at all outside the group.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_contributions",
    )
    anonymous = models.BooleanField(_("anonyme"), default=False)
    theme = models.CharField(_("regroupement"), max_length=120, blank=True)
    is_key = models.BooleanField(_("contribution clé"), default=False)
    hidden = models.BooleanField(_("masquée (hors sujet)"), default=False)
    shared = models.BooleanField(_("partagée avec l'agora"), default=False)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("fusionnée dans"),
    )
    # Optimistic locking for facilitator edits: two edits never silently overwrite.
    revision = models.PositiveIntegerField(default=1)
    # The session's version at which the card last changed, was created, took its place
    # (row, theme, merged or unmerged) and was hidden or shown: the board's refresh sends
    # a client only the cards that changed since its version (services set them).
    changed_version = models.PositiveBigIntegerField(default=0)
    created_version = models.PositiveBigIntegerField(default=0)
    placed_version = models.PositiveBigIntegerField(default=0)
    hidden_version = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["session", "kind"], name="contribution_session_kind")]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    stage_kind = StageKind.PEER_GROUPS

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def cohort_id(self) -> int:
        return self.session.group.cohort_id

    @property
    def category(self) -> str:
        return self.session.group.category


class BoardRemoval(models.Model):
    """A card deleted from a session's board, kept a while so that boards polling from an
    earlier version remove it (the card's own row is gone)."""

    session = models.ForeignKey(PeerSession, on_delete=models.CASCADE, related_name="+")
    contribution_id = models.PositiveBigIntegerField()
    version = models.PositiveBigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["session", "version"], name="boardremoval_session_version")]
        verbose_name = _("carte retirée du tableau")
        verbose_name_plural = _("cartes retirées du tableau")

    def __str__(self) -> str:
        return f"{self.contribution_id} @ {self.version}"
