from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parcours.models import (
    ENTRY_FIELDS,
    INPUT_NOTE_FIELDS,
    SUBGROUP_NOTE_FIELDS,
    TOPIC_NOTE_FIELDS,
    VISIT_FIELDS,
    EntryRecord,
    InputNote,
    SubgroupNote,
    TopicNote,
    VisitReport,
)
from transitions.forms import DateInput, FingerprintedForm
from transitions.l10n import long_date
from transitions.models import Meeting, StageKind
from transitions.selectors import meetings_visible_to


def _meeting_label(meeting: Meeting) -> str:
    return f"{long_date(meeting.starts_at)} — {meeting.title}"


class EntryRecordForm(FingerprintedForm):
    fingerprint_fields = ENTRY_FIELDS

    class Meta:
        model = EntryRecord
        fields = ENTRY_FIELDS
        widgets = {
            "committed_on": DateInput(),
            "ambition_note": forms.Textarea(attrs={"rows": 2}),
            "ecosystem_note": forms.Textarea(attrs={"rows": 2}),
            "leadership_note": forms.Textarea(attrs={"rows": 2}),
            "named_delegation": forms.Textarea(attrs={"rows": 5}),
        }


class InputNoteForm(FingerprintedForm):
    fingerprint_fields = INPUT_NOTE_FIELDS

    class Meta:
        model = InputNote
        fields = INPUT_NOTE_FIELDS
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            stage__cohort=cohort, stage__kind=StageKind.STEPPING_BACK, subgroup__isnull=True
        )
        self.fields["meeting"].label_from_instance = _meeting_label


class VisitReportForm(FingerprintedForm):
    fingerprint_fields = VISIT_FIELDS

    delegation = forms.ModelChoiceField(queryset=None, label=_("Territoire"))

    class Meta:
        model = VisitReport
        fields = ["delegation", *VISIT_FIELDS]
        widgets = {
            "partnership": forms.Textarea(attrs={"rows": 5}),
            "takeaways": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, cohort, delegations, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only meetings the writer may see: a subgroup's workshop stays its delegations'.
        self.fields["meeting"].queryset = meetings_visible_to(user, cohort).filter(
            stage__kind=StageKind.INSPIRATION
        )
        self.fields["meeting"].label_from_instance = _meeting_label
        if self.instance.pk:
            # A report stays with the territory that wrote it.
            del self.fields["delegation"]
        else:
            self.fields["delegation"].queryset = delegations
            self.fields["delegation"].label_from_instance = lambda d: d.territory.name
            if len(delegations) == 1:
                self.fields["delegation"].initial = delegations[0].pk


class TopicForm(forms.Form):
    name = forms.CharField(label=_("Thématique"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TopicNoteForm(FingerprintedForm):
    fingerprint_fields = TOPIC_NOTE_FIELDS

    class Meta:
        model = TopicNote
        fields = TOPIC_NOTE_FIELDS
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}


class SubgroupNoteForm(FingerprintedForm):
    fingerprint_fields = SUBGROUP_NOTE_FIELDS

    class Meta:
        model = SubgroupNote
        fields = SUBGROUP_NOTE_FIELDS
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, subgroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = subgroup.meetings.all()
        self.fields["meeting"].label_from_instance = _meeting_label
