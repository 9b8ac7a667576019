from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from territories.validators import validate_departement, validate_insee, validate_siren
from transitions.models import Cohort, StageKind


class TerritoryKind(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    CC = "cc", _("Communauté de communes")
    CA = "ca", _("Communauté d'agglomération")
    CU = "cu", _("Communauté urbaine")
    METROPOLE = "metropole", _("Métropole")
    PETR = "petr", _("PETR")
    DEPARTEMENT = "departement", _("Département")
    REGION = "region", _("Région")
    OTHER = "other", _("Autre")


class Region(models.TextChoices):
    ARA = "ARA", _("Auvergne-Rhône-Alpes")
    BFC = "BFC", _("Bourgogne-Franche-Comté")
    BRE = "BRE", _("Bretagne")
    CVL = "CVL", _("Centre-Val de Loire")
    COR = "COR", _("Corse")
    GES = "GES", _("Grand Est")
    HDF = "HDF", _("Hauts-de-France")
    IDF = "IDF", _("Île-de-France")
    NOR = "NOR", _("Normandie")
    NAQ = "NAQ", _("Nouvelle-Aquitaine")
    OCC = "OCC", _("Occitanie")
    PDL = "PDL", _("Pays de la Loire")
    PAC = "PAC", _("Provence-Alpes-Côte d'Azur")
    GUA = "GUA", _("Guadeloupe")
    GUY = "GUY", _("Guyane")
    MAR = "MAR", _("Martinique")
    LRE = "LRE", _("La Réunion")
    MAY = "MAY", _("Mayotte")


class Geography(models.TextChoices):
    RURAL = "rural", _("Rural")
    URBAN = "urban", _("Urbain")
    MIXED = "mixed", _("Mixte")


class Maturity(models.TextChoices):
    """The seeds' two levels (DOMAIN §3.3). The former "intermediate" was folded into
    "experienced" (migration 0006): a territory that has already run transition actions
    is "déjà expérimenté" in the seeds' sense, and the finer grading is the diagnostic's
    job (levels 0–4 per axis), not a profile field's."""

    BEGINNER = "beginner", _("Débutant")
    EXPERIENCED = "experienced", _("Déjà expérimenté")


class PoliticalLabel(models.TextChoices):
    """The partisan representation of the territory's executive (DOMAIN §3.3)."""

    PS = "ps", _("PS")
    EELV = "eelv", _("EELV")
    LRM = "lrm", _("LRM / Renaissance")
    CITIZEN_LIST = "liste_citoyenne", _("Liste citoyenne")
    DIVERS = "divers", _("Divers")
    NO_LABEL = "sans_etiquette", _("Sans étiquette")
    OTHER = "autre", _("Autre")


def _fold(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


# Free-text labels read as one of the choices without anything lost (folded: lower case,
# no accents or punctuation). Anything else keeps its text in `political_label_detail`.
POLITICAL_LABEL_ALIASES = {
    PoliticalLabel.PS: {"ps", "parti socialiste", "socialiste"},
    PoliticalLabel.EELV: {
        "eelv",
        "europe ecologie les verts",
        "europe ecologie",
        "les verts",
        "les ecologistes",
        "ecologiste",
    },
    PoliticalLabel.LRM: {
        "lrm",
        "lrem",
        "la republique en marche",
        "republique en marche",
        "en marche",
        "renaissance",
        "lrm renaissance",
    },
    PoliticalLabel.CITIZEN_LIST: {
        "liste citoyenne",
        "listes citoyennes",
        "citoyenne",
        "citoyens",
        "liste participative",
    },
    PoliticalLabel.DIVERS: {"divers", "dv"},
    PoliticalLabel.NO_LABEL: {"sans etiquette", "se", "sans", "aucune", "apolitique"},
}
# Nuances that fall under "divers" but whose text is worth keeping (divers gauche…).
_DIVERS_PREFIXES = ("divers ", "dvg", "dvd", "dvc", "dve")


def political_label_from_text(text: str) -> tuple[str, str]:
    """(choice, detail) for a label typed as free text before it became a choice list.

    An exact alias gives its choice with no detail; a "divers …" nuance gives "divers"
    and keeps the text; anything else is "autre" with the text kept; blank stays blank.
    """
    raw = (text or "").strip()
    folded = _fold(raw)
    if not folded:
        return "", ""
    for choice, aliases in POLITICAL_LABEL_ALIASES.items():
        if folded in aliases:
            return choice.value, ""
    if folded.startswith(_DIVERS_PREFIXES):
        return PoliticalLabel.DIVERS.value, raw[:100]
    return PoliticalLabel.OTHER.value, raw[:100]


class EssIntegration(models.TextChoices):
    LOW = "low", _("Faible")
    MEDIUM = "medium", _("Moyenne")
    HIGH = "high", _("Forte")


# Groupings of communes are identified by their SIREN; communes by their INSEE code.
SIREN_KINDS = {
    TerritoryKind.CC,
    TerritoryKind.CA,
    TerritoryKind.CU,
    TerritoryKind.METROPOLE,
    TerritoryKind.PETR,
}


class Territory(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("strate"), max_length=20, choices=TerritoryKind.choices)
    code = models.CharField(
        _("code officiel"),
        max_length=20,
        help_text=_("Code INSEE pour une commune, SIREN pour un groupement."),
    )
    population = models.PositiveIntegerField(
        _("population"), validators=[MinValueValidator(0)], default=0
    )
    region = models.CharField(_("région"), max_length=3, choices=Region.choices)
    geography = models.CharField(_("géographie"), max_length=10, choices=Geography.choices)
    maturity = models.CharField(
        _("maturité en transition"), max_length=20, choices=Maturity.choices
    )
    ess_integration = models.CharField(
        _("intégration de l'ESS"), max_length=10, choices=EssIntegration.choices
    )
    political_label = models.CharField(
        _("étiquette politique"), max_length=20, choices=PoliticalLabel.choices, blank=True
    )
    political_label_detail = models.CharField(
        _("précision sur l'étiquette"),
        max_length=100,
        blank=True,
        help_text=_("Par exemple « divers gauche », ou le nom d'une étiquette « autre »."),
    )
    departement = models.CharField(
        _("département"),
        max_length=3,
        blank=True,
        validators=[validate_departement],
        help_text=_("Code du département, par exemple 62, 2A ou 974."),
    )
    # The entry of the official reference this territory is (None: created by hand, or
    # not in the reference — a PETR, a pays, a cross-border area, the demo's territories).
    official = models.ForeignKey(
        "territories.OfficialTerritory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="territories",
        verbose_name=_("fiche du référentiel officiel"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="territory_unique_code"),
        ]
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if not self.code:
            return
        if self.official_id and (self.kind, self.code) != (self.official.kind, self.official.code):
            raise ValidationError(
                {
                    "code": _(
                        "La strate et le code officiel doivent rester ceux du référentiel "
                        "(%(kind)s, %(code)s) ; pour un autre territoire, recommencez la "
                        "recherche."
                    )
                    % {"kind": self.official.get_kind_display(), "code": self.official.code}
                }
            )
        try:
            if self.kind == TerritoryKind.COMMUNE:
                validate_insee(self.code)
            elif self.kind in SIREN_KINDS:
                validate_siren(self.code)
        except ValidationError as error:
            raise ValidationError({"code": error.messages}) from None


# What a territory's edit form shows and its service saves (and the concurrency
# fingerprint covers): one list, read by both.
TERRITORY_FIELDS = [
    "name",
    "kind",
    "code",
    "population",
    "region",
    "departement",
    "geography",
    "maturity",
    "ess_integration",
    "political_label",
    "political_label_detail",
]

# The public administrative facts: what any facilitator may see of a territory outside
# the cohorts they run (DESIGN "Permissions").
TERRITORY_PUBLIC_FIELDS = ["name", "kind", "code", "population", "region", "departement"]


# --- The official administrative reference (Etalab's @etalab/decoupage-administratif) ---


class OfficialDataVersion(models.Model):
    """One import of the official reference: the package version and what it changed."""

    version = models.CharField(_("version"), max_length=40, unique=True)
    imported_at = models.DateTimeField(_("importée le"), auto_now=True)
    communes = models.PositiveIntegerField(default=0)
    epcis = models.PositiveIntegerField(default=0)
    departements = models.PositiveIntegerField(default=0)
    regions = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("version du référentiel officiel")
        verbose_name_plural = _("versions du référentiel officiel")

    def __str__(self) -> str:
        return self.version


class OfficialTerritory(models.Model):
    """A commune, an EPCI, a département or a région as the State lists it.

    `code` is what a Territory of the same kind carries: the INSEE code of a commune, the
    SIREN of an EPCI, the INSEE code of a département or a région. `search` holds the
    name, codes and postcodes lower-cased, without accents or punctuation
    (territories.official.normalise), so one LIKE finds "loos en gohelle" on PostgreSQL
    (trigram index) as on SQLite."""

    kind = models.CharField(_("strate"), max_length=20, choices=TerritoryKind.choices)
    code = models.CharField(_("code officiel"), max_length=9)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    name = models.CharField(_("nom"), max_length=200)
    postcodes = models.CharField(_("codes postaux"), max_length=200, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True)
    region = models.CharField(_("région"), max_length=3, blank=True)  # its INSEE code
    epci_code = models.CharField(_("intercommunalité"), max_length=9, blank=True, db_index=True)
    # Indexed twice on PostgreSQL: a btree (prefix searches) and a trigram GIN index
    # (migration 0004), for LIKE '%word%'.
    search = models.CharField(max_length=400, editable=False, db_index=True)
    # Still listed by the last import? A withdrawn entry that a territory points at is
    # kept (and its withdrawal reported) rather than deleted.
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="official_unique_code"),
        ]
        verbose_name = _("entrée du référentiel officiel")
        verbose_name_plural = _("référentiel officiel")

    def __str__(self) -> str:
        return self.name


class OfficialChangeField(models.TextChoices):
    POPULATION = "population", _("Population")
    EPCI = "epci", _("Intercommunalité")
    MEMBERS = "members", _("Communes membres")
    NAME = "name", _("Nom")
    WITHDRAWN = "withdrawn", _("Retiré du référentiel")


class OfficialChange(models.Model):
    """What a re-import changed for a territory enrolled in a cohort, for its facilitators."""

    version = models.ForeignKey(
        OfficialDataVersion, on_delete=models.CASCADE, related_name="changes"
    )
    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, related_name="official_changes"
    )
    field = models.CharField(_("donnée"), max_length=20, choices=OfficialChangeField.choices)
    before = models.TextField(_("avant"), blank=True)
    after = models.TextField(_("après"), blank=True)

    class Meta:
        ordering = ["-version__imported_at", "territory__name", "field"]
        verbose_name = _("changement du référentiel officiel")
        verbose_name_plural = _("changements du référentiel officiel")

    def __str__(self) -> str:
        return f"{self.territory} · {self.get_field_display()} ({self.version})"


class Delegation(models.Model):
    """A territory taking part in a cohort."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="delegations")
    territory = models.ForeignKey(Territory, on_delete=models.PROTECT, related_name="delegations")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["territory__name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "territory"], name="delegation_unique"),
        ]
        verbose_name = _("délégation")
        verbose_name_plural = _("délégations")

    def __str__(self) -> str:
        return f"{self.territory} · {self.cohort}"


class PilotProjectStatus(models.TextChoices):
    IDEA = "idea", _("Idée")
    POSITIONED = "positioned", _("Positionné")
    LAUNCHED = "launched", _("Lancé")
    PAUSED = "paused", _("En pause")
    COMPLETED = "completed", _("Réalisé")


class PilotProjectOrigin(models.TextChoices):
    SCRATCH = "scratch", _("Nouvelle idée")
    OPPORTUNITY = "opportunity", _("Opportunité de coopération d'un forum")
    DIAGNOSTIC = "diagnostic", _("Synthèse du diagnostic (projet pilote candidat)")


# What the pilot project's form edits and pilot_project_update saves (fingerprinted).
PILOT_PROJECT_FIELDS = ["title", "description", "status"]
# Its many-to-many choices, fingerprinted too through the `*_ids` properties, so a
# colleague's change of partners or axes is never overwritten unseen either.
PILOT_PROJECT_RELATED = {"axes": "axis_ids", "partners": "partner_ids"}
PILOT_PROJECT_FINGERPRINT = PILOT_PROJECT_FIELDS + list(PILOT_PROJECT_RELATED.values())


class PilotProject(models.Model):
    """Stage 6: the project a delegation positions, followed by the facilitators."""

    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="pilot_projects"
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=PilotProjectStatus.choices,
        default=PilotProjectStatus.IDEA,
    )
    origin = models.CharField(
        _("origine"),
        max_length=20,
        choices=PilotProjectOrigin.choices,
        default=PilotProjectOrigin.SCRATCH,
    )
    axes = models.ManyToManyField("transitions.Axis", blank=True, verbose_name=_("axes"))
    partners = models.ManyToManyField(
        "territories.Organisation",
        blank=True,
        related_name="pilot_projects",
        verbose_name=_("partenaires"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["delegation", "title"]
        verbose_name = _("projet pilote")
        verbose_name_plural = _("projets pilotes")

    stage_kind = StageKind.PILOT_PROJECTS

    def __str__(self) -> str:
        return self.title

    @property
    def cohort_id(self) -> int:
        return self.delegation.cohort_id

    @property
    def axis_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self.axes.values_list("pk", flat=True))) if self.pk else ()

    @property
    def partner_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self.partners.values_list("pk", flat=True))) if self.pk else ()


# What the milestone edit form changes and milestone_update saves (fingerprinted).
MILESTONE_FIELDS = ["title", "due_on", "done"]


class Milestone(models.Model):
    """A dated milestone of a pilot project."""

    project = models.ForeignKey(PilotProject, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("jalon"), max_length=200)
    due_on = models.DateField(_("date"))
    done = models.BooleanField(_("atteint"), default=False)

    class Meta:
        ordering = ["project", "due_on", "pk"]
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")

    def __str__(self) -> str:
        return self.title

    stage_kind = StageKind.PILOT_PROJECTS

    @property
    def cohort_id(self) -> int:
        return self.project.cohort_id


# --- ESS actor map (DOMAIN §3.1, §3.4) -------------------------------------------------


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    COOPERATIVE = "cooperative", _("Coopérative")
    SCOP = "scop", _("SCOP")
    SCIC = "scic", _("SCIC (société coopérative d'intérêt collectif)")
    CAE = "cae", _("CAE (coopérative d'activités et d'emploi)")
    MUTUELLE = "mutuelle", _("Mutuelle")
    FONDATION = "fondation", _("Fondation")
    FONDS_DOTATION = "fonds_dotation", _("Fonds de dotation")
    SOCIETE_COMMERCIALE = "societe_commerciale", _("Société commerciale de l'ESS")
    SIAE = "siae", _("Structure d'insertion (SIAE)")
    GEIQ = "geiq", _("GEIQ")
    GROUPEMENT_EMPLOYEURS = "groupement_employeurs", _("Groupement d'employeurs")
    EBE = "ebe", _("Entreprise à but d'emploi (TZCLD)")
    COUVEUSE = "couveuse", _("Couveuse d'activités")


class OrganisationOrigin(models.TextChoices):
    AUTHORITY_INITIATIVE = "authority_initiative", _("Créée à l'initiative de la collectivité")
    CITIZEN_CLOSE = "citizen_close", _("Association citoyenne proche de la mairie")
    WIDER_TERRITORY = (
        "wider_territory",
        _("Structure du territoire élargi, au fonctionnement entrepreneurial"),
    )
    OTHER = "other", _("Autre")


class EssCharacter(models.TextChoices):
    """The character facet of an ESS structure (DOMAIN §3.4, after [001]): how it is run
    and by whom, independently of its legal form (an association may be run like a
    business, a cooperative like a citizens' group)."""

    ASSOCIATIVE = "associative", _("Associative")
    COOPERATIVE = "cooperative", _("Coopérative")
    COMMERCIAL = "commercial", _("Commerciale")
    PROFESSIONAL = "professional", _("Professionnelle")
    CITIZEN = "citizen", _("Citoyenne")


class RelationType(models.TextChoices):
    """Hypothesis 1 of the research-action: four types of relationship."""

    DISTANT = "DISTANT", _("Relations inexistantes ou distantes")
    UNEQUAL = "UNEQUAL", _("Relations inégalitaires, basées sur la concurrence")
    QUASI_DELEGATION = "QUASI_DELEGATION", _("Quasi-délégation de politique publique")
    TRUST_PARTNERSHIP = "TRUST_PARTNERSHIP", _("Relations partenariales de confiance")


class CooperationType(models.TextChoices):
    """The refined typology (Terrain 2): three types; blank while not yet qualified."""

    DELEGATION = "DELEGATION", _("Délégation (« faire participer »)")
    PARTNERSHIP = "PARTNERSHIP", _("Partenariat (« trouver le consensus »)")
    COOPERATION = "COOPERATION", _("Coopération (« œuvrer en commun »)")


# An organisation's own fields (its relationships are dated rows, never edited): the edit
# form and organisation_update read this one list.
ORGANISATION_FIELDS = ["name", "legal_form", "character", "sectors", "origin", "siren", "website"]


class Organisation(models.Model):
    """An ESS or socio-economic actor on one territory's map."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("nom"), max_length=200)
    legal_form = models.CharField(_("forme juridique"), max_length=30, choices=LegalForm.choices)
    character = models.CharField(
        _("caractère"),
        max_length=20,
        choices=EssCharacter.choices,
        blank=True,
        help_text=_("Associative, coopérative, commerciale, professionnelle ou citoyenne."),
    )
    sectors = models.CharField(
        _("secteurs d'activité"),
        max_length=300,
        blank=True,
        help_text=_("Séparés par des virgules, par exemple : alimentation, mobilité."),
    )
    origin = models.CharField(
        _("origine"), max_length=30, choices=OrganisationOrigin.choices, blank=True
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, validators=[validate_siren])
    website = models.URLField(_("site web"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["territory", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "name"], name="organisation_unique_name_per_territory"
            ),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def sector_list(self) -> list[str]:
        return [s.strip() for s in self.sectors.split(",") if s.strip()]


class Relationship(models.Model):
    """The local authority's relationship with an organisation, as of a date.

    Never edited in place: a change adds a new dated record, so the evolution stays visible.
    """

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="relationships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="relationships"
    )
    relation_type = models.CharField(
        _("type de relation"), max_length=20, choices=RelationType.choices
    )
    cooperation_type = models.CharField(
        _("forme de la relation"), max_length=20, choices=CooperationType.choices, blank=True
    )
    observed_on = models.DateField(_("date"))
    note = models.TextField(_("commentaire"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        "transitions.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "-observed_on", "-recorded_at"]
        verbose_name = _("relation collectivité – organisation")
        verbose_name_plural = _("relations collectivité – organisations")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_relation_type_display()} ({self.observed_on})"
