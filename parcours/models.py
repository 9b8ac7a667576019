"""The outputs of the parcours' own stages (DOMAIN §4) that no other app serves.

- Entrée dans le parcours: one entry record per delegation (the three prerequisites, each
  with a justification; the named delegation; the commitment's date).
- Prise de hauteur: notes from the theoretical inputs, shared with the cohort.
- Inspiration et formation collective: visit reports (per delegation), topic notes on
  the cohort's shared topics (written together, shared with the cohort), and the notes
  of the learning-community subgroups (transitions.Subgroup).

Every object names its stage with `stage_kind` and reaches its cohort through
`cohort_id`, so `transitions.rules.stage_is_open` gates its writes.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from territories.models import Delegation
from transitions.models import Cohort, Meeting, StageKind, Subgroup, User

ENTRY_FIELDS = [
    "ambition_met",
    "ambition_note",
    "ecosystem_met",
    "ecosystem_note",
    "leadership_met",
    "leadership_note",
    "named_delegation",
    "committed_on",
]
INPUT_NOTE_FIELDS = ["title", "speaker", "meeting", "body"]
VISIT_FIELDS = ["meeting", "place", "partnership", "takeaways"]
TOPIC_NOTE_FIELDS = ["title", "body"]
SUBGROUP_NOTE_FIELDS = ["title", "meeting", "body"]

# The three prerequisites, in the order the method states them: (field prefix, label).
PREREQUISITES = [
    ("ambition", _("Une ambition")),
    ("ecosystem", _("Un écosystème d'acteurs engagés")),
    ("leadership", _("Des élu·es et une administration engagés")),
]


class EntryRecord(models.Model):
    """A territory's entry into the parcours: prerequisites checked, delegation named,
    commitment dated."""

    stage_kind = StageKind.ENTRY

    delegation = models.OneToOneField(
        Delegation, on_delete=models.CASCADE, related_name="entry_record"
    )
    ambition_met = models.BooleanField(_("ambition vérifiée"), default=False)
    ambition_note = models.TextField(_("justification : ambition"), blank=True)
    ecosystem_met = models.BooleanField(_("écosystème d'acteurs engagés vérifié"), default=False)
    ecosystem_note = models.TextField(_("justification : écosystème d'acteurs"), blank=True)
    leadership_met = models.BooleanField(
        _("engagement des élu·es et de l'administration vérifié"), default=False
    )
    leadership_note = models.TextField(_("justification : élu·es et administration"), blank=True)
    named_delegation = models.TextField(
        _("délégation nommée"),
        blank=True,
        help_text=_("Une personne par ligne : nom, fonction, catégorie."),
    )
    committed_on = models.DateField(_("date de l'engagement"), null=True, blank=True)
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("entrée dans le parcours")
        verbose_name_plural = _("entrées dans le parcours")

    def __str__(self) -> str:
        return str(self.delegation.territory)

    @property
    def cohort_id(self) -> int:
        return self.delegation.cohort_id

    @property
    def prerequisites(self) -> list[tuple[str, bool, str]]:
        return [
            (label, getattr(self, f"{prefix}_met"), getattr(self, f"{prefix}_note"))
            for prefix, label in PREREQUISITES
        ]

    @property
    def prerequisites_met(self) -> int:
        return sum(1 for _label, met, _note in self.prerequisites if met)

    @property
    def is_committed(self) -> bool:
        return self.committed_on is not None


class InputNote(models.Model):
    """A note taken from a theoretical input of the "prise de hauteur", for the cohort."""

    stage_kind = StageKind.STEPPING_BACK

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="input_notes")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rencontre"),
    )
    title = models.CharField(_("titre"), max_length=200)
    speaker = models.CharField(_("intervenant·e ou source"), max_length=200, blank=True)
    body = models.TextField(_("notes"))
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cohort", "-created_at"]
        verbose_name = _("note d'apport théorique")
        verbose_name_plural = _("notes d'apports théoriques")

    def __str__(self) -> str:
        return self.title


class VisitReport(models.Model):
    """What a delegation saw on an inspiration visit and takes home."""

    stage_kind = StageKind.INSPIRATION

    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="visit_reports"
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("visite"),
    )
    place = models.CharField(_("lieu visité"), max_length=200)
    partnership = models.TextField(_("le partenariat observé"))
    takeaways = models.TextField(_("ce que la délégation en retient pour son territoire"))
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["delegation", "-created_at"]
        verbose_name = _("compte rendu de visite")
        verbose_name_plural = _("comptes rendus de visite")

    def __str__(self) -> str:
        return self.place

    @property
    def cohort_id(self) -> int:
        return self.delegation.cohort_id


class Topic(models.Model):
    """One of the cohort's shared topics (the first cohort had alimentation, projet de
    territoire, implication citoyenne, management coopératif)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("thématique"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["cohort", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "name"], name="topic_unique_name"),
        ]
        verbose_name = _("thématique partagée")
        verbose_name_plural = _("thématiques partagées")

    def __str__(self) -> str:
        return self.name


class TopicNote(models.Model):
    """A note on a shared topic, written together by the cohort (everyone may edit it; the
    contributors are kept) and read by the whole cohort."""

    stage_kind = StageKind.INSPIRATION

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="notes")
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("note"))
    contributors = models.ManyToManyField(User, related_name="+", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic", "title"]
        verbose_name = _("note thématique")
        verbose_name_plural = _("notes thématiques")

    def __str__(self) -> str:
        return self.title

    @property
    def cohort_id(self) -> int:
        return self.topic.cohort_id


class SubgroupNote(models.Model):
    """A learning-community subgroup's note: read by its delegations and the facilitators."""

    stage_kind = StageKind.INSPIRATION

    subgroup = models.ForeignKey(Subgroup, on_delete=models.CASCADE, related_name="notes")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rencontre"),
    )
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("note"))
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["subgroup", "-created_at"]
        verbose_name = _("note de sous-groupe")
        verbose_name_plural = _("notes de sous-groupe")

    def __str__(self) -> str:
        return self.title

    @property
    def cohort_id(self) -> int:
        return self.subgroup.cohort_id
