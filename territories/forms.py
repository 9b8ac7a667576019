from __future__ import annotations

from django import forms
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

    def validate_unique(self):
        try:
            self.instance.validate_unique(exclude=self._get_validation_exclusions())
        except forms.ValidationError:
            self.add_error(
                "code",
                _("Un territoire de cette strate porte déjà ce code officiel."),
            )


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
