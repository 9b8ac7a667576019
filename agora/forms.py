from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from agora.models import STATEMENT_MAX_LENGTH, Stance, StatementKind
from peergroups.models import Contribution
from peergroups.selectors import SharedContribution
from transitions.models import ActorCategory


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


class PositionForm(forms.Form):
    category = forms.ChoiceField(label=_("Catégorie"), choices=ActorCategory.choices)
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
