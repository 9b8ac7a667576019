"""Forms of research: validate and convert only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from research.models import Code, CorrectionAction, ExportFormat, SourceKind
from research.selectors import Filters
from transitions.models import ActorCategory, Axis, StageKind


class FilterForm(forms.Form):
    territory = forms.TypedChoiceField(
        label=_("Territoire"), required=False, coerce=int, empty_value=None
    )
    stage = forms.ChoiceField(
        label=_("Étape"), required=False, choices=[("", "—"), *StageKind.choices]
    )
    meeting = forms.CharField(label=_("Rencontre"), required=False, max_length=200)
    category = forms.ChoiceField(
        label=_("Catégorie d'acteur"), required=False, choices=[("", "—"), *ActorCategory.choices]
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", "—"), *SourceKind.choices]
    )
    axis = forms.ChoiceField(label=_("Axe"), required=False)
    code = forms.TypedChoiceField(
        label=_("Code de recherche"), required=False, coerce=int, empty_value=None
    )
    date_from = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    words = forms.CharField(label=_("Mots"), required=False, max_length=200)

    def __init__(self, *args, territories=(), codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].choices = [("", "—")] + [(t.pk, t.name) for t in territories]
        self.fields["code"].choices = [("", "—")] + [
            (c.pk, "· " * getattr(c, "depth", 0) + c.name) for c in codes
        ]
        self.fields["axis"].choices = [("", "—")] + [
            (a.code, str(a)) for a in Axis.objects.order_by("principle__number", "letter")
        ]

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(**{k: v for k, v in data.items() if v not in (None, "")})


def filters_from_dict(data: dict) -> Filters:
    """Filters as an export log stored them (strings), back to typed filters."""
    form = FilterForm(data)
    form.fields["territory"].choices = [(v, v) for v in [data.get("territory", "")] if v]
    form.fields["code"].choices = [(v, v) for v in [data.get("code", "")] if v]
    form.fields["territory"].choices.insert(0, ("", "—"))
    form.fields["code"].choices.insert(0, ("", "—"))
    if not form.is_valid():
        raise ValueError(form.errors.as_text())
    return form.filters()


class ObservationForm(forms.Form):
    observed_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label=_("Observation"), widget=forms.Textarea(attrs={"rows": 5}))
    stage = forms.ModelChoiceField(label=_("Étape"), queryset=None, required=False)
    meeting = forms.ModelChoiceField(label=_("Rencontre"), queryset=None, required=False)
    territory = forms.ModelChoiceField(label=_("Territoire"), queryset=None, required=False)
    categories = forms.MultipleChoiceField(
        label=_("Catégories d'acteurs"),
        choices=ActorCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    axes = forms.ModelMultipleChoiceField(
        label=_("Axes du référentiel"), queryset=Axis.objects.order_by("code"), required=False
    )

    def __init__(self, *args, stages, meetings, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = stages
        self.fields["meeting"].queryset = meetings
        self.fields["territory"].queryset = territories


class CodeForm(forms.Form):
    name = forms.CharField(label=_("Nom du code"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    parent = forms.ModelChoiceField(label=_("Code parent"), queryset=None, required=False)

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Code.objects.filter(cohort=cohort)


class CodingForm(forms.Form):
    code = forms.CharField(label=_("Code (axe P1-a … ou code de recherche)"))
    start = forms.IntegerField(label=_("Début du passage"), required=False, min_value=0)
    end = forms.IntegerField(label=_("Fin du passage"), required=False, min_value=1)

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort

    def clean_code(self):
        value = self.cleaned_data["code"].strip()
        axis = Axis.objects.filter(code=value).first()
        if axis is not None:
            return ("axis", axis)
        if value.startswith("R") and value[1:].isdigit():
            code = Code.objects.filter(cohort=self.cohort, pk=int(value[1:])).first()
        else:
            code = Code.objects.filter(cohort=self.cohort, name=value).first()
        if code is None:
            raise forms.ValidationError(_("Ni un axe du référentiel ni un code de la cohorte."))
        return ("code", code)


class MemoForm(forms.Form):
    text = forms.CharField(label=_("Mémo"), widget=forms.Textarea(attrs={"rows": 3}))


class ProtocolForm(forms.Form):
    sources = forms.MultipleChoiceField(
        label=_("Sources incluses dans le corpus"),
        choices=SourceKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.MultipleChoiceField(
        label=_("Catégories observées"),
        choices=ActorCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    territories_named = forms.TypedChoiceField(
        label=_("Territoires"),
        choices=[("no", _("généralisés (type et région)")), ("yes", _("nommés"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )


class ExportForm(forms.Form):
    project = forms.CharField(
        label=_("Projet d'export"),
        max_length=120,
        initial="principal",
        help_text=_(
            "Les pseudonymes sont stables dans un projet et différents d'un projet à l'autre."
        ),
    )
    format = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices)


class CorrectionForm(forms.Form):
    passage = forms.CharField(label=_("Passage"), max_length=200)
    action = forms.ChoiceField(label=_("Correction"), choices=CorrectionAction.choices)
