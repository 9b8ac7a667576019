"""Forms of the trajectory: validate and convert only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trajectory.models import STORY_FIELDS, Engagement, StoryEntry
from transitions.forms import DateInput, FingerprintedForm


class LinkForm(forms.Form):
    source = forms.RegexField(regex=r"^[a-z]+:\d{1,18}$", max_length=40)
    target = forms.RegexField(regex=r"^[a-z]+:\d{1,18}$", max_length=40)


class StoryEntryForm(FingerprintedForm):
    fingerprint_fields = STORY_FIELDS
    image = forms.FileField(label=_("image (PNG, JPEG ou WebP, 5 Mo au plus)"), required=False)
    remove_image = forms.BooleanField(label=_("retirer l'image"), required=False)

    class Meta:
        model = StoryEntry
        fields = STORY_FIELDS
        widgets = {"happened_on": DateInput(), "text": forms.Textarea(attrs={"rows": 5})}


class EngagementForm(forms.ModelForm):
    def __init__(self, *args, carriers=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Naming the carrier is for those who may read names (the overload signal's
        # readers); everyone else records by role.
        if carriers is None:
            del self.fields["carrier"]
        else:
            self.fields["carrier"].queryset = carriers
            self.fields["carrier"].required = False

    class Meta:
        model = Engagement
        fields = ["what", "category", "carrier", "happened_on"]
        widgets = {"happened_on": DateInput()}
