"""Systemic diagnostics: versioned questionnaires, one diagnostic per delegation, answers
per respondent (tagged with their actor category), evidence, timeline and history.

The PDF report is a `transitions.Job` (kind "diagnostic_report"): the shared job row
already holds pending / ready / failed, the stored file and the error.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from territories.models import Delegation
from transitions.models import (
    COOPERATION_DIMENSION_HELP,
    ActorCategory,
    Axis,
    CooperationDimension,
    Localized,
    StageKind,
)

TEXT_MAX_LENGTH = 10_000


class Questionnaire(Localized, models.Model):
    """One published version of the questionnaire; its questions are frozen once used."""

    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    title_fr = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    notes = models.TextField(_("notes de version"), blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def title(self) -> str:
        return self.localized("title")


class Section(models.TextChoices):
    PROFILE = "profile", _("Profil du territoire")
    AXIS = "axis", _("Axes de travail")
    SYNTHESIS = "synthesis", _("Synthèse")


class Question(Localized, models.Model):
    """A question of one questionnaire version.

    Axis questions are answered by every respondent (level, observation, evidence);
    profile and synthesis questions are one shared text per diagnostic.
    """

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.CharField(max_length=10, choices=Section.choices)
    code = models.CharField(max_length=40)
    axis = models.ForeignKey(Axis, on_delete=models.PROTECT, null=True, blank=True)
    # Set when the axis is rated once per dimension of cooperation (P2-d from version 2):
    # each dimension is its own item; scores read the axis as the mean of the three.
    cooperation_dimension = models.CharField(
        max_length=12, choices=CooperationDimension.choices, blank=True
    )
    order = models.PositiveSmallIntegerField()
    prompt_fr = models.TextField()
    prompt_en = models.TextField()

    class Meta:
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="question_unique_code"),
            models.CheckConstraint(
                condition=Q(section="axis", axis__isnull=False) | ~Q(section="axis"),
                name="question_axis_has_axis",
            ),
            models.CheckConstraint(
                condition=Q(cooperation_dimension="") | Q(section="axis"),
                name="question_dimension_on_axis_only",
            ),
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"v{self.questionnaire_id} {self.code}"

    @property
    def prompt(self) -> str:
        return self.localized("prompt")

    @property
    def is_axis(self) -> bool:
        return self.section == Section.AXIS

    @property
    def reader_label(self) -> str:
        """The question as people name it ("P2-d · verticale", "Profil du territoire ·
        « Présentez le territoire en… »"): its code ("profile.context") is internal."""
        if self.is_axis:
            if self.cooperation_dimension:
                dimension = CooperationDimension(self.cooperation_dimension).label
                code = self.axis.code if self.axis_id else self.code
                return f"{code} · {str(dimension).lower()}"
            return self.axis.code if self.axis_id else self.code
        prompt = Truncator(self.prompt).words(6, truncate="…")
        return f"{Section(self.section).label} · « {prompt} »"

    @property
    def dimension_help(self) -> str:
        if not self.cooperation_dimension:
            return ""
        return str(COOPERATION_DIMENSION_HELP[CooperationDimension(self.cooperation_dimension)])


class DiagnosticStatus(models.TextChoices):
    DRAFT = "draft", _("En cours de saisie")
    SUBMITTED = "submitted", _("Soumis")
    VALIDATED = "validated", _("Validé")


class Diagnostic(models.Model):
    delegation = models.OneToOneField(
        Delegation, on_delete=models.CASCADE, related_name="diagnostic"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="diagnostics"
    )
    status = models.CharField(
        _("état"), max_length=10, choices=DiagnosticStatus.choices, default=DiagnosticStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("commentaire de l'animation"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("diagnostic")
        verbose_name_plural = _("diagnostics")

    def __str__(self) -> str:
        return f"{_('Diagnostic')} · {self.delegation.territory}"

    # Served by the diagnostic stage; reaches its cohort like every scoped object
    # (transitions.rules).
    stage_kind = StageKind.DIAGNOSTIC

    @property
    def cohort_id(self) -> int:
        return self.delegation.cohort_id

    @property
    def cohort(self):
        return self.delegation.cohort

    @property
    def is_draft(self) -> bool:
        return self.status == DiagnosticStatus.DRAFT


class Level(models.IntegerChoices):
    DONT_KNOW = -1, _("Je ne sais pas")
    ABSENT = 0, _("0 · Absent")
    EMERGING = 1, _("1 · Émergent")
    STRUCTURED = 2, _("2 · Structuré")
    ANCHORED = 3, _("3 · Ancré")
    SYSTEMIC = 4, _("4 · Systémique")


LEVEL_HELP = {
    Level.ABSENT: _("Rien n'existe encore sur ce point."),
    Level.EMERGING: _("Des actions isolées, portées par quelques personnes."),
    Level.STRUCTURED: _(
        "Un dispositif dédié existe, mais reste dans un service ou un cercle restreint."
    ),
    Level.ANCHORED: _(
        "Institutionnalisé (fréquence, membres, animation), transversal aux services, "
        "ouvert aux acteurs extérieurs, avec un effet d'entraînement visible."
    ),
    Level.SYSTEMIC: _(
        "Partagé par les 4 catégories d'acteurs, évalué, inscrit dans le récit du "
        "territoire et source de sauts systémiques."
    ),
    Level.DONT_KNOW: _("Vous n'avez pas assez d'éléments pour vous prononcer."),
}


# What an answer holds that people edit (and the stale box compares); shared texts
# have no level.
ANSWER_FIELDS = ["level", "text"]


class Answer(models.Model):
    """One respondent's answer to an axis question, or the shared text of a profile or
    synthesis question (respondent empty).

    `version` grows by one on each save; a save names the version it started from and
    is refused when the row moved on meanwhile (conditional UPDATE): no lost update.
    """

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="diagnostic_answers",
    )
    # The respondent's category when they answered: results compare categories.
    category = models.CharField(max_length=30, choices=ActorCategory.choices, blank=True)
    level = models.SmallIntegerField(_("niveau"), choices=Level.choices, null=True, blank=True)
    text = models.TextField(_("observation"), blank=True)
    version = models.PositiveIntegerField(default=1)
    # Chosen by the coordinating agent or a facilitator to be quoted in the report
    # (attributed to the category, never to the person).
    quoted = models.BooleanField(_("citée dans le rapport"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["diagnostic", "question__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["diagnostic", "question", "respondent"],
                condition=Q(respondent__isnull=False),
                name="answer_unique_per_respondent",
            ),
            models.UniqueConstraint(
                fields=["diagnostic", "question"],
                condition=Q(respondent__isnull=True),
                name="answer_unique_shared",
            ),
        ]
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")

    def __str__(self) -> str:
        return f"{self.question.code} · {self.respondent or _('commun')}"


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("Document (plan, délibération, convention, cahier des charges)")
    DEVICE = "device", _("Dispositif (avec sa fréquence)")
    EVENT = "event", _("Événement ou temps fort")
    PROJECT = "project", _("Projet")
    STORY = "story", _("Récit ou témoignage")
    INDICATOR = "indicator", _("Indicateur")
    RECOGNITION = "recognition", _("Reconnaissance extérieure (visite, presse…)")


class Evidence(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("type de preuve"), max_length=20, choices=EvidenceKind.choices)
    description = models.CharField(_("description"), max_length=500)
    frequency = models.CharField(
        _("fréquence"),
        max_length=100,
        blank=True,
        help_text=_("Pour un dispositif : par exemple « tous les mois »."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answer", "created_at"]
        verbose_name = _("preuve")
        verbose_name_plural = _("preuves")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.description[:40]}"


class TimelineKind(models.TextChoices):
    KEY_EVENT = "key_event", _("Événement clé")
    OLD_MODEL_LIMIT = "old_model_limit", _("Limite de l'ancien modèle")
    WHITE_PEBBLE = "white_pebble", _("Caillou blanc")
    CONTESTED = "contested", _("Moment controversé")


TIMELINE_FIELDS = ["kind", "happened_on", "title", "description"]


class TimelineEvent(models.Model):
    diagnostic = models.ForeignKey(
        Diagnostic, on_delete=models.CASCADE, related_name="timeline_events"
    )
    kind = models.CharField(_("type"), max_length=20, choices=TimelineKind.choices)
    happened_on = models.DateField(_("date"))
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("récit"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["diagnostic", "happened_on", "created_at"]
        verbose_name = _("événement du récit")
        verbose_name_plural = _("événements du récit")

    def __str__(self) -> str:
        return f"{self.happened_on} {self.title}"
