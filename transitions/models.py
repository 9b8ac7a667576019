from __future__ import annotations

import uuid
from pathlib import Path

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from transitions.l10n import long_date
from transitions.labels import field_label, label


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person; the email address is the login."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    full_name = models.CharField(_("nom complet"), max_length=150, blank=True)
    # Set when the person's data was erased (RGPD): the row stays, emptied of anything
    # personal, so the group work that points at it keeps its place and category.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur·rice")
        verbose_name_plural = _("utilisateur·rices")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        if self.erased_at:
            return str(_("ancien·ne participant·e"))
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Localized:
    """Pick the French or English column according to the active language."""

    def localized(self, field: str) -> str:
        from django.utils.translation import get_language

        lang = (get_language() or "fr")[:2]
        if lang == "en":
            return getattr(self, f"{field}_en") or getattr(self, f"{field}_fr")
        return getattr(self, f"{field}_fr")


class Dimension(models.TextChoices):
    ENGAGEMENT = "engagement", _("Engagement")
    COOPERATION = "cooperation", _("Coopération")
    SYSTEMIC = "systemic", _("Approche systémique")
    VALUE = "value", _("Valeur créée")


class Principle(Localized, models.Model):
    code = models.CharField(max_length=4, unique=True)
    number = models.PositiveSmallIntegerField(unique=True)
    dimension = models.CharField(max_length=20, choices=Dimension.choices, unique=True)
    title_fr = models.CharField(max_length=255)
    title_en = models.CharField(max_length=255)
    dimension_title_fr = models.CharField(max_length=255, blank=True)
    dimension_title_en = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("principe directeur")
        verbose_name_plural = _("principes directeurs")

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def dimension_title(self) -> str:
        return self.localized("dimension_title")


class Axis(Localized, models.Model):
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="axes")
    letter = models.CharField(max_length=1)
    code = models.CharField(max_length=5, unique=True)
    label_fr = models.CharField(max_length=255)
    label_en = models.CharField(max_length=255)

    class Meta:
        ordering = ["principle__number", "letter"]
        constraints = [
            models.UniqueConstraint(fields=["principle", "letter"], name="axis_unique_letter")
        ]
        verbose_name = _("axe de travail")
        verbose_name_plural = _("axes de travail")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        return self.localized("label")


class Balise(Localized, models.Model):
    principle = models.ForeignKey(Principle, on_delete=models.PROTECT, related_name="balises")
    number = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=24, unique=True)
    title_fr = models.CharField(max_length=255)
    title_en = models.CharField(max_length=255)
    # What the balise means, in our own words (transitions.referential_data.BALISE_NOTES).
    description_fr = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    # The work axes it relates to, within the principle its dimension maps to (§2.2):
    # hints beside each diagnostic item and on the peer boards.
    axes = models.ManyToManyField(Axis, blank=True, related_name="balises")

    class Meta:
        ordering = ["principle__number", "number"]
        verbose_name = _("balise")
        verbose_name_plural = _("balises")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def description(self) -> str:
        return self.localized("description")


class ActorCategory(models.TextChoices):
    """The "4 Fantastiques"."""

    ELU = "ELU", _("Élu·e")
    AGENT_COLLECTIVITE = "AGENT_COLLECTIVITE", _("Agent·e de collectivité")
    AGENT_ETAT = "AGENT_ETAT", _("Agent·e de l'État")
    ACTEUR_SOCIO_ECONOMIQUE = "ACTEUR_SOCIO_ECONOMIQUE", _("Acteur·rice socio-économique")


class CooperationDimension(models.TextChoices):
    """The three dimensions of cooperation (DOMAIN §3.6: [000] P2-d, [004] cooperation
    balise 1). Diagnostic axis P2-d is rated on each of them."""

    HORIZONTAL = "horizontal", _("Horizontale")
    VERTICAL = "vertical", _("Verticale")
    TRANSVERSAL = "transversal", _("Transversale")


COOPERATION_DIMENSION_HELP = {
    CooperationDimension.HORIZONTAL: _("En interne, entre services et entre élu·es."),
    CooperationDimension.VERTICAL: _(
        "Entre niveaux : élu·es et administration, hiérarchie, échelons de collectivités."
    ),
    CooperationDimension.TRANSVERSAL: _("Avec les acteurs extérieurs à la collectivité."),
}


class Role(models.TextChoices):
    FACILITATOR = "facilitator", _("Animateur·rice")
    AGENT = "agent", _("Agent·e de territoire")
    PARTICIPANT = "participant", _("Participant·e")
    RESEARCHER = "researcher", _("Chercheur·e")


ROLES_WITH_CATEGORY = {Role.AGENT, Role.PARTICIPANT}


class SubRole(models.TextChoices):
    """Sub-roles within the actor categories (DOMAIN §3.2), shown next to the category and
    counted in meeting attendance. Which ones a category admits: SUB_ROLES_BY_CATEGORY."""

    MAIRE = "maire", _("Maire")
    ADJOINT = "adjoint", _("Adjoint·e")
    CONSEILLER_DELEGUE = "conseiller_delegue", _("Conseiller·e délégué·e")
    VICE_PRESIDENT = "vice_president", _("Vice-président·e")
    DGS = "dgs", _("DGS")
    DGA = "dga", _("DGA")
    CHARGE_MISSION = "charge_mission", _("Chargé·e de mission")
    SERVICE = "service", _("Service")
    FONCTIONS_SUPPORTS = "fonctions_supports", _("Fonctions supports")
    STRUCTURE_ESS = "structure_ess", _("Structure de l'ESS")
    ENTREPRISE_CLASSIQUE = "entreprise_classique", _("Entreprise « classique »")
    TETE_DE_RESEAU = "tete_de_reseau", _("Tête de réseau")
    CITOYEN = "citoyen", _("Citoyen·ne")


# The seeds list sub-roles for elected officials, local-authority staff and socio-economic
# actors; State officials work in services too, so they may be "service" or "chargé·e de
# mission" (DGS/DGA are local-authority posts).
SUB_ROLES_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    ActorCategory.ELU: (
        SubRole.MAIRE,
        SubRole.ADJOINT,
        SubRole.CONSEILLER_DELEGUE,
        SubRole.VICE_PRESIDENT,
    ),
    ActorCategory.AGENT_COLLECTIVITE: (
        SubRole.DGS,
        SubRole.DGA,
        SubRole.CHARGE_MISSION,
        SubRole.SERVICE,
        SubRole.FONCTIONS_SUPPORTS,
    ),
    ActorCategory.AGENT_ETAT: (SubRole.CHARGE_MISSION, SubRole.SERVICE),
    ActorCategory.ACTEUR_SOCIO_ECONOMIQUE: (
        SubRole.STRUCTURE_ESS,
        SubRole.ENTREPRISE_CLASSIQUE,
        SubRole.TETE_DE_RESEAU,
        SubRole.CITOYEN,
    ),
}


def sub_role_fits(category: str, sub_role: str) -> bool:
    """Whether a sub-role is valid for an actor category (an empty sub-role always is)."""
    return not sub_role or sub_role in SUB_ROLES_BY_CATEGORY.get(category, ())


def sub_role_choices_grouped() -> list:
    """Choices grouped by category, for a select (the label says which category)."""
    return [("", "---------")] + [
        (ActorCategory(category).label, [(s, SubRole(s).label) for s in sub_roles])
        for category, sub_roles in SUB_ROLES_BY_CATEGORY.items()
    ]


# Each edit form's fields, which its update service saves and the concurrency fingerprint
# covers (transitions.concurrency): defined once, read by both.
COHORT_FIELDS = ["name", "year", "starts_on", "ends_on", "description"]
STAGE_FIELDS = ["name", "opens_on", "closes_on", "skipped"]
MEETING_FIELDS = ["kind", "title", "starts_at", "duration_minutes", "place", "subgroup"]
MEMBERSHIP_FIELDS = ["category", "sub_role"]
SUBGROUP_FIELDS = ["name", "basis", "description"]
MEETING_REPORT_FIELDS = ["summary", "learnings"]
# The closing report's fingerprint also covers its decisions / next steps and links (as
# text, `MeetingReport.outcomes_text` / `links_text`), so two facilitators editing only
# those rows never overwrite each other silently.
MEETING_REPORT_FINGERPRINT = [*MEETING_REPORT_FIELDS, "outcomes_text", "links_text"]


class Cohort(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    year = models.PositiveSmallIntegerField(_("année"))
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("cohorte")
        verbose_name_plural = _("cohortes")

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def cohort_id(self) -> int:
        """Every scoped object reaches its cohort through `cohort_id` (transitions.rules)."""
        return self.pk


class StageKind(models.TextChoices):
    """The stages of the parcours (DOMAIN §4). The identifiers are what feature apps and
    their data key on: never rename one."""

    ENTRY = "entry", _("Entrée dans le parcours")
    DIAGNOSTIC = "diagnostic", _("Diagnostic systémique")
    STEPPING_BACK = "stepping_back", _("Prise de hauteur")
    INSPIRATION = "inspiration", _("Inspiration et formation collective")
    PEER_GROUPS = "peer_groups", _("Groupes de pairs")
    AGORA = "agora", _("Agora")
    FORUMS = "forums", _("Forums territoriaux")
    PILOT_PROJECTS = "pilot_projects", _("Projets pilotes")


# The default parcours template: (kind, optional), in the order of DOMAIN §4. The forums
# (research-action R1 preparation and R2 forum) are for volunteer territories: optional.
DEFAULT_TEMPLATE = [
    (StageKind.ENTRY, False),
    (StageKind.DIAGNOSTIC, False),
    (StageKind.STEPPING_BACK, False),
    (StageKind.INSPIRATION, False),
    (StageKind.PEER_GROUPS, False),
    (StageKind.AGORA, False),
    (StageKind.FORUMS, True),
    (StageKind.PILOT_PROJECTS, False),
]


class StageStatus(models.TextChoices):
    # Statuses are adjectives under the "statut" context: a bare "Close" was translated
    # by Django's own catalogue as the verb "Fermer".
    UPCOMING = "upcoming", pgettext_lazy("statut", "À venir")
    OPEN = "open", pgettext_lazy("statut", "Ouverte")
    CLOSED = "closed", pgettext_lazy("statut", "Fermée")


class Stage(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("type"), max_length=20, choices=StageKind.choices)
    name = models.CharField(_("nom"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ordre"))
    optional = models.BooleanField(_("facultative"), default=False)
    skipped = models.BooleanField(_("sautée"), default=False)
    status = models.CharField(
        _("état"), max_length=10, choices=StageStatus.choices, default=StageStatus.UPCOMING
    )
    opens_on = models.DateField(_("ouverture prévue"), null=True, blank=True)
    closes_on = models.DateField(_("clôture prévue"), null=True, blank=True)

    class Meta:
        ordering = ["cohort", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "kind"], name="stage_unique_kind"),
        ]
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == StageStatus.OPEN and not self.skipped


class MeetingKind(models.TextChoices):
    VISIT = "visit", _("Visite")
    TRAINING = "training", _("Formation")
    PLENARY = "plenary", _("Plénière (apports théoriques)")
    PEER_SESSION = "peer_session", _("Séance entre pairs")
    AGORA = "agora", _("Agora")
    FORUM = "forum", _("Forum")
    WORKSHOP = "workshop", _("Atelier")
    REX = "rex", _("Retour d'expérience (REX) / séance réflexive")
    MIRROR_GROUP = "mirror_group", _("Groupe miroir")


class SubgroupBasis(models.TextChoices):
    GEOGRAPHY = "geography", _("Géographique")
    THEME = "theme", _("Thématique")


class Subgroup(models.Model):
    """A learning-community subgroup: territories a facilitator groups by geography or
    theme; it has its own meetings (Meeting.subgroup) and notes (parcours app)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="subgroups")
    name = models.CharField(_("nom"), max_length=200)
    basis = models.CharField(_("regroupement"), max_length=12, choices=SubgroupBasis.choices)
    description = models.TextField(_("description"), blank=True)
    # String reference: territories sits above the core and is never imported here.
    delegations = models.ManyToManyField(
        "territories.Delegation", related_name="subgroups", verbose_name=_("territoires")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "name"], name="subgroup_unique_name"),
        ]
        verbose_name = _("sous-groupe")
        verbose_name_plural = _("sous-groupes")

    def __str__(self) -> str:
        return self.name

    def delegation_ids(self) -> set[int]:
        """Its delegations' ids, read once per instance (rules ask it repeatedly)."""
        if not hasattr(self, "_delegation_ids"):
            self._delegation_ids = set(self.delegations.values_list("pk", flat=True))
        return self._delegation_ids


class Meeting(models.Model):
    """A dated gathering of a stage (not called Session, which Django already means).

    Times are stored in UTC and shown in Europe/Paris (settings.TIME_ZONE)."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("type"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    starts_at = models.DateTimeField(_("début"))
    duration_minutes = models.PositiveIntegerField(_("durée (minutes)"), default=180)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    subgroup = models.ForeignKey(
        Subgroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("sous-groupe"),
        help_text=_("Vide : la rencontre réunit toute la cohorte."),
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("rencontre")
        verbose_name_plural = _("rencontres")

    def __str__(self) -> str:
        return self.title

    @property
    def cohort_id(self) -> int:
        return self.stage.cohort_id

    @property
    def ends_at(self):
        import datetime as dt

        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


class AttendanceBucket(models.TextChoices):
    """The counts a meeting's attendance is read in: the four categories, with citizens
    (a socio-economic sub-role) apart, as the seeds count participation; everyone else
    (facilitation, research, outside guests without a category) is "other"."""

    ELU = "ELU", _("Élu·es")
    AGENT_COLLECTIVITE = "AGENT_COLLECTIVITE", _("Agent·es de collectivité")
    AGENT_ETAT = "AGENT_ETAT", _("Agent·es de l'État")
    ACTEUR_SOCIO_ECONOMIQUE = "ACTEUR_SOCIO_ECONOMIQUE", _("Socio-économiques")
    CITOYEN = "CITOYEN", _("Citoyen·nes")
    OTHER = "OTHER", _("Autres (animation, recherche, invité·es)")


class Attendance(models.Model):
    """One person present at a meeting: a member (category and sub-role copied from the
    membership when recorded, so later changes do not rewrite history) or an outside guest
    (a mirror group's challengers, a network's representative)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="attendances"
    )
    guest_name = models.CharField(_("nom de la personne invitée"), max_length=150, blank=True)
    guest_organisation = models.CharField(_("structure"), max_length=200, blank=True)
    category = models.CharField(
        _("catégorie d'acteur"), max_length=30, choices=ActorCategory.choices, blank=True
    )
    sub_role = models.CharField(_("sous-rôle"), max_length=30, choices=SubRole.choices, blank=True)
    delegation = models.ForeignKey(
        "territories.Delegation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("délégation"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "category", "guest_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="attendance_unique_member",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(guest_name=""),
                name="attendance_member_or_named_guest",
            ),
        ]
        verbose_name = _("présence")
        verbose_name_plural = _("présences")

    def __str__(self) -> str:
        return str(self.user) if self.user_id else self.guest_name

    @property
    def bucket(self) -> str:
        return attendance_bucket(self.category, self.sub_role)


def attendance_bucket(category: str, sub_role: str) -> str:
    """The one place an attendance is sorted into a count (AttendanceBucket)."""
    if sub_role == SubRole.CITOYEN:
        return AttendanceBucket.CITOYEN
    if category in ActorCategory.values:
        return category
    return AttendanceBucket.OTHER


class MeetingReport(models.Model):
    """A meeting's closing report (Decidim's closed meeting as the reference): what was
    done, what the group learned; decisions and next steps, links and attachments hang
    off it or off the meeting."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="report")
    summary = models.TextField(_("ce qui a été fait"))
    learnings = models.TextField(_("ce que le groupe a appris"), blank=True)
    closed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("compte rendu de rencontre")
        verbose_name_plural = _("comptes rendus de rencontre")

    def __str__(self) -> str:
        return str(self.meeting)

    @property
    def outcomes_text(self) -> str:
        """The decisions and next steps as people read them, one a line."""
        return "\n".join(outcome.line() for outcome in self.outcomes.all())

    @property
    def links_text(self) -> str:
        return "\n".join(link.line() for link in self.links.all())


class OutcomeKind(models.TextChoices):
    DECISION = "decision", _("Décision")
    NEXT_STEP = "next_step", _("Prochaine étape")


class MeetingOutcome(models.Model):
    """A decision or a next step of a closing report; a next step has an owner and a date."""

    report = models.ForeignKey(MeetingReport, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("type"), max_length=10, choices=OutcomeKind.choices)
    text = models.CharField(_("intitulé"), max_length=500)
    owner = models.CharField(_("porteur·se"), max_length=200, blank=True)
    due_on = models.DateField(_("échéance"), null=True, blank=True)

    class Meta:
        ordering = ["report", "kind", "due_on", "pk"]
        verbose_name = _("décision ou prochaine étape")
        verbose_name_plural = _("décisions et prochaines étapes")

    def __str__(self) -> str:
        return self.text

    def line(self) -> str:
        parts = [f"{OutcomeKind(self.kind).label} : {self.text}"]
        if self.owner:
            parts.append(self.owner)
        if self.due_on:
            parts.append(long_date(self.due_on))
        return " — ".join(parts)


class MeetingLink(models.Model):
    """A link from a closing report to what the meeting produced (contributions,
    statements, a forum summary): a path of this site or an http(s) address."""

    report = models.ForeignKey(MeetingReport, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("libellé"), max_length=200)
    url = models.CharField(_("adresse"), max_length=500)

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("lien du compte rendu")
        verbose_name_plural = _("liens du compte rendu")

    def __str__(self) -> str:
        return self.label

    def line(self) -> str:
        return f"{self.label} : {self.url}"


def meeting_attachment_path(attachment: MeetingAttachment, filename: str) -> str:
    """A random stored name (as job files): served only by the view that checks the rule."""
    suffix = Path(filename).suffix.lower()
    return f"meetings/{uuid.uuid4().hex}{suffix if suffix.isascii() and len(suffix) <= 8 else ''}"


class MeetingAttachment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=meeting_attachment_path)
    filename = models.CharField(_("nom du fichier"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "uploaded_at"]
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")

    def __str__(self) -> str:
        return self.filename

    @property
    def cohort_id(self) -> int:
        return self.meeting.cohort_id


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    category = models.CharField(
        _("catégorie d'acteur"), max_length=30, choices=ActorCategory.choices, blank=True
    )
    sub_role = models.CharField(_("sous-rôle"), max_length=30, choices=SubRole.choices, blank=True)
    # String reference: territories sits above the core and is never imported here.
    delegation = models.ForeignKey(
        "territories.Delegation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("délégation"),
    )
    research_consent = models.BooleanField(_("consentement à la recherche"), default=False)
    research_consent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "cohort", "role"], name="membership_unique_role"
            ),
        ]
        verbose_name = _("appartenance")
        verbose_name_plural = _("appartenances")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.cohort}"

    @property
    def category_with_sub_role(self) -> str:
        """ "Élu·e (Maire)": the sub-role is always shown next to the category."""
        if not self.category:
            return ""
        category = field_label(self, "category")
        return f"{category} ({field_label(self, 'sub_role')})" if self.sub_role else category


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    ACCEPTED = "accepted", _("Acceptée")
    REVOKED = "revoked", _("Révoquée")
    EXPIRED = "expired", _("Expirée")


class Invitation(models.Model):
    VALIDITY_DAYS = 14
    # A revoked invitation can be restored (its link works again) for this long: long
    # enough to undo a wrong click, short enough that a revocation stays final.
    RESTORE_HOURS = 48

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("adresse e-mail"))
    full_name = models.CharField(_("nom complet"), max_length=150, blank=True)
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    category = models.CharField(
        _("catégorie d'acteur"), max_length=30, choices=ActorCategory.choices, blank=True
    )
    sub_role = models.CharField(_("sous-rôle"), max_length=30, choices=SubRole.choices, blank=True)
    delegation = models.ForeignKey(
        "territories.Delegation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("délégation"),
    )
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.cohort}"

    @property
    def status(self) -> str:
        from django.utils import timezone

        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    def get_status_display(self) -> str:
        return label(InvitationStatus, self.status)

    @property
    def restorable(self) -> bool:
        """Whether its revocation may still be undone (transitions.services)."""
        import datetime as dt

        from django.utils import timezone

        return bool(
            self.revoked_at
            and not self.accepted_at
            and self.revoked_at > timezone.now() - dt.timedelta(hours=self.RESTORE_HOURS)
        )


class JobStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    RUNNING = "running", _("En cours")
    READY = "ready", _("Prêt")
    FAILED = "failed", _("Échec")


ACTIVE_JOB_STATUSES = (JobStatus.PENDING, JobStatus.RUNNING)


def job_file_path(job: Job, filename: str) -> str:
    """A random stored name: files are only served by the view that checks the job's rule,
    and a name built from the territory or the date would let anyone guess the others."""
    suffix = Path(filename).suffix.lower()
    return f"jobs/{uuid.uuid4().hex}{suffix if suffix.isascii() and len(suffix) <= 8 else ''}"


class Job(models.Model):
    """A background job (PDF report, export) shared by every app.

    `kind` names a renderer registered by a feature app (transitions.jobs); `target`
    is that app's key for the object (e.g. "diagnostic:12"). Same kind, target and
    content hash → same single artifact. Status: pending → running (progress) →
    ready / failed; `attempts` counts how many times it was handed to the broker (a
    retry after an infrastructure error counts as one more); `runs` counts how many
    times a worker claimed it (a worker killed mid-run leaves a run with no file);
    `claimed_by` names the worker process of the last claim ("node:pid"), so a
    restarted worker takes back what it left running.
    """

    kind = models.CharField(max_length=50)
    target = models.CharField(max_length=100)
    content_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)], help_text="0–100"
    )
    progress_message = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to=job_file_path, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    runs = models.PositiveSmallIntegerField(default=0)
    claimed_by = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target", "content_hash"], name="job_unique_artifact"
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="job_progress_at_most_100"
            ),
        ]
        indexes = [
            # The sweeper looks only at unfinished jobs: keep that lookup small.
            models.Index(
                fields=["status", "enqueued_at"],
                name="job_active_idx",
                condition=models.Q(status__in=["pending", "running"]),
            )
        ]
        verbose_name = _("tâche de fond")
        verbose_name_plural = _("tâches de fond")

    def __str__(self) -> str:
        return f"{self.kind} {self.target} ({self.status})"

    @property
    def is_active(self) -> bool:
        """Still to be rendered: the page keeps polling."""
        return self.status in ACTIVE_JOB_STATUSES


class ErasureRequest(models.Model):
    """A person asks for their data to be erased; a facilitator of one of their cohorts
    or staff confirms, and `transitions.personal_data.user_erase` runs."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="erasure_requests")
    requested_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(done_at__isnull=True),
                name="erasure_one_open_request",
            )
        ]
        verbose_name = _("demande d'effacement")
        verbose_name_plural = _("demandes d'effacement")

    def __str__(self) -> str:
        return f"{self.user} ({long_date(self.requested_at)})"
