from __future__ import annotations

import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from territories.models import (
    CooperationType,
    Organisation,
    OrganisationOrigin,
    Relationship,
)
from transitions.concurrency import fingerprint
from transitions.forms import FingerprintedForm

ORGANISATION_FIELDS = ["name", "legal_form", "sectors", "origin", "siren", "website"]


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
        fields = ["name", "legal_form", "sectors", "origin", "siren", "website"]

    def __init__(self, *args, territory=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.territory = territory
        self.fields["origin"].choices = [("", _("Non renseignée"))] + list(
            OrganisationOrigin.choices
        )

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


def _display(form, name: str, value) -> str:
    if value in (None, ""):
        return "—"
    choices = getattr(form.fields[name], "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    return str(value)


def stale_differences(form, current) -> list[dict]:
    """After a refused stale save: each field whose saved value differs from what the
    person submitted, so they see what a colleague changed before saving again."""
    differences = []
    for name in form.fingerprint_fields:
        saved, mine = getattr(current, name), form.cleaned_data.get(name)
        if saved != mine:
            differences.append(
                {
                    "label": form.fields[name].label,
                    "saved": _display(form, name, saved),
                    "mine": _display(form, name, mine),
                }
            )
    return differences


def rebased_form(form, current, **form_kwargs):
    """The refused submission, re-bound on the saved row with that row's fingerprint:
    what the person typed stays in the fields, and saving again is a choice made after
    seeing the differences, never a blind overwrite."""
    data = form.data.copy()
    data[form.add_prefix("fingerprint")] = fingerprint(current, form.fingerprint_fields)
    rebased = type(form)(data, instance=current, **form_kwargs)
    rebased.is_valid()
    return rebased


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Colonnes : nom, forme_juridique, secteurs, origine, siren, site_web, "
            "type_relation, forme_relation, date (AAAA-MM-JJ). Séparateur virgule ou "
            "point-virgule, encodage UTF-8."
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("Le fichier dépasse 2 Mo."))
        raw = uploaded.read()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("Le fichier n'est pas encodé en UTF-8 : enregistrez-le en « CSV UTF-8 ».")
            ) from None
