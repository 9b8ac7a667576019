"""Research: the protocol, field observations, research codes, codings, memos, and the
export projects (a secret per project keys the pseudonyms) with their log."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from transitions.l10n import long_date
from transitions.models import ActorCategory, Axis, Cohort, Meeting, Stage


class SourceKind(models.TextChoices):
    DIAGNOSTIC = "diagnostics.answer", _("Observation du diagnostic")
    PEER = "peergroups.contribution", _("Contribution partagée d'un groupe de pairs")
    STATEMENT = "agora.statement", _("Énoncé de l'agora")
    POSITION = "agora.position", _("Nuance d'une catégorie à l'agora")
    CARD = "agora.card", _("Carton d'un forum (idée clé, divergente, synthèse de l'ancre)")
    FORUM = "agora.forum", _("Forum : déroulé, récolte, ou raison de sa non-tenue")
    ATMOSPHERE = "agora.atmosphere", _("Forum : ambiance et notes sensibles")
    OPPORTUNITY = "agora.opportunity", _("Opportunité de coopération d'un forum")
    OBSERVATION = "research.observation", _("Observation de terrain")


def all_sources() -> list[str]:
    return list(SourceKind.values)


def all_categories() -> list[str]:
    return list(ActorCategory.values)


class Protocol(models.Model):
    """What enters a cohort's corpus, set by its facilitators."""

    cohort = models.OneToOneField(
        Cohort, on_delete=models.CASCADE, related_name="research_protocol"
    )
    sources = models.JSONField(_("sources incluses"), default=all_sources)
    territories_named = models.BooleanField(
        _("territoires nommés"),
        default=False,
        help_text=_("Sinon, chaque territoire est généralisé (type et région)."),
    )
    categories = models.JSONField(_("catégories observées"), default=all_categories)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("protocole de recherche")
        verbose_name_plural = _("protocoles de recherche")

    def __str__(self) -> str:
        return str(_("Protocole · %(cohort)s") % {"cohort": self.cohort})


class Observation(models.Model):
    """A dated field note by a researcher or a facilitator."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="observations")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    observed_on = models.DateField(_("date"))
    stage = models.ForeignKey(
        Stage, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("étape")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("rencontre")
    )
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("territoire"),
    )
    categories = models.JSONField(_("catégories d'acteurs"), default=list, blank=True)
    axes = models.ManyToManyField(Axis, blank=True, verbose_name=_("axes"))
    text = models.TextField(_("observation"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-observed_on", "-pk"]
        # The observations page reads keyset pages of a cohort, newest first.
        indexes = [
            models.Index(
                "cohort",
                models.F("observed_on").desc(),
                models.F("id").desc(),
                name="observation_keyset",
            )
        ]
        verbose_name = _("observation de terrain")
        verbose_name_plural = _("observations de terrain")

    def __str__(self) -> str:
        return f"{self.observed_on} · {self.text[:50]}"


class Code(models.Model):
    """A cohort's own research code; codes nest (parent)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="research_codes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("nom"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "parent", "name"], name="code_unique_name")
        ]
        verbose_name = _("code de recherche")
        verbose_name_plural = _("codes de recherche")

    def __str__(self) -> str:
        return self.name


class Coding(models.Model):
    """A code (a referential axis or a research code) applied to a corpus segment, whole
    (no span) or to the characters [start, end) of its text."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="codings")
    segment_id = models.CharField(max_length=80, db_index=True)
    axis = models.ForeignKey(Axis, on_delete=models.PROTECT, null=True, blank=True)
    code = models.ForeignKey(Code, on_delete=models.CASCADE, null=True, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["segment_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(axis__isnull=True, code__isnull=False)
                | Q(axis__isnull=False, code__isnull=True),
                name="coding_one_code",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True)
                | Q(start__isnull=False, end__isnull=False, end__gt=models.F("start")),
                name="coding_span_ordered",
            ),
        ]
        verbose_name = _("codage")
        verbose_name_plural = _("codages")

    def __str__(self) -> str:
        return f"{self.segment_id} · {self.code_label}"

    @property
    def code_label(self) -> str:
        return self.axis.code if self.axis_id else self.code.name


class Memo(models.Model):
    """A note on a code, a segment or an observation."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memos")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    code = models.ForeignKey(Code, on_delete=models.CASCADE, null=True, blank=True)
    segment_id = models.CharField(max_length=80, blank=True, db_index=True)
    text = models.TextField(_("mémo"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mémo")
        verbose_name_plural = _("mémos")

    def __str__(self) -> str:
        return self.text[:50]


def new_secret() -> str:
    return secrets.token_hex(32)


class ExportProject(models.Model):
    """Pseudonyms are stable within a project and differ across projects: each holds its
    own secret key (HMAC), never shown."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="export_projects")
    name = models.CharField(_("projet d'export"), max_length=120)
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "name"], name="export_project_unique_name")
        ]
        verbose_name = _("projet d'export")
        verbose_name_plural = _("projets d'export")

    def __str__(self) -> str:
        return self.name


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    JSON = "json", "JSON"
    CODEBOOK_CSV = "codebook_csv", _("Livre de codes (CSV)")
    QDC = "qdc", _("Livre de codes REFI-QDA (QDC)")
    QDPX = "qdpx", _("Projet REFI-QDA (QDPX)")


class ExportLog(models.Model):
    """Every export, from the browser or the command line: who, when, what, how many."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="export_logs")
    project = models.ForeignKey(ExportProject, on_delete=models.PROTECT, related_name="logs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=10, default="web")
    format = models.CharField(max_length=20, choices=ExportFormat.choices)
    filters = models.JSONField(default=dict, blank=True)
    row_count = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("journal des exports")

    def __str__(self) -> str:
        return f"{long_date(self.created_at, 'heure')} · {self.format}"


class Detection(models.Model):
    """What identifies someone in one corpus text, found once (research.pseudonyms.detect).

    Fresh while both the text (`text_hash`) and the cohort's names (`dictionary_version`)
    are unchanged; a text edited by any path (a page, the admin, a bulk update) no longer
    matches its hash and is detected again before it is exported, never exported raw. A
    text whose hash still matches but whose cohort's names changed (a member joined, a
    guest was recorded) is redetected from its stored `text_spans`, without NER."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    segment_id = models.CharField(max_length=80)
    text_hash = models.CharField(max_length=64)
    dictionary_version = models.CharField(max_length=64)
    spans = models.JSONField(default=list)
    # The spans found from the text alone (titled names, NER), before the cohort's names
    # are laid over them: when only the cohort's names change, the text is redetected
    # from these without running NER again. Null for detections stored before they were
    # kept (redetected in full once).
    text_spans = models.JSONField(null=True, blank=True)
    detected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "segment_id"], name="detection_unique")
        ]
        verbose_name = _("détection")
        verbose_name_plural = _("détections")

    def __str__(self) -> str:
        return self.segment_id


class CorrectionAction(models.TextChoices):
    MASK = "mask", _("Masquer ce passage")
    KEEP = "keep", _("Ce n'est pas un nom de personne")


class Correction(models.Model):
    """A researcher's review of a segment's replacements."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    segment_id = models.CharField(max_length=80, db_index=True)
    passage = models.CharField(_("passage"), max_length=200)
    action = models.CharField(_("correction"), max_length=4, choices=CorrectionAction.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("correction de pseudonymisation")
        verbose_name_plural = _("corrections de pseudonymisation")

    def __str__(self) -> str:
        return f"{self.segment_id} · {self.action}"
