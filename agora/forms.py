from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agora import reference
from agora.models import (
    AGORA_DELEGATION_FIELDS,
    CARD_MAX_LENGTH,
    FORUM_HARVEST_FIELDS,
    FORUM_NOT_HELD_FIELDS,
    FORUM_PREPARATION_FIELDS,
    OPPORTUNITY_FINGERPRINT,
    STATEMENT_MAX_LENGTH,
    Agora,
    CafeTable,
    Card,
    CardKind,
    Forum,
    Opportunity,
    Participant,
    Stance,
    StatementKind,
)
from peergroups.models import Contribution
from peergroups.selectors import SharedContribution
from territories.models import Delegation, Organisation
from transitions.forms import FingerprintedForm
from transitions.models import ActorCategory, Axis, User


class StatementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type d'énoncé"), choices=StatementKind.choices)
    text = forms.CharField(
        label=_("Énoncé"),
        max_length=STATEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("L'énoncé est vide : formulez-le avant de l'ajouter."),
            "max_length": _(
                "L'énoncé dépasse %(limit_value)s caractères (il en compte %(show_value)s)."
            ),
        },
    )
    sources = forms.TypedMultipleChoiceField(
        label=_("Contributions sources (partagées par les groupes)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Une source n'est pas partagée avec cette agora.")},
    )

    def __init__(self, *args, shared: list[SharedContribution], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].choices = [
            (c.id, f"{c.category_label} · {c.kind_label} · {c.text[:120]}") for c in shared
        ]

    def clean_sources(self):
        ids = self.cleaned_data["sources"]
        return list(Contribution.objects.filter(pk__in=ids).select_related("session__group"))


class StatementEditForm(StatementForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AgoraDelegationsForm(FingerprintedForm):
    """Which territorial delegations take part (fingerprinted: no lost update)."""

    fingerprint_fields = AGORA_DELEGATION_FIELDS

    class Meta:
        model = Agora
        fields = ["delegations"]
        widgets = {"delegations": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegations"].queryset = Delegation.objects.filter(
            cohort_id=self.instance.cohort_id
        ).select_related("territory")
        self.fields["delegations"].label_from_instance = lambda d: d.territory.name
        self.fields["delegations"].label = _("Délégations présentes à l'agora")


class PositionForm(forms.Form):
    """A category's position, or (with `delegation`) a participating delegation's."""

    category = forms.ChoiceField(
        label=_("Catégorie"), choices=[("", "—")] + list(ActorCategory.choices), required=False
    )
    delegation = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    stance = forms.ChoiceField(label=_("Position"), choices=Stance.choices)
    note = forms.CharField(
        label=_("Nuance (facultatif)"),
        max_length=STATEMENT_MAX_LENGTH,
        required=False,
        error_messages={"max_length": _("La nuance dépasse %(limit_value)s caractères.")},
    )
    # The position's revision the page showed (0: none yet), so nothing is overwritten
    # unseen.
    revision = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": _("Version de la position manquante : rechargez la page."),
            "invalid": _("Version de la position invalide : rechargez la page."),
            "min_value": _("Version de la position invalide : rechargez la page."),
        },
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("category")) == bool(data.get("delegation")):
            raise forms.ValidationError(
                _("Indiquez la catégorie ou le territoire dont c'est la position.")
            )
        return data


# --- Territorial forums ------------------------------------------------------------------


class ForumPreparationForm(FingerprintedForm):
    fingerprint_fields = FORUM_PREPARATION_FIELDS

    class Meta:
        model = Forum
        fields = [*FORUM_PREPARATION_FIELDS, "axes", "invited_organisations"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starting_point": forms.Textarea(attrs={"rows": 4}),
            "axes": forms.CheckboxSelectMultiple,
            "invited_organisations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited_organisations"].queryset = Organisation.objects.filter(
            territory_id=self.instance.delegation.territory_id
        ).order_by("name")


class ForumNotHeldForm(FingerprintedForm):
    fingerprint_fields = FORUM_NOT_HELD_FIELDS

    class Meta:
        model = Forum
        fields = FORUM_NOT_HELD_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["not_held_reason"].required = True


class ForumHarvestForm(FingerprintedForm):
    fingerprint_fields = FORUM_HARVEST_FIELDS

    class Meta:
        model = Forum
        fields = FORUM_HARVEST_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in FORUM_HARVEST_FIELDS}


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["name", "category", "organisation", "organisation_label"]

    def __init__(self, *args, forum: Forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            territory_id=forum.delegation.territory_id
        ).order_by("name")


class TableRolesForm(forms.Form):
    anchor = forms.ModelChoiceField(
        label=_("Personne ancre"), queryset=Participant.objects.none(), required=False
    )
    rapporteur = forms.ModelChoiceField(
        label=_("Rapporteur·e"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, forum: Forum, rapporteurs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anchor"].queryset = forum.participants.all()
        self.fields["rapporteur"].queryset = rapporteurs


class SeatMoveForm(forms.Form):
    participant = forms.ModelChoiceField(queryset=Participant.objects.none())
    table = forms.ModelChoiceField(queryset=CafeTable.objects.none())

    def __init__(self, *args, forum: Forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = forum.participants.all()
        self.fields["table"].queryset = forum.tables.all()


class CardForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de carton"), choices=CardKind.choices)
    text = forms.CharField(
        label=_("Carton"), max_length=CARD_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class CardEditForm(forms.Form):
    text = forms.CharField(
        label=_("Carton"), max_length=CARD_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CardHarvestForm(forms.Form):
    axes = forms.ModelMultipleChoiceField(
        label=_("Axes"), queryset=Axis.objects.all(), required=False
    )
    merged_into = forms.ModelChoiceField(
        label=_("Doublon de"), queryset=Card.objects.none(), required=False
    )

    def __init__(self, *args, forum: Forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merged_into"].queryset = Card.objects.filter(table__forum=forum)


class OpportunityForm(forms.ModelForm):
    cooperation_form = forms.ChoiceField(
        label=_("Forme de coopération"),
        choices=[("", "—"), *reference.choices(reference.COOPERATION_FORMS)],
        required=False,
    )
    authority_moment = forms.ChoiceField(
        label=_("Rôle de la collectivité : moment"),
        choices=[("", "—"), *reference.choices(reference.AUTHORITY_MOMENTS)],
        required=False,
    )
    authority_posture = forms.ChoiceField(
        label=_("Rôle de la collectivité : posture"),
        choices=[("", "—"), *reference.choices(reference.AUTHORITY_POSTURES)],
        required=False,
    )
    authority_means = forms.MultipleChoiceField(
        label=_("Rôle de la collectivité : moyens"),
        choices=reference.choices(reference.AUTHORITY_MEANS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Opportunity
        fields = [
            "title",
            "relation_type",
            "cooperation_form",
            "authority_moment",
            "authority_posture",
            "authority_means",
            "lead_organisation",
            "lead_is_authority",
            "contributors",
            "authority_contributes",
            "axes",
            "cards",
            "next_step",
            "next_step_owner",
            "next_step_due",
        ]
        widgets = {
            "next_step_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "contributors": forms.CheckboxSelectMultiple,
            "cards": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, forum: Forum, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(
            territory_id=forum.delegation.territory_id
        ).order_by("name")
        self.fields["lead_organisation"].queryset = organisations
        self.fields["contributors"].queryset = organisations
        self.fields["cards"].queryset = Card.objects.filter(
            table__forum=forum, merged_into__isnull=True
        ).exclude(kind=CardKind.SYNTHESIS)


class OpportunityEditForm(FingerprintedForm, OpportunityForm):
    """Editing an opportunity (every field): the fingerprint, over its fields and its
    contributors, axes and source cards, refuses a save from a stale page
    (transitions.concurrency)."""

    fingerprint_fields = OPPORTUNITY_FINGERPRINT

    class Meta(OpportunityForm.Meta):
        pass
