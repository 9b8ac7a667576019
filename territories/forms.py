"""Forms of territories and of their ESS actor map: validate and convert only."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from territories.models import (
    MILESTONE_FIELDS,
    ORGANISATION_FIELDS,
    PILOT_PROJECT_FIELDS,
    PILOT_PROJECT_FINGERPRINT,
    TERRITORY_FIELDS,
    CooperationType,
    EssCharacter,
    LegalForm,
    Milestone,
    OfficialTerritory,
    Organisation,
    OrganisationOrigin,
    PilotProject,
    PilotProjectStatus,
    Relationship,
    RelationType,
    Territory,
)
from territories.official import REGION_BY_INSEE
from territories.services import pilot_status_next
from transitions.forms import DateInput, FingerprintedForm
from transitions.invitation_import import decode as decode_csv
from transitions.models import Axis


class TerritoryForm(FingerprintedForm):
    fingerprint_fields = TERRITORY_FIELDS

    class Meta:
        model = Territory
        fields = TERRITORY_FIELDS
        error_messages = {
            "population": {
                "min_value": _("La population ne peut pas être négative."),
                "invalid": _("Indiquez un nombre entier d'habitant·es."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["autocomplete"] = "off"
        self.fields["population"].widget.attrs["min"] = 0

    def clean_code(self):
        return (self.cleaned_data.get("code") or "").strip().upper()

    def clean_departement(self):
        return (self.cleaned_data.get("departement") or "").strip().upper()

    def clean(self):
        data = super().clean()
        kind, code = data.get("kind"), data.get("code")
        if kind and code:
            duplicates = Territory.objects.filter(kind=kind, code=code)
            if self.instance.pk:
                duplicates = duplicates.exclude(pk=self.instance.pk)
            if duplicates.exists():
                self.add_error(
                    "code", _("Un territoire de cette strate porte déjà ce code officiel.")
                )
        return data

    def _post_clean(self):
        super()._post_clean()
        # The model's (kind, code) constraint reports itself above the form in generic
        # words; clean() already put a French message beside the code field instead.
        if NON_FIELD_ERRORS in self._errors:
            kept = [
                e
                for e in self._errors[NON_FIELD_ERRORS].as_data()
                if e.code not in {"unique", "unique_together"}
            ]
            if kept:
                self._errors[NON_FIELD_ERRORS] = self.error_class(kept, error_class="nonfield")
            else:
                del self._errors[NON_FIELD_ERRORS]


class TerritoryCreateForm(TerritoryForm):
    """A new territory, picked from the official reference (`official` carries the entry,
    kind and code must stay its own) or typed by hand (`official` empty)."""

    official = forms.ModelChoiceField(
        queryset=OfficialTerritory.objects.filter(withdrawn=False),
        required=False,
        widget=forms.HiddenInput,
    )

    @staticmethod
    def initial_from(entry: OfficialTerritory) -> dict:
        return {
            "official": entry.pk,
            "name": entry.name,
            "kind": entry.kind,
            "code": entry.code,
            "population": entry.population or 0,
            "region": REGION_BY_INSEE.get(entry.region, ""),
            "departement": entry.departement,
        }

    def clean(self):
        data = super().clean()
        # The model checks that kind and code stay the entry's (Territory.clean).
        self.instance.official = data.get("official")
        return data


class DelegationForm(forms.Form):
    territory = forms.ModelChoiceField(
        label=_("Territoire"),
        queryset=Territory.objects.none(),
        error_messages={"invalid_choice": _("Choisissez un territoire de la liste.")},
    )

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        self.fields["territory"].label_from_instance = lambda t: (
            f"{t.name} ({t.get_kind_display()}, {t.code})"
        )


# --- Pilot projects -----------------------------------------------------------------------


class PilotProjectForm(forms.ModelForm):
    """Positioning a pilot project: partners from the territory's ESS map, targeted axes
    from the referential."""

    class Meta:
        model = PilotProject
        fields = ["title", "description", "status", "origin", "axes", "partners"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "axes": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners
        self.fields["partners"].help_text = _(
            "Les organisations de la cartographie ESS du territoire."
        )
        self.fields["axes"].queryset = Axis.objects.select_related("principle")

    def clean_title(self):
        return self.cleaned_data["title"].strip()


class PilotProjectEditForm(FingerprintedForm, PilotProjectForm):
    """Editing a pilot project: the fingerprint (fields, axes and partners) refuses a
    save from a stale page (transitions.concurrency). Its origin stays as it was born.
    The status offers where the project is and where it may go next (the order lives in
    territories.services.PILOT_STATUS_TRANSITIONS; the service checks it again)."""

    fingerprint_fields = PILOT_PROJECT_FINGERPRINT

    class Meta(PilotProjectForm.Meta):
        fields = [*PILOT_PROJECT_FIELDS, "axes", "partners"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.status
        allowed = {current, *pilot_status_next(current)}
        self.fields["status"].choices = [
            (value, label) for value, label in PilotProjectStatus.choices if value in allowed
        ]


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on"]
        widgets = {"due_on": DateInput()}


class MilestoneEditForm(FingerprintedForm):
    """Editing a milestone: refused from a stale page (transitions.concurrency)."""

    fingerprint_fields = MILESTONE_FIELDS

    class Meta:
        model = Milestone
        fields = MILESTONE_FIELDS
        widgets = {"due_on": DateInput()}


# --- ESS actor map ------------------------------------------------------------------------


class RelationshipForm(forms.ModelForm):
    class Meta:
        model = Relationship
        fields = ["relation_type", "cooperation_type", "observed_on", "note"]
        widgets = {
            "observed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cooperation_type"].choices = [("", _("Pas encore qualifiée"))] + list(
            CooperationType.choices
        )
        self.fields["observed_on"].initial = datetime.date.today

    def clean_observed_on(self):
        value = self.cleaned_data["observed_on"]
        if value and value > datetime.date.today():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."))
        return value


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS

    def __init__(self, *args, territory=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.territory = territory
        self.fields["origin"].choices = [("", _("Non renseignée"))] + list(
            OrganisationOrigin.choices
        )
        self.fields["character"].choices = [("", _("Non renseigné"))] + list(EssCharacter.choices)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if (
            self.territory is not None
            and Organisation.objects.filter(territory=self.territory, name__iexact=name)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(_("Cette organisation figure déjà sur la carte."))
        return name


class OrganisationEditForm(FingerprintedForm, OrganisationForm):
    """Editing an organisation: the fingerprint refuses a save from a stale page
    (transitions.concurrency)."""

    fingerprint_fields = ORGANISATION_FIELDS


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Colonnes : nom, forme_juridique, caractere, secteurs, origine, siren, site_web, "
            "type_relation, forme_relation, date (AAAA-MM-JJ). Séparateur virgule ou "
            "point-virgule, encodage UTF-8 ou Latin-1."
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("Le fichier dépasse 2 Mo."))
        raw = uploaded.read()
        if b"\x00" in raw:
            # UTF-16, a spreadsheet's binary format, an image: not a text file to read.
            raise forms.ValidationError(_("Ce fichier n'est pas un fichier CSV (texte) lisible."))
        # Spreadsheets in French often save "CSV" in Windows-1252: read it like the
        # invitation import does (one decoding rule for every CSV the site reads).
        return decode_csv(raw)


# --- CSV import of organisations: every row is checked here, before anything is saved ----

CSV_COLUMNS = [
    "nom",
    "forme_juridique",
    "caractere",
    "secteurs",
    "origine",
    "siren",
    "site_web",
    "type_relation",
    "forme_relation",
    "date",
]
MAX_ROWS = 2000


@dataclass
class RowReport:
    line: int
    name: str
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    created: int = 0
    # (organisation, relationship) cleaned values of every valid row, for the service.
    parsed: list[tuple[dict, dict]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and all(not r.errors for r in self.rows)


def _choice(value: str, choices) -> str:
    """Accept a code or a label, case-insensitively ("" stays "")."""
    value = (value or "").strip()
    if not value:
        return ""
    for code, label in choices:
        if value.lower() in (str(code).lower(), str(label).lower()):
            return code
    return value  # left as is: the form reports it as an invalid choice


def organisations_csv_parse(*, territory: Territory, text: str) -> ImportReport:
    """Check every row of an import (all or nothing: one bad row and the service saves
    nothing); the valid rows' cleaned values are in `report.parsed`."""
    report = ImportReport()
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        headers = [h.strip().lower() for h in (reader.fieldnames or [])]
        raw_rows = list(reader)
    except csv.Error:
        # e.g. a cell longer than the csv module's field limit: not a list of organisations.
        report.errors.append(gettext("Ce fichier n'est pas un fichier CSV (texte) lisible."))
        return report
    missing = [c for c in ("nom", "forme_juridique", "type_relation") if c not in headers]
    if missing:
        report.errors.append(
            gettext("Colonnes manquantes : %(cols)s. Colonnes attendues : %(all)s.")
            % {"cols": ", ".join(missing), "all": ", ".join(CSV_COLUMNS)}
        )
        return report
    seen: set[str] = set()
    for index, raw in enumerate(raw_rows, start=2):
        if index - 1 > MAX_ROWS:
            report.errors.append(gettext("Au plus %(n)s lignes par import.") % {"n": MAX_ROWS})
            return report
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        line = RowReport(line=index, name=row.get("nom", ""))
        org_form = OrganisationForm(
            {
                "name": row.get("nom", ""),
                "legal_form": _choice(row.get("forme_juridique", ""), LegalForm.choices),
                "character": _choice(
                    row.get("caractere") or row.get("caractère", ""), EssCharacter.choices
                ),
                "sectors": row.get("secteurs", ""),
                "origin": _choice(row.get("origine", ""), OrganisationOrigin.choices),
                "siren": row.get("siren", "").replace(" ", ""),
                "website": row.get("site_web", ""),
            },
            territory=territory,
        )
        rel_form = RelationshipForm(
            {
                "relation_type": _choice(row.get("type_relation", ""), RelationType.choices),
                "cooperation_type": _choice(row.get("forme_relation", ""), CooperationType.choices),
                "observed_on": row.get("date") or datetime.date.today().isoformat(),
                "note": "",
            }
        )
        for form in (org_form, rel_form):
            if not form.is_valid():
                for name, errors in form.errors.items():
                    label = form.fields[name].label if name in form.fields else ""
                    line.errors.extend(f"{label} : {e}" if label else e for e in errors)
        key = row.get("nom", "").lower()
        if key and key in seen:
            line.errors.append(gettext("Cette organisation apparaît deux fois dans le fichier."))
        seen.add(key)
        report.rows.append(line)
        if not line.errors:
            report.parsed.append((org_form.cleaned_data, rel_form.cleaned_data))
    if not report.rows:
        report.errors.append(gettext("Le fichier ne contient aucune ligne."))
    return report
