from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from peergroups.models import (
    CONTRIBUTION_MAX_LENGTH,
    GRID_KINDS,
    Contribution,
    ContributionKind,
    PeerSession,
)
from transitions.forms import AxisPickerField
from transitions.models import ActorCategory

TEXT_ERRORS = {
    "required": _("La contribution est vide : écrivez quelques mots avant de publier."),
    "max_length": _(
        "La contribution dépasse %(limit_value)s caractères (elle en compte %(show_value)s) : "
        "raccourcissez-la ou scindez-la en plusieurs cartes."
    ),
}


class _ContributionFields(forms.Form):
    kind = forms.ChoiceField(label=_("Rubrique"), choices=[(k.value, k.label) for k in GRID_KINDS])
    text = forms.CharField(
        label=_("Contribution"),
        max_length=CONTRIBUTION_MAX_LENGTH,
        strip=True,
        error_messages=TEXT_ERRORS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    target_category = forms.ChoiceField(
        label=_("Catégorie visée (pour une attente vis-à-vis des autres)"),
        choices=[("", "—")] + list(ActorCategory.choices),
        required=False,
    )
    axes = AxisPickerField(label=_("Axes de travail (facultatif)"))

    def __init__(self, *args, category: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # An expectation towards the group's own category is a row of its own.
        self.own_category = category
        if category:
            self.fields["target_category"].choices = [("", "—")] + [
                (value, label) for value, label in ActorCategory.choices if value != category
            ]

    def clean(self):
        data = super().clean()
        if data.get("kind") == ContributionKind.EXPECTATION and not data.get("target_category"):
            self.add_error(
                "target_category",
                _("Indiquez à quelle catégorie d'acteurs s'adresse cette attente."),
            )
        return data


class ContributionForm(_ContributionFields):
    anonymous = forms.BooleanField(
        label=_("Publier anonymement (votre nom n'apparaîtra pas, même dans le groupe)"),
        required=False,
    )


class ContributionReviseForm(_ContributionFields):
    """The author's own edit: what they wrote, never the facilitator's grouping."""

    revision = forms.IntegerField(widget=forms.HiddenInput)


class ContributionEditForm(ContributionReviseForm):
    """The facilitator's edit: the author's fields and the grouping (theme)."""

    theme = forms.CharField(
        label=_("Regroupement (thème)"),
        max_length=Contribution._meta.get_field("theme").max_length,
        required=False,
    )


class ContributionWithdrawForm(forms.Form):
    """The author's withdrawal, confirmed, from the version they read (no lost update)."""

    revision = forms.IntegerField(widget=forms.HiddenInput)


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Fusionner dans"), queryset=Contribution.objects.none(), empty_label=None
    )

    def __init__(self, *args, contribution: Contribution, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Contribution.objects.filter(
            session_id=contribution.session_id, merged_into__isnull=True
        ).exclude(pk=contribution.pk)
        self.fields["into"].label_from_instance = lambda c: f"#{c.pk} · {c.text[:80]}"


class SessionForm(forms.ModelForm):
    class Meta:
        model = PeerSession
        fields = ["starts_at", "duration_minutes", "place"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
        }

    def clean_duration_minutes(self):
        value = self.cleaned_data["duration_minutes"]
        if not 15 <= value <= 600:
            raise forms.ValidationError(_("La durée doit être comprise entre 15 et 600 minutes."))
        return value
