from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from diagnostics.models import (
    TEXT_MAX_LENGTH,
    TIMELINE_FIELDS,
    Evidence,
    EvidenceKind,
    Level,
    TimelineEvent,
)
from transitions.forms import FingerprintedForm

TOO_LONG = _("Ce texte est trop long : 10 000 caractères au maximum, il en compte %(show_value)s.")

LEVEL_CHOICES = [
    (Level.ABSENT, Level.ABSENT.label),
    (Level.EMERGING, Level.EMERGING.label),
    (Level.STRUCTURED, Level.STRUCTURED.label),
    (Level.ANCHORED, Level.ANCHORED.label),
    (Level.SYSTEMIC, Level.SYSTEMIC.label),
    (Level.DONT_KNOW, Level.DONT_KNOW.label),
]


class LongTextField(forms.CharField):
    """Free text up to 10,000 characters; no maxlength attribute, so a longer paste is
    not silently cut by the browser but gets a clear message."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", TEXT_MAX_LENGTH)
        kwargs.setdefault("strip", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        super().__init__(**kwargs)
        self.error_messages["max_length"] = TOO_LONG

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class AnswerForm(forms.Form):
    """One axis item; prefixed with the question id so a page holds many."""

    level = forms.TypedChoiceField(
        label=_("Niveau de maturité"),
        choices=LEVEL_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    # No help_text: the page's label asks the question itself, and Django would point the
    # textarea's aria-describedby at a help paragraph the item does not render.
    text = LongTextField(label=_("Observation sensible"))
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class SharedTextForm(forms.Form):
    text = LongTextField(label=_("Réponse"))
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = Evidence
        fields = ["kind", "description", "frequency"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == EvidenceKind.DEVICE and not data.get("frequency", "").strip():
            self.add_error(
                "frequency",
                _("Indiquez la fréquence du dispositif (par exemple « tous les mois »)."),
            )
        return data


class TimelineEventForm(forms.ModelForm):
    description = LongTextField(label=_("Récit"))

    class Meta:
        model = TimelineEvent
        fields = ["kind", "happened_on", "title", "description"]
        widgets = {"happened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class TimelineEventEditForm(FingerprintedForm, TimelineEventForm):
    """Editing an event: the fingerprint refuses a save from a stale page
    (transitions.concurrency)."""

    fingerprint_fields = TIMELINE_FIELDS


class ReopenForm(forms.Form):
    comment = LongTextField(
        label=_("Commentaire pour la délégation"),
        required=True,
        strip=True,
        help_text=_("Dites ce qu'il reste à compléter ou à préciser."),
    )
