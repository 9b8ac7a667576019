"""Writes of the ESS actor map. A relationship is never edited: a change adds a dated row."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from territories.ess_forms import ORGANISATION_FIELDS, OrganisationForm, RelationshipForm
from territories.models import (
    CooperationType,
    LegalForm,
    Organisation,
    OrganisationOrigin,
    Relationship,
    RelationType,
    Territory,
)
from transitions.concurrency import check_fresh

CSV_COLUMNS = [
    "nom",
    "forme_juridique",
    "secteurs",
    "origine",
    "siren",
    "site_web",
    "type_relation",
    "forme_relation",
    "date",
]
MAX_ROWS = 2000


@transaction.atomic
def organisation_create(
    *, territory: Territory, user, organisation: dict, relationship: dict
) -> Organisation:
    created = Organisation.objects.create(territory=territory, **organisation)
    Relationship.objects.create(
        territory=territory, organisation=created, recorded_by=user, **relationship
    )
    return created


@transaction.atomic
def organisation_update(*, organisation: Organisation, fingerprint: str, **values) -> Organisation:
    """Edit an organisation's own fields, refused (ValidationError code "stale") when the
    row changed since the page was loaded. Its relationships are not touched: they stay
    append-only (relationship_record)."""
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    check_fresh(locked, ORGANISATION_FIELDS, fingerprint)
    for name in ORGANISATION_FIELDS:
        setattr(locked, name, values[name])
    locked.full_clean(exclude=["territory"], validate_constraints=False)
    try:
        with transaction.atomic():
            locked.save(update_fields=ORGANISATION_FIELDS)
    except IntegrityError:
        # A colleague gave another organisation this name a moment ago.
        raise ValidationError({"name": _("Cette organisation figure déjà sur la carte.")}) from None
    return locked


@transaction.atomic
def relationship_record(*, organisation: Organisation, user, **fields) -> Relationship:
    """Record the relationship as of a date; earlier records stay (the evolution)."""
    return Relationship.objects.create(
        territory=organisation.territory, organisation=organisation, recorded_by=user, **fields
    )


@dataclass
class RowReport:
    line: int
    name: str
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and all(not r.errors for r in self.rows)


def _choice(value: str, choices) -> str:
    """Accept a code or a label, case-insensitively ("" stays "")."""
    value = (value or "").strip()
    if not value:
        return ""
    for code, label in choices:
        if value.lower() in (str(code).lower(), str(label).lower()):
            return code
    return value  # left as is: the form reports it as an invalid choice


def organisations_import_csv(*, territory: Territory, user, text: str) -> ImportReport:
    """All or nothing: every row is checked first; one bad row and nothing is saved."""
    report = ImportReport()
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        headers = [h.strip().lower() for h in (reader.fieldnames or [])]
        raw_rows = list(reader)
    except csv.Error:
        # e.g. a cell longer than the csv module's field limit: not a list of organisations.
        report.errors.append(_("Ce fichier n'est pas un fichier CSV (texte) lisible."))
        return report
    missing = [c for c in ("nom", "forme_juridique", "type_relation") if c not in headers]
    if missing:
        report.errors.append(
            _("Colonnes manquantes : %(cols)s. Colonnes attendues : %(all)s.")
            % {"cols": ", ".join(missing), "all": ", ".join(CSV_COLUMNS)}
        )
        return report
    parsed = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_rows, start=2):
        if index - 1 > MAX_ROWS:
            report.errors.append(_("Au plus %(n)s lignes par import.") % {"n": MAX_ROWS})
            return report
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        line = RowReport(line=index, name=row.get("nom", ""))
        org_form = OrganisationForm(
            {
                "name": row.get("nom", ""),
                "legal_form": _choice(row.get("forme_juridique", ""), LegalForm.choices),
                "sectors": row.get("secteurs", ""),
                "origin": _choice(row.get("origine", ""), OrganisationOrigin.choices),
                "siren": row.get("siren", "").replace(" ", ""),
                "website": row.get("site_web", ""),
            },
            territory=territory,
        )
        rel_form = RelationshipForm(
            {
                "relation_type": _choice(row.get("type_relation", ""), RelationType.choices),
                "cooperation_type": _choice(row.get("forme_relation", ""), CooperationType.choices),
                "observed_on": row.get("date") or datetime.date.today().isoformat(),
                "note": "",
            }
        )
        for form in (org_form, rel_form):
            if not form.is_valid():
                for name, errors in form.errors.items():
                    label = form.fields[name].label if name in form.fields else ""
                    line.errors.extend(f"{label} : {e}" if label else e for e in errors)
        key = row.get("nom", "").lower()
        if key and key in seen:
            line.errors.append(_("Cette organisation apparaît deux fois dans le fichier."))
        seen.add(key)
        report.rows.append(line)
        if not line.errors:
            parsed.append((org_form.cleaned_data, rel_form.cleaned_data))
    if not report.rows:
        report.errors.append(_("Le fichier ne contient aucune ligne."))
    if not report.ok:
        return report
    with transaction.atomic():
        for organisation, relationship in parsed:
            organisation_create(
                territory=territory, user=user, organisation=organisation, relationship=relationship
            )
    report.created = len(parsed)
    return report
