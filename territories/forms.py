from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from territories.models import Territory
from transitions.forms import FingerprintedForm

TERRITORY_FIELDS = [
    "name",
    "kind",
    "code",
    "population",
    "region",
    "geography",
    "maturity",
    "ess_integration",
    "political_label",
]


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
