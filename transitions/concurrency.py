"""No lost update: the one optimistic-concurrency kit every edit uses.

Two storage details, one behaviour:

* a *fingerprint* of the row's editable fields, carried by the edit form from page load to
  save (`fingerprint`, `check_fresh`; forms: `transitions.forms.FingerprintedForm`), for
  models without a version column;
* a *version* column bumped by a conditional UPDATE (`... WHERE version = seen`), where
  edits are frequent and small (answers, contributions, statements, positions).

Either way the service raises `StaleEdit` carrying the row as saved now, never overwrites;
the view shows `differences` (saved vs typed, per field) in the one partial
`templates/includes/stale.html` with the choice "keep mine" (send again from the saved
state) or "take theirs" (reload it), built by `stale_choice`.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from transitions.l10n import long_date

STALE_MESSAGE = _(
    "Quelqu'un d'autre a modifié cette fiche pendant que vous la modifiiez : rien n'a été "
    "enregistré. Comparez ci-dessous la version enregistrée et votre saisie, puis "
    "choisissez."
)


class StaleEdit(Exception):
    """Someone saved the row after the state the editor started from.

    `current` is the row as saved now, so the view can show what differs and offer to
    keep either version without a second read."""

    def __init__(self, current: Any):
        super().__init__("stale edit")
        self.current = current


def fingerprint(instance, fields: Iterable[str]) -> str:
    raw = "\x1f".join(f"{name}={getattr(instance, name)!r}" for name in fields)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def check_fresh(locked_instance, fields: Iterable[str], expected: str) -> None:
    """Raise StaleEdit(the locked row) when it changed since `expected` was taken.

    Call it on a row read with `select_for_update`, so nobody writes between the check and
    the caller's save."""
    if expected and fingerprint(locked_instance, fields) != expected:
        raise StaleEdit(locked_instance)


# The fingerprint a form carries when its editor saw no row yet (a report not written):
# if someone created the row meanwhile, saving is refused as stale instead of overwriting.
NO_ROW = "absent"


def check_fresh_or_absent(locked_instance, fields: Iterable[str], expected: str) -> None:
    """check_fresh for rows that may not exist yet: `locked_instance` is None when there is
    none; a row that appeared after the editor saw `NO_ROW` is a stale edit too."""
    if locked_instance is None:
        return
    if expected == NO_ROW:
        raise StaleEdit(locked_instance)
    check_fresh(locked_instance, fields, expected)


def _value(source, name: str):
    if isinstance(source, Mapping):
        return source.get(name)
    return getattr(source, name, None)


def display(form_field, value) -> str:
    """A value as a person reads it: a choice's label, a French date, "—" for nothing."""
    if value in (None, "") or value == []:
        return "—"
    if isinstance(value, (list, tuple)):
        # A multiple choice (e.g. a JSON list of names): each item as read, joined.
        return ", ".join(display(form_field, item) for item in value)
    choices = getattr(form_field, "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, bool):
        return str(_("Oui") if value else _("Non"))
    if isinstance(value, datetime.date):  # and datetimes, in Paris time
        return long_date(value, "heure")
    return str(value)


def differences(form, current, fields: Iterable[str] | None = None) -> list[dict]:
    """Each field whose saved value differs from what the person submitted, with the
    form's label: `{"label", "saved", "mine"}` (display strings).

    `current` is the saved row (or a dict of its values); `fields` defaults to the form's
    `fingerprint_fields`. Only fields the form validated are compared: the typed values
    come from `form.cleaned_data`."""
    names = list(fields if fields is not None else form.fingerprint_fields)
    typed = getattr(form, "cleaned_data", {})
    rows = []
    for name in names:
        if name not in typed:
            continue
        saved, mine = _value(current, name), typed[name]
        if _same(saved, mine):
            continue
        form_field = form.fields[name]
        rows.append(
            {
                "label": form_field.label,
                "saved": display(form_field, saved),
                "mine": display(form_field, mine),
            }
        )
    return rows


def _same(saved, mine) -> bool:
    # A blank form value and an empty column mean the same: no difference to show.
    if saved in (None, "") and mine in (None, ""):
        return True
    return saved == mine


def rebased_form(form, current, **form_kwargs):
    """The refused submission re-bound on the saved row with that row's fingerprint: what
    the person typed stays in the fields, and saving again ("keep mine") is a choice made
    after seeing the differences, never a blind overwrite."""
    data = form.data.copy()
    data[form.add_prefix("fingerprint")] = fingerprint(current, form.fingerprint_fields)
    # A copy: validating a bound ModelForm writes the typed values onto its instance, and
    # the saved row must stay what the page shows as "theirs".
    rebased = type(form)(data, instance=copy.copy(current), **form_kwargs)
    rebased.is_valid()
    return rebased


@dataclass
class StaleChoice:
    """What `templates/includes/stale.html` shows: the message, the differences and the
    two ways out.

    "Keep mine" is the enclosing form's own submit button (an edit page: the form holds the
    typed values, re-based on the saved state, see `rebased_form`), or a button the box
    adds to that form (`keep_mine_name` / `keep_mine_value`, e.g. an autosaved item), or,
    where the box stands outside any form, its own small form posting `keep_mine_fields`
    to `keep_mine_url`. "Take theirs" is a link (htmx-enhanced with
    `take_theirs_hx_target`)."""

    message: str
    differences: list[dict] = field(default_factory=list)
    subject: str = ""  # what was being edited, when the box stands apart from its form
    note: str = ""
    take_theirs_url: str = ""
    take_theirs_label: str = _("Reprendre la version enregistrée")
    take_theirs_hx_target: str = ""
    take_theirs_dismiss: bool = False
    keep_mine_label: str = _("Enregistrer ma version")
    keep_mine_name: str = ""
    keep_mine_value: str = ""
    keep_mine_url: str = ""
    keep_mine_fields: dict = field(default_factory=dict)
    keep_mine_hx_target: str = ""


def stale_choice(
    form, stale: StaleEdit, *, message=STALE_MESSAGE, fields=None, **options
) -> StaleChoice:
    """The partial's context after `stale`, comparing what `form` holds with the saved row."""
    return StaleChoice(
        message=message, differences=differences(form, stale.current, fields), **options
    )


def refused_edit(form, stale: StaleEdit, *, message=STALE_MESSAGE, take_theirs_url: str, **kw):
    """An edit page's answer to StaleEdit: (the form re-based on the saved row, the box).

    The form keeps what the person typed and now carries the saved row's fingerprint, so
    its submit button is "keep mine"; reloading the page (`take_theirs_url`) takes theirs.
    `kw` are the form's own keyword arguments (e.g. `territory=`)."""
    choice = stale_choice(form, stale, message=message, take_theirs_url=take_theirs_url)
    return rebased_form(form, stale.current, **kw), choice
