from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.utils.translation import gettext_lazy as _

from transitions.concurrency import NO_ROW, fingerprint
from transitions.models import (
    COHORT_FIELDS,
    MEETING_FIELDS,
    MEETING_REPORT_FIELDS,
    MEETING_REPORT_FINGERPRINT,
    MEMBERSHIP_FIELDS,
    STAGE_FIELDS,
    SUBGROUP_FIELDS,
    ActorCategory,
    Cohort,
    Invitation,
    Meeting,
    MeetingReport,
    Membership,
    OutcomeKind,
    Role,
    Stage,
    Subgroup,
    sub_role_choices_grouped,
)


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Adresse e-mail")
        self.fields["login"].widget.attrs["placeholder"] = ""
        self.fields["password"].widget.attrs["placeholder"] = ""
        # allauth puts a "forgot your password?" link in the field's help text; the page
        # has its own below the form (it was shown twice).
        self.fields["password"].help_text = ""


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class FingerprintedForm(forms.ModelForm):
    """Carries the row's fingerprint from page load to save (see transitions.concurrency).

    `fingerprint_fields` is the model's one field list (e.g. transitions.models.
    COHORT_FIELDS), which the update service also reads."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)
    fingerprint_fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["fingerprint"] = fingerprint(self.instance, self.fingerprint_fields)

    def clean(self):
        data = super().clean()
        if self.instance.pk and not data.get("fingerprint"):
            # Without it an edit could overwrite a colleague's changes unseen. (A hidden
            # field's own error would not show in the page, so report it on top.)
            raise forms.ValidationError(
                _("Cette page est incomplète : rechargez-la avant d'enregistrer.")
            )
        return data


class CohortForm(FingerprintedForm):
    fingerprint_fields = COHORT_FIELDS

    class Meta:
        model = Cohort
        fields = COHORT_FIELDS
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Indiquez une année entre 2000 et 2100."))
        return year

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("La fin doit suivre le début."))
        return data


class StageForm(FingerprintedForm):
    fingerprint_fields = STAGE_FIELDS

    class Meta:
        model = Stage
        fields = STAGE_FIELDS
        widgets = {"opens_on": DateInput(), "closes_on": DateInput()}
        labels = {"skipped": _("Sauter cette étape (étape facultative)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.optional:
            del self.fields["skipped"]


class MeetingForm(FingerprintedForm):
    fingerprint_fields = MEETING_FIELDS

    class Meta:
        model = Meeting
        fields = MEETING_FIELDS
        widgets = {"starts_at": DateTimeInput()}
        help_texts = {"starts_at": _("Heure de Paris.")}

    def __init__(self, *args, cohort: Cohort | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subgroup"].queryset = Subgroup.objects.filter(cohort=cohort)

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if not 15 <= minutes <= 24 * 60 * 5:
            raise forms.ValidationError(
                _("La durée doit être comprise entre 15 minutes et 5 jours.")
            )
        return minutes


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "full_name", "role", "category", "sub_role", "delegation"]
        help_texts = {
            "category": _("Pour les agent·es et les participant·es : l'un des « 4 Fantastiques »."),
            "sub_role": _(
                "Facultatif : la fonction dans la catégorie (maire, DGS, tête de réseau…)."
            ),
            "delegation": _("Pour les agent·es et les participant·es : le territoire représenté."),
        }

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["delegation"].queryset = cohort.delegations.select_related("territory")
        self.fields["delegation"].label_from_instance = lambda d: d.territory.name
        self.fields["role"].choices = [("", "---------")] + list(Role.choices)
        self.fields["sub_role"].choices = sub_role_choices_grouped()


class MembershipForm(FingerprintedForm):
    """A member's actor category and sub-role (the service checks they fit together)."""

    fingerprint_fields = MEMBERSHIP_FIELDS

    class Meta:
        model = Membership
        fields = MEMBERSHIP_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "---------")] + list(ActorCategory.choices)
        self.fields["sub_role"].choices = sub_role_choices_grouped()


class SubgroupForm(FingerprintedForm):
    fingerprint_fields = SUBGROUP_FIELDS

    class Meta:
        model = Subgroup
        fields = [*SUBGROUP_FIELDS, "delegations"]
        widgets = {"delegations": forms.CheckboxSelectMultiple}

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegations"].queryset = cohort.delegations.select_related("territory")
        self.fields["delegations"].label_from_instance = lambda d: d.territory.name


class AttendanceForm(forms.Form):
    """The members present: one checkbox per person who may attend."""

    present = forms.ModelMultipleChoiceField(
        queryset=None,  # set per meeting
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Présent·es"),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = people
        self.fields["present"].label_from_instance = lambda u: u.get_full_name()


class GuestForm(forms.Form):
    guest_name = forms.CharField(label=_("Nom"), max_length=150)
    guest_organisation = forms.CharField(label=_("Structure"), max_length=200, required=False)
    category = forms.ChoiceField(
        label=_("Catégorie d'acteur"),
        choices=[("", _("— hors catégorie (extérieur·e) —")), *ActorCategory.choices],
        required=False,
    )
    sub_role = forms.ChoiceField(label=_("Sous-rôle"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_role"].choices = sub_role_choices_grouped()


class MeetingReportForm(FingerprintedForm):
    fingerprint_fields = MEETING_REPORT_FINGERPRINT

    class Meta:
        model = MeetingReport
        fields = MEETING_REPORT_FIELDS
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "learnings": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound:
            # No report yet: if a colleague writes one before this page is saved, the save
            # is refused as stale (transitions.concurrency.check_fresh_or_absent).
            self.initial["fingerprint"] = NO_ROW


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=OutcomeKind.choices)
    text = forms.CharField(label=_("Intitulé"), max_length=500)
    owner = forms.CharField(label=_("Porteur·se"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Échéance"), required=False, widget=DateInput())


class LinkForm(forms.Form):
    label = forms.CharField(label=_("Libellé"), max_length=200)
    url = forms.CharField(
        label=_("Adresse"),
        max_length=500,
        help_text=_("Un chemin du site (/agora/…) ou une adresse http(s)."),
    )


OutcomeFormSet = forms.formset_factory(OutcomeForm, extra=3, can_delete=True, max_num=50)
LinkFormSet = forms.formset_factory(LinkForm, extra=2, can_delete=True, max_num=30)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Pièce jointe"), help_text=_("10 Mo au plus."))


class InvitationImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Colonnes : adresse e-mail, nom complet, rôle, catégorie, code territoire. "
            "UTF-8 ou Latin-1, séparateur virgule ou point-virgule."
        ),
    )


CONSENT_CHOICES = [
    (
        "yes",
        _("Oui, j'accepte que mes contributions servent à la recherche-action (pseudonymisées)."),
    ),
    ("no", _("Non, mes contributions ne doivent pas être utilisées pour la recherche.")),
]


class ConsentField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=CONSENT_CHOICES,
            coerce=lambda v: v == "yes",
            widget=forms.RadioSelect,
            label=_("Consentement à la recherche"),
            error_messages={"required": _("Choisissez explicitement oui ou non.")},
            **kwargs,
        )


class InvitationSignupForm(forms.Form):
    """Account creation from an invitation: the email is the invited one, fixed."""

    full_name = forms.CharField(label=_("Nom complet"), max_length=150)
    password1 = forms.CharField(
        label=_("Mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Confirmez le mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    research_consent = ConsentField()

    def __init__(self, *args, email: str, asks_consent: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        if not asks_consent:
            # Researchers observe: their own words are not research material.
            del self.fields["research_consent"]

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Les deux mots de passe ne correspondent pas."))
        elif p1:
            try:
                # allauth's adapter runs Django's password validators (French messages).
                get_adapter().clean_password(p1)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class InvitationAcceptForm(forms.Form):
    """For a person who already has an account: only the consent question (none for a
    researcher's invitation)."""

    research_consent = ConsentField()

    def __init__(self, *args, asks_consent: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not asks_consent:
            del self.fields["research_consent"]


class ConsentForm(forms.Form):
    research_consent = ConsentField()
