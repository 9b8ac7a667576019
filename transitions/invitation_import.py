"""Bulk invitation from a CSV file: all or nothing, with a per-row report in French.

Columns: email, full name, role, category, territory code, and an optional sub-role
(``sous-rôle``, checked against the category with SUB_ROLES_BY_CATEGORY). Files come from spreadsheets
saved on French desktops, so we accept UTF-8 (with or without BOM) and Latin-1 /
Windows-1252, comma or semicolon separated, with or without a header row, and role and
category names written the way people write them ("Élu·e", "agent de l'Etat", "ELU").
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from transitions.models import (
    ROLES_WITH_CATEGORY,
    SUB_ROLES_BY_CATEGORY,
    ActorCategory,
    Cohort,
    Invitation,
    Role,
    SubRole,
    User,
)
from transitions.services import invitations_create_many

MAX_BYTES = 1_000_000
MAX_ROWS = 2000


def _norm(value: str) -> str:
    value = unicodedata.normalize("NFKD", value or "")
    value = "".join(c for c in value if not unicodedata.combining(c)).lower()
    value = value.replace("·e", "").replace("·", "").replace("(e)", "")
    return re.sub(r"[^a-z0-9]+", " ", value).strip()


ROLE_ALIASES = {
    Role.FACILITATOR: ["facilitator", "animateur", "animatrice", "animateur rice", "animation"],
    Role.AGENT: [
        "agent",
        "agente",
        "agent de territoire",
        "agente de territoire",
        "territory agent",
    ],
    Role.PARTICIPANT: ["participant", "participante"],
    Role.RESEARCHER: ["researcher", "chercheur", "chercheuse", "chercheur e", "recherche"],
}
CATEGORY_ALIASES = {
    ActorCategory.ELU: ["elu", "elue", "elus", "elu e", "elected official"],
    ActorCategory.AGENT_COLLECTIVITE: [
        "agent collectivite",
        "agent de collectivite",
        "agente de collectivite",
        "agent de la collectivite",
        "agent territorial",
        "agents",
    ],
    ActorCategory.AGENT_ETAT: ["agent etat", "agent de l etat", "agente de l etat", "etat"],
    ActorCategory.ACTEUR_SOCIO_ECONOMIQUE: [
        "acteur socio economique",
        "acteur rice socio economique",
        "actrice socio economique",
        "socio economique",
        "acteur ess",
        "ess",
    ],
}


def _lookup(aliases: dict, raw: str) -> str | None:
    key = _norm(raw)
    for value, names in aliases.items():
        if key == _norm(value) or key in names or key == _norm(str(value.label)):
            return str(value)
    return None


EMAIL_MAX_LENGTH = Invitation._meta.get_field("email").max_length
FULL_NAME_MAX_LENGTH = Invitation._meta.get_field("full_name").max_length

HEADER_NAMES = {
    "email": {"email", "e mail", "courriel", "adresse e mail", "mail"},
    "full_name": {"nom", "nom complet", "full name", "name", "prenom nom", "nom prenom"},
    "role": {"role"},
    "category": {"categorie", "category", "categorie d acteur"},
    "territory_code": {"code territoire", "territory code", "code", "territoire", "code officiel"},
    "sub_role": {"sous role", "sub role", "fonction"},
}
COLUMNS = ["email", "full_name", "role", "category", "territory_code"]
# Optional columns: read when present (by header, or in this order after COLUMNS), never required.
OPTIONAL_COLUMNS = ["sub_role"]


def _sub_role_lookup(raw: str) -> str | None:
    """A sub-role written as its code or its French label ("Adjoint·e", "adjointe", "DGS")."""
    key = _norm(raw)
    for value in SubRole:
        if key in (_norm(value.value), _norm(str(value.label))):
            return value.value
    return None


def _sub_roles_of(category: str) -> str:
    return ", ".join(str(SubRole(s).label) for s in SUB_ROLES_BY_CATEGORY.get(category, ()))


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not) first; anything that is not UTF-8 is read as Windows-1252/Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first.count(";") > first.count(",") else ","


@dataclass
class ImportReport:
    rows: list[dict] = field(default_factory=list)  # {"line", "email", "errors": [...]}
    errors: list[str] = field(default_factory=list)  # file-level problems
    created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and all(not r["errors"] for r in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.errors) + sum(1 for r in self.rows if r["errors"])


def parse_and_validate(*, cohort: Cohort, data: bytes) -> tuple[ImportReport, list[dict]]:
    report = ImportReport()
    if len(data) > MAX_BYTES:
        report.errors.append(_("Le fichier dépasse 1 Mo : découpez-le en plusieurs fichiers."))
        return report, []
    if b"\x00" in data:
        report.errors.append(_("Ce fichier n'est pas un fichier CSV (texte) lisible."))
        return report, []
    text = decode(data)
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    try:
        lines = [(n, row) for n, row in enumerate(reader, start=1) if any(c.strip() for c in row)]
    except csv.Error:
        # e.g. a cell longer than the csv module's field limit: not a list of people.
        report.errors.append(_("Ce fichier n'est pas un fichier CSV (texte) lisible."))
        return report, []
    if not lines:
        report.errors.append(_("Le fichier est vide."))
        return report, []
    mapping = {name: index for index, name in enumerate(COLUMNS + OPTIONAL_COLUMNS)}
    first_line, first = lines[0]
    if "@" not in (first[0] if first else ""):
        header = [_norm(c) for c in first]
        found = {}
        for name, names in HEADER_NAMES.items():
            for index, cell in enumerate(header):
                if cell in names:
                    found[name] = index
                    break
        missing = [n for n in COLUMNS if n not in found]
        if missing:
            report.errors.append(
                _(
                    "Ligne %(line)s : en-tête non reconnu. Colonnes attendues : adresse e-mail, nom "
                    "complet, rôle, catégorie, code territoire."
                )
                % {"line": first_line}
            )
            return report, []
        for name in OPTIONAL_COLUMNS:
            for index, cell in enumerate(header):
                if cell in HEADER_NAMES[name]:
                    found[name] = index
                    break
        mapping = found
        lines = lines[1:]
    if not lines:
        report.errors.append(_("Le fichier ne contient aucune personne à inviter."))
        return report, []
    if len(lines) > MAX_ROWS:
        report.errors.append(
            _("Le fichier compte plus de %(max)s lignes : découpez-le.") % {"max": MAX_ROWS}
        )
        return report, []

    delegations = {
        d.territory.code.upper(): d for d in cohort.delegations.select_related("territory")
    }
    # Existing members and pending invitations, read once (not one query per row).
    members = {(e.lower(), r) for e, r in cohort.memberships.values_list("user__email", "role")}
    pending = {
        (e.lower(), r)
        for e, r in cohort.invitations.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        ).values_list("email", "role")
    }
    seen: dict[tuple[str, str], int] = {}
    valid_rows: list[dict] = []
    for line, row in lines:
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in mapping.items()}
        cells.setdefault("sub_role", "")
        errors: list[str] = []
        email = cells["email"].lower()
        try:
            validate_email(email)
            if len(email) > EMAIL_MAX_LENGTH:
                raise ValidationError("too long")
        except ValidationError:
            errors.append(_("adresse e-mail invalide « %(value)s »") % {"value": cells["email"]})
        if len(cells["full_name"]) > FULL_NAME_MAX_LENGTH:
            errors.append(
                _("nom trop long (%(count)s caractères, %(max)s au plus)")
                % {"count": len(cells["full_name"]), "max": FULL_NAME_MAX_LENGTH}
            )
        role = _lookup(ROLE_ALIASES, cells["role"])
        if role is None:
            errors.append(_("rôle inconnu « %(value)s »") % {"value": cells["role"]})
        category = ""
        delegation = None
        if role in ROLES_WITH_CATEGORY:
            category = _lookup(CATEGORY_ALIASES, cells["category"]) or ""
            if not cells["category"]:
                errors.append(_("catégorie d'acteur manquante"))
            elif not category:
                errors.append(
                    _(
                        "catégorie inconnue « %(value)s » (élu·e, agent·e de collectivité, "
                        "agent·e de l'État ou acteur·rice socio-économique)"
                    )
                    % {"value": cells["category"]}
                )
            code = cells["territory_code"].upper()
            if not code:
                errors.append(_("code territoire manquant"))
            else:
                delegation = delegations.get(code)
                if delegation is None:
                    errors.append(
                        _("territoire inconnu « %(value)s » dans cette cohorte")
                        % {"value": cells["territory_code"]}
                    )
        sub_role = ""
        if cells["sub_role"]:
            sub_role = _sub_role_lookup(cells["sub_role"]) or ""
            if role is not None and role not in ROLES_WITH_CATEGORY:
                errors.append(
                    _("sous-rôle « %(value)s » : seul·es les agent·es et participant·es en ont un")
                    % {"value": cells["sub_role"]}
                )
            elif not sub_role:
                errors.append(_("sous-rôle inconnu « %(value)s »") % {"value": cells["sub_role"]})
            elif category and sub_role not in SUB_ROLES_BY_CATEGORY.get(category, ()):
                errors.append(
                    _(
                        "sous-rôle « %(value)s » impossible pour la catégorie %(category)s "
                        "(possibles : %(choices)s)"
                    )
                    % {
                        "value": cells["sub_role"],
                        "category": ActorCategory(category).label,
                        "choices": _sub_roles_of(category),
                    }
                )
        if role and not any("e-mail" in e for e in errors):
            key = (email, role)
            if key in seen:
                errors.append(
                    _("doublon : même adresse et même rôle qu'à la ligne %(line)s")
                    % {"line": seen[key]}
                )
            else:
                seen[key] = line
                if key in members:
                    errors.append(_("déjà membre de la cohorte avec ce rôle"))
                elif key in pending:
                    errors.append(_("une invitation en attente existe déjà pour ce rôle"))
        report.rows.append({"line": line, "email": cells["email"], "errors": errors})
        if not errors:
            valid_rows.append(
                {
                    "email": email,
                    "full_name": cells["full_name"],
                    "role": role,
                    "category": category,
                    "delegation": delegation,
                    "sub_role": sub_role,
                }
            )
    return report, valid_rows


def invitations_import(*, cohort: Cohort, data: bytes, invited_by: User | None) -> ImportReport:
    """Validate every row first; create the invitations only when no row is wrong."""
    report, rows = parse_and_validate(cohort=cohort, data=data)
    if report.ok:
        report.created = len(
            invitations_create_many(cohort=cohort, rows=rows, invited_by=invited_by)
        )
    return report
