"""The agora: a plenary crossing what the four peer groups shared.

Everything here is attributed to actor categories (roles), never to a person.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from transitions.models import ActorCategory, Cohort, StageKind

STATEMENT_MAX_LENGTH = 2000
# How far back the live part's refresh sends only the rows that changed (older clients
# get the whole live part); live events older than this are forgotten.
AGORA_DELTA_VERSIONS = 100
# Past this many changed statements, the whole live part is as cheap to send.
AGORA_DELTA_ROWS = 20


class Agora(models.Model):
    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="agora")
    # The territorial delegations that took part: the agora crosses categories and
    # delegations (DOMAIN §1.1), so each of these can hold a position per statement.
    delegations = models.ManyToManyField(
        "territories.Delegation",
        blank=True,
        related_name="+",
        verbose_name=_("délégations présentes"),
    )
    # Bumped by every write (statements, positions): the live view polls it cheaply.
    version = models.PositiveBigIntegerField(default=1)
    # What a statement's version cannot say, for the live part's refresh (recent ones
    # only, AGORA_DELTA_VERSIONS): [version, statement id] for a deleted
    # statement, [version, 0] when the layout changed (delegations, a statement's kind).
    live_events = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agora")
        verbose_name_plural = _("agoras")

    # Served by the agora stage (transitions.rules.stage_is_open).
    stage_kind = StageKind.AGORA

    def __str__(self) -> str:
        return _("Agora · %(cohort)s") % {"cohort": self.cohort}

    @property
    def delegation_ids(self) -> tuple[int, ...]:
        """Fingerprinted by the participation form (transitions.concurrency)."""
        return tuple(sorted(self.delegations.values_list("pk", flat=True))) if self.pk else ()


class StatementKind(models.TextChoices):
    """What a statement is (DOMAIN §3.8): a cross-category learning, a shared constraint,
    a shared expectation — towards the others or towards oneself, kept apart — or a
    proposal put to debate.

    Consensus and dissensus are not a kind one chooses: they are the *reading* of the
    categories' positions, computed (`agora.selectors.verdict`) for every statement, so a
    label typed up front can never contradict what the room said. Statements once typed
    "consensus" or "dissensus" became proposals (migration 0009)."""

    LEARNING = "learning", _("Apprentissage croisé")
    SHARED_CONSTRAINT = "shared_constraint", _("Contrainte partagée")
    SHARED_EXPECTATION = "shared_expectation", _("Attente partagée envers les autres")
    SHARED_SELF_EXPECTATION = "shared_self_expectation", _("Attente partagée envers soi-même")
    PROPOSAL = "proposal", _("Proposition mise en débat")


# What the delegations form edits (fingerprinted: transitions.concurrency).
AGORA_DELEGATION_FIELDS = ["delegation_ids"]


# What a statement edit and a position change write (and the stale box compares).
STATEMENT_EDIT_FIELDS = ["kind", "text"]
POSITION_FIELDS = ["stance", "note"]


class Statement(models.Model):
    agora = models.ForeignKey(Agora, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(_("type"), max_length=30, choices=StatementKind.choices)
    text = models.TextField(_("énoncé"), max_length=STATEMENT_MAX_LENGTH)
    sources = models.ManyToManyField(
        "peergroups.Contribution",
        blank=True,
        related_name="statements",
        verbose_name=_("contributions sources"),
    )
    # Optimistic locking, as on the peer board: an edit from a stale page is refused.
    revision = models.PositiveIntegerField(default=1)
    # The agora's version when the statement (or one of its positions) last changed and
    # when it was created: the live part's refresh sends only the rows changed since.
    changed_version = models.PositiveBigIntegerField(default=0)
    created_version = models.PositiveBigIntegerField(default=0)
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
    """A category's or a delegation's position on a statement, recorded live by the
    facilitator: exactly one of `category` and `delegation` is set, so a statement reads
    per category and, where delegations took part, per territory."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="positions")
    category = models.CharField(
        _("catégorie d'acteur"), max_length=30, choices=ActorCategory.choices, blank=True
    )
    delegation = models.ForeignKey(
        "territories.Delegation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("délégation"),
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
                fields=["statement", "category"],
                condition=models.Q(delegation__isnull=True),
                name="position_unique_category",
            ),
            models.UniqueConstraint(
                fields=["statement", "delegation"],
                condition=models.Q(delegation__isnull=False),
                name="position_unique_delegation",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(delegation__isnull=True) & ~models.Q(category="")
                    | models.Q(delegation__isnull=False, category="")
                ),
                name="position_category_xor_delegation",
            ),
        ]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self) -> str:
        holder = self.delegation if self.delegation_id else self.get_category_display()
        return f"{holder} · {self.get_stance_display()}"


# --- Territorial forums (DOMAIN §1.3, §3.5, §3.9, §4 R1–R2, §5.2) ---------------------------


class ForumPurpose(models.TextChoices):
    CONSOLIDATE_PROJECT = "consolidate_project", _("Consolider un projet (un lieu, un événement)")
    LONG_TERM_VISION = "long_term_vision", _("Vision de long terme (projet de territoire)")
    BUILD_COMMONS = "build_commons", _("Construire des communs")


class ForumStatus(models.TextChoices):
    PREPARING = "preparing", _("En préparation")
    HELD = "held", _("Tenu")
    NOT_HELD = "not_held", _("N'a pas pu se tenir")


class NotHeldReason(models.TextChoices):
    DIALOGUE_EXISTS = "dialogue_exists", _("Le dialogue est réputé exister déjà")
    CALENDAR = "calendar", _("Calendrier incompatible")
    OVERLOADED = "overloaded", _("Administration surchargée")
    MAJORITY_TENSIONS = "majority_tensions", _("Tensions dans la majorité")
    OTHER = "other", _("Autre raison")


# What the preparation form edits and forum_prepare saves (and the fingerprint covers).
FORUM_PREPARATION_FIELDS = [
    "starting_point",
    "dialogue_support",
    "purpose",
    "held_on",
    "place",
    "duration_minutes",
    "co_organisers",
    "local_highlight",
    "rapporteur_role",
    "invited_elus",
    "invited_agents",
    "invited_state",
    "invited_ess",
    "invited_other",
    "invited_citizens",
]
FORUM_NOT_HELD_FIELDS = ["not_held_reason", "not_held_detail"]
# The harvest's cross-cutting outputs (DOMAIN §5.2 points 5 and 7).
FORUM_HARVEST_FIELDS = [
    "shared_constraints",
    "expectations_authority_to_ess",
    "expectations_ess_to_authority",
    "consensus_dissensus",
    "intentions",
    "commitments",
    "vocabulary",
    "atmosphere",
]


class Forum(models.Model):
    """One delegation's territorial forum with its ESS fabric: preparation (R1), the
    forum itself (R2) and its harvest; or why it could not be held."""

    delegation = models.OneToOneField(
        "territories.Delegation", on_delete=models.CASCADE, related_name="forum"
    )
    status = models.CharField(
        _("état"), max_length=20, choices=ForumStatus.choices, default=ForumStatus.PREPARING
    )
    # R1: where the territory stands with its ESS actors (recalled history; the perceived
    # relationship types come from the ESS map).
    starting_point = models.TextField(_("point de départ, histoire rappelée"), blank=True)
    dialogue_support = models.CharField(
        _("axe ou support de mise en dialogue"), max_length=300, blank=True
    )
    axes = models.ManyToManyField(
        "transitions.Axis", blank=True, related_name="+", verbose_name=_("axes du référentiel")
    )
    purpose = models.CharField(
        _("finalité du forum"), max_length=30, choices=ForumPurpose.choices, blank=True
    )
    held_on = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    duration_minutes = models.PositiveIntegerField(_("durée (minutes)"), null=True, blank=True)
    co_organisers = models.CharField(
        _("co-organisateurs"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple : la collectivité, la CRESS, une tête de réseau."),
    )
    local_highlight = models.CharField(_("temps fort du territoire"), max_length=200, blank=True)
    facilitator = models.ForeignKey(
        "transitions.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("animateur·rice"),
    )
    rapporteur_role = models.CharField(
        _("rapporteur (rôle ou structure)"), max_length=200, blank=True
    )
    invited_organisations = models.ManyToManyField(
        "territories.Organisation",
        blank=True,
        related_name="forum_invitations",
        verbose_name=_("organisations ESS invitées"),
    )
    invited_elus = models.PositiveIntegerField(_("élu·es invité·es"), default=0)
    invited_agents = models.PositiveIntegerField(_("agent·es invité·es"), default=0)
    invited_state = models.PositiveIntegerField(_("agent·es de l'État invité·es"), default=0)
    invited_ess = models.PositiveIntegerField(_("acteur·rices ESS invité·es"), default=0)
    invited_other = models.PositiveIntegerField(
        _("autres acteur·rices socio-économiques invité·es"), default=0
    )
    invited_citizens = models.PositiveIntegerField(_("habitant·es invité·es"), default=0)
    not_held_reason = models.CharField(
        _("raison"), max_length=30, choices=NotHeldReason.choices, blank=True
    )
    not_held_detail = models.TextField(_("précision"), blank=True, max_length=2000)
    # Harvest (cross-cutting outputs, atmosphere).
    shared_constraints = models.TextField(_("contraintes partagées"), blank=True)
    expectations_authority_to_ess = models.TextField(
        _("attentes de la collectivité envers l'ESS"), blank=True
    )
    expectations_ess_to_authority = models.TextField(
        _("attentes de l'ESS envers la collectivité"), blank=True
    )
    consensus_dissensus = models.TextField(_("consensus et dissensus, par rôle"), blank=True)
    intentions = models.TextField(_("intentions exprimées"), blank=True)
    commitments = models.TextField(_("engagements de chaque partie"), blank=True)
    vocabulary = models.TextField(_("vocabulaire commun convenu"), blank=True)
    atmosphere = models.TextField(_("ambiance et notes sensibles"), blank=True)
    # Bumped by every write of the café (rounds, seats, cards): live pages poll it.
    version = models.PositiveBigIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("forum territorial")
        verbose_name_plural = _("forums territoriaux")

    stage_kind = StageKind.FORUMS

    def __str__(self) -> str:
        return _("Forum · %(territory)s") % {"territory": self.delegation.territory}

    @property
    def cohort_id(self) -> int:
        return self.delegation.cohort_id


class ParticipantCategory(models.TextChoices):
    """Who sits at a forum (DOMAIN §3.2, §5.2 point 2); ESS actors are further told
    apart by their organisation's legal form."""

    ELU = "ELU", _("Élu·e")
    AGENT_COLLECTIVITE = "AGENT_COLLECTIVITE", _("Agent·e de collectivité")
    AGENT_ETAT = "AGENT_ETAT", _("Agent·e de l'État")
    ESS = "ESS", _("Acteur·rice de l'ESS")
    OTHER_SOCIO_ECO = "OTHER_SOCIO_ECO", _("Autre acteur·rice socio-économique")
    CITIZEN = "CITIZEN", _("Habitant·e")


class Participant(models.Model):
    """Someone present at the forum, recorded at the door. The name serves the seating
    only: nothing shown outside the café (summary, PDF) names anyone."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("nom"), max_length=150)
    category = models.CharField(_("catégorie"), max_length=20, choices=ParticipantCategory.choices)
    organisation = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    organisation_label = models.CharField(_("structure (hors carte)"), max_length=200, blank=True)
    arrived_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["forum", "name", "pk"]
        verbose_name = _("participant·e")
        verbose_name_plural = _("participant·es")

    def __str__(self) -> str:
        return self.name


class CafeTable(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="tables")
    number = models.PositiveSmallIntegerField(_("numéro"))
    seats = models.PositiveSmallIntegerField(_("places"), default=6)
    anchor = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personne ancre"),
    )
    rapporteur = models.ForeignKey(
        "transitions.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rapporteur·e"),
    )

    class Meta:
        ordering = ["forum", "number"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "number"], name="cafe_table_unique_number")
        ]
        verbose_name = _("table")
        verbose_name_plural = _("tables")

    stage_kind = StageKind.FORUMS

    def __str__(self) -> str:
        return _("Table %(number)s") % {"number": self.number}

    @property
    def cohort_id(self) -> int:
        return self.forum.cohort_id


class RoundStatus(models.TextChoices):
    # Adjectives under the "statut" context (never the verbs of the buttons).
    PENDING = "pending", pgettext_lazy("statut", "À venir")
    RUNNING = "running", pgettext_lazy("statut", "En cours")
    PAUSED = "paused", pgettext_lazy("statut", "En pause")
    CLOSED = "closed", pgettext_lazy("statut", "Terminé")


DEFAULT_QUESTIONS = [
    "Que signifie « collectivité et ESS » ici ?",
    "Comment mieux travailler ensemble ?",
    "Quelles propositions pour avancer ?",
]


class CafeRound(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("numéro"))
    question = models.CharField(_("question"), max_length=300)
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=20)
    status = models.CharField(
        _("état"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.PENDING
    )
    # Running: ends_at is when the countdown reaches zero. Paused: remaining_seconds.
    ends_at = models.DateTimeField(null=True, blank=True)
    remaining_seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["forum", "number"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "number"], name="cafe_round_unique_number")
        ]
        verbose_name = _("tour")
        verbose_name_plural = _("tours")

    stage_kind = StageKind.FORUMS

    def __str__(self) -> str:
        return _("Tour %(number)s") % {"number": self.number}

    @property
    def cohort_id(self) -> int:
        return self.forum.cohort_id


class Seat(models.Model):
    """Where a participant sits during a round (the seating plan)."""

    round = models.ForeignKey(CafeRound, on_delete=models.CASCADE, related_name="seatings")
    table = models.ForeignKey(CafeTable, on_delete=models.CASCADE, related_name="seatings")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="seats")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="seat_unique_per_round")
        ]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self) -> str:
        return f"{self.participant} · {self.table} · {self.round}"


class CardKind(models.TextChoices):
    KEY_IDEA = "key_idea", _("Idée clé")
    DIVERGENT = "divergent", _("Idée divergente")
    SYNTHESIS = "synthesis", _("Synthèse de l'ancre")


KEY_IDEAS_PER_TABLE_ROUND = 3
CARD_MAX_LENGTH = 1000
CARD_EDIT_FIELDS = ["text"]


class Card(models.Model):
    """A card written at a table during a round (DOMAIN §3.9: key idea, divergent idea),
    or the anchor's synthesis of the previous round for newcomers."""

    table = models.ForeignKey(CafeTable, on_delete=models.CASCADE, related_name="cards")
    round = models.ForeignKey(CafeRound, on_delete=models.CASCADE, related_name="cards")
    kind = models.CharField(_("type"), max_length=10, choices=CardKind.choices)
    text = models.TextField(_("texte"), max_length=CARD_MAX_LENGTH)
    axes = models.ManyToManyField(
        "transitions.Axis", blank=True, related_name="+", verbose_name=_("axes")
    )
    # Harvest: a duplicate points at the card it was merged into.
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    revision = models.PositiveIntegerField(default=1)
    written_by = models.ForeignKey(
        "transitions.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round__number", "table__number", "kind", "created_at", "pk"]
        verbose_name = _("carton")
        verbose_name_plural = _("cartons")

    stage_kind = StageKind.FORUMS

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def cohort_id(self) -> int:
        return self.table.forum.cohort_id


# What the opportunity form edits and opportunity_update saves; its many-to-many choices
# are fingerprinted too through the `*_ids` properties, so a colleague's change of
# contributors, axes or source cards is never overwritten unseen either.
OPPORTUNITY_FIELDS = [
    "title",
    "relation_type",
    "cooperation_form",
    "authority_moment",
    "authority_posture",
    "authority_means",
    "lead_organisation",
    "lead_is_authority",
    "authority_contributes",
    "next_step",
    "next_step_owner",
    "next_step_due",
]
OPPORTUNITY_RELATED = {"contributors": "contributor_ids", "axes": "axis_ids", "cards": "card_ids"}
OPPORTUNITY_FINGERPRINT = OPPORTUNITY_FIELDS + list(OPPORTUNITY_RELATED.values())


class Opportunity(models.Model):
    """A cooperation opportunity born from the café's cards (DOMAIN §5.2 point 6)."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="opportunities")
    title = models.CharField(_("titre"), max_length=200)
    relation_type = models.CharField(
        _("type de relation visé"),
        max_length=20,
        choices=[
            ("DELEGATION", _("Délégation (« faire participer »)")),
            ("PARTNERSHIP", _("Partenariat (« trouver le consensus »)")),
            ("COOPERATION", _("Coopération (« œuvrer en commun »)")),
        ],
    )
    # Reference data of DOMAIN §3.5, stored as names (agora.reference).
    cooperation_form = models.CharField(_("forme de coopération"), max_length=100, blank=True)
    authority_moment = models.CharField(_("moment"), max_length=30, blank=True)
    authority_posture = models.CharField(_("posture"), max_length=30, blank=True)
    authority_means = models.JSONField(_("moyens"), default=list, blank=True)
    lead_organisation = models.ForeignKey(
        "territories.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("porteur"),
    )
    lead_is_authority = models.BooleanField(_("portée par la collectivité"), default=False)
    contributors = models.ManyToManyField(
        "territories.Organisation", blank=True, related_name="+", verbose_name=_("contributeurs")
    )
    authority_contributes = models.BooleanField(_("la collectivité contribue"), default=False)
    axes = models.ManyToManyField(
        "transitions.Axis", blank=True, related_name="+", verbose_name=_("axes")
    )
    cards = models.ManyToManyField(
        Card, blank=True, related_name="opportunities", verbose_name=_("cartons sources")
    )
    next_step = models.CharField(_("prochaine étape"), max_length=300, blank=True)
    next_step_owner = models.CharField(_("qui"), max_length=200, blank=True)
    next_step_due = models.DateField(_("pour quand"), null=True, blank=True)
    relationship = models.ForeignKey(
        "territories.Relationship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("relation enregistrée sur la carte"),
    )
    # The pilot project positioned from this opportunity (agora.services.
    # opportunity_to_pilot_project). Kept on the agora side: territories never imports
    # the agora, and learns of the link through territories.hooks.
    pilot_project = models.OneToOneField(
        "territories.PilotProject",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("projet pilote issu de l'opportunité"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["forum", "created_at", "pk"]
        verbose_name = _("opportunité de coopération")
        verbose_name_plural = _("opportunités de coopération")

    stage_kind = StageKind.FORUMS

    def __str__(self) -> str:
        return self.title

    @property
    def cohort_id(self) -> int:
        return self.forum.cohort_id

    @property
    def contributor_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self.contributors.values_list("pk", flat=True))) if self.pk else ()

    @property
    def axis_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self.axes.values_list("pk", flat=True))) if self.pk else ()

    @property
    def card_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self.cards.values_list("pk", flat=True))) if self.pk else ()
