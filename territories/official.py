"""The official administrative reference: Etalab's `@etalab/decoupage-administratif`.

The npm package (pinned in package.json, installed by `npm ci` from `make run` and `make
test`) ships the State's lists as JSON. `official_reference_import` loads them into
`OfficialTerritory` rows in bulk — current communes, EPCI (communes' groupings with their
own taxation), départements and régions — and records the package version. It is
idempotent: a rerun on the same files writes nothing but the version's import date. When a
new version changes the population, the intercommunality, the member communes or the name
of an entry a territory enrolled in a cohort points at, it records an `OfficialChange`
that the territory's facilitators see.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from territories.models import (
    OfficialChange,
    OfficialChangeField,
    OfficialDataVersion,
    OfficialTerritory,
    Territory,
    TerritoryKind,
)

PACKAGE = "@etalab/decoupage-administratif"
DEFAULT_SOURCE = Path(settings.BASE_DIR) / "node_modules" / PACKAGE

# INSEE région code → the platform's region choice (territories.models.Region).
REGION_BY_INSEE = {
    "84": "ARA",
    "27": "BFC",
    "53": "BRE",
    "24": "CVL",
    "94": "COR",
    "44": "GES",
    "32": "HDF",
    "11": "IDF",
    "28": "NOR",
    "75": "NAQ",
    "76": "OCC",
    "52": "PDL",
    "93": "PAC",
    "01": "GUA",
    "03": "GUY",
    "02": "MAR",
    "04": "LRE",
    "06": "MAY",
}

EPCI_KINDS = {
    "CC": TerritoryKind.CC,
    "CA": TerritoryKind.CA,
    "CU": TerritoryKind.CU,
    "METRO": TerritoryKind.METROPOLE,
    "MET69": TerritoryKind.METROPOLE,  # the Métropole de Lyon, a collectivité à statut particulier
}

REFERENCE_KINDS = {
    TerritoryKind.COMMUNE,
    TerritoryKind.CC,
    TerritoryKind.CA,
    TerritoryKind.CU,
    TerritoryKind.METROPOLE,
    TerritoryKind.DEPARTEMENT,
    TerritoryKind.REGION,
}

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Lower case, no accents, every run of punctuation or spaces one space:
    "Loos-en-Gohelle" and "loos  en GOHELLE" both give "loos en gohelle"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.lower().replace("œ", "oe").replace("æ", "ae")
    return _NON_ALNUM.sub(" ", bare).strip()


class ReferenceMissing(Exception):
    """The reference's files are not where the import looks for them."""


# The values an import compares (and writes) for each entry.
VALUE_FIELDS = [
    "siren",
    "name",
    "postcodes",
    "population",
    "departement",
    "region",
    "epci_code",
    "search",
    "withdrawn",
]


def _entry(kind, code, name, *, siren="", postcodes=(), population=None, dep="", reg="", epci=""):
    postcodes = " ".join(sorted(set(postcodes)))
    search = " ".join(part for part in (normalise(name), code.lower(), siren, postcodes) if part)
    return (kind, code), {
        "siren": siren,
        "name": name,
        "postcodes": postcodes,
        "population": population,
        "departement": dep,
        "region": reg,
        "epci_code": epci,
        "search": search[:400],
        "withdrawn": False,
    }


def read_reference(source: Path) -> tuple[str, dict[tuple[str, str], dict]]:
    """The package's version and its entries, keyed by (kind, code)."""
    data = source / "data"
    try:
        version = json.loads((source / "package.json").read_text())["version"]
        communes = json.loads((data / "communes.json").read_text())
        epcis = json.loads((data / "epci.json").read_text())
        departements = json.loads((data / "departements.json").read_text())
        regions = json.loads((data / "regions.json").read_text())
    except FileNotFoundError as error:
        raise ReferenceMissing(str(error)) from None

    epci_of: dict[str, str] = {}
    for epci in epcis:
        for member in epci.get("membres", []):
            epci_of[member["code"]] = epci["code"]

    entries: dict[tuple[str, str], dict] = {}
    for region in regions:
        key, values = _entry(
            TerritoryKind.REGION, region["code"], region["nom"], reg=region["code"]
        )
        entries[key] = values
    for dep in departements:
        key, values = _entry(
            TerritoryKind.DEPARTEMENT,
            dep["code"],
            dep["nom"],
            dep=dep["code"],
            reg=dep.get("region", ""),
        )
        entries[key] = values
    commune_place: dict[str, tuple[str, str]] = {}
    for commune in communes:
        # Only current communes: delegated and associated communes, and the municipal
        # arrondissements of Paris, Lyon and Marseille, are no local authority to enrol.
        if commune.get("type") != "commune-actuelle":
            continue
        dep, reg = commune.get("departement", ""), commune.get("region", "")
        commune_place[commune["code"]] = (dep, reg)
        key, values = _entry(
            TerritoryKind.COMMUNE,
            commune["code"],
            commune["nom"],
            siren=commune.get("siren", ""),
            postcodes=commune.get("codesPostaux", []),
            population=commune.get("population"),
            dep=dep,
            reg=reg,
            epci=epci_of.get(commune["code"], ""),
        )
        entries[key] = values
    for epci in epcis:
        kind = EPCI_KINDS.get(epci["type"])
        if kind is None:
            continue
        # An EPCI's département and région: those of most of its member communes.
        places = Counter(commune_place.get(m["code"], ("", "")) for m in epci.get("membres", []))
        dep, reg = places.most_common(1)[0][0] if places else ("", "")
        key, values = _entry(
            kind,
            epci["code"],
            epci["nom"],
            siren=epci["code"],
            population=epci.get("populationTotale"),
            dep=dep,
            reg=reg,
        )
        entries[key] = values
    return version, entries


@dataclass
class ImportResult:
    version: str
    created: int = 0
    updated: int = 0
    withdrawn: int = 0
    deleted: int = 0
    changes: list[OfficialChange] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _members(rows: dict[tuple[str, str], dict]) -> dict[str, set[str]]:
    members: dict[str, set[str]] = {}
    for (kind, code), values in rows.items():
        if kind == TerritoryKind.COMMUNE and values["epci_code"] and not values["withdrawn"]:
            members.setdefault(values["epci_code"], set()).add(code)
    return members


def _names(codes, rows) -> str:
    return ", ".join(sorted(rows.get((TerritoryKind.COMMUNE, c), {}).get("name", c) for c in codes))


@transaction.atomic
def official_reference_import(*, source: Path = DEFAULT_SOURCE) -> ImportResult:
    """Load the reference at `source` (the npm package's folder, or one with the same
    layout). Raises ReferenceMissing when its files are absent."""
    version, entries = read_reference(source)
    existing: dict[tuple[str, str], dict] = {}
    pks: dict[tuple[str, str], int] = {}
    for row in OfficialTerritory.objects.values("pk", "kind", "code", *VALUE_FIELDS):
        key = (row.pop("kind"), row.pop("code"))
        pks[key] = row.pop("pk")
        existing[key] = row

    # Entries a territory points at are kept when the reference drops them (withdrawn);
    # the others go.
    referenced = set(
        Territory.objects.filter(official__isnull=False).values_list("official_id", flat=True)
    )
    gone = [key for key in existing if key not in entries]
    withdraw = [k for k in gone if pks[k] in referenced and not existing[k]["withdrawn"]]
    delete = [pks[k] for k in gone if pks[k] not in referenced]
    new_rows = dict(entries)
    for key in gone:
        if pks[key] in referenced:
            new_rows[key] = {**existing[key], "withdrawn": True}

    to_write = [
        OfficialTerritory(kind=kind, code=code, **values)
        for (kind, code), values in new_rows.items()
        if existing.get((kind, code)) != values
    ]
    result = ImportResult(version=version)
    result.created = sum(1 for o in to_write if (o.kind, o.code) not in existing)
    result.updated = len(to_write) - result.created - len(withdraw)
    result.withdrawn = len(withdraw)
    result.deleted = len(delete)
    if delete:
        OfficialTerritory.objects.filter(pk__in=delete).delete()
    OfficialTerritory.objects.bulk_create(
        to_write,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["kind", "code"],
        update_fields=VALUE_FIELDS,
    )

    counts = Counter(kind for (kind, _code) in entries)
    result.counts = {
        "communes": counts[TerritoryKind.COMMUNE],
        "epcis": sum(counts[k] for k in set(EPCI_KINDS.values())),
        "departements": counts[TerritoryKind.DEPARTEMENT],
        "regions": counts[TerritoryKind.REGION],
    }
    if to_write or delete:
        _refresh_search_index()
    record, _created = OfficialDataVersion.objects.update_or_create(
        version=version, defaults=result.counts
    )
    if existing:
        result.changes = _record_changes(record, existing, new_rows)
    return result


# Created by migration territories/0004 on PostgreSQL only.
SEARCH_INDEX = "territories_official_search_trgm"


def _refresh_search_index() -> None:
    """On PostgreSQL, move the rows just written out of the trigram index's pending list
    (else every search walks it: 5 ms instead of 0.1 ms) and refresh the planner's
    statistics (else it prefers a sequential scan)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [SEARCH_INDEX])
        cursor.execute("ANALYZE territories_officialterritory")


def _record_changes(version, before_rows, after_rows) -> list[OfficialChange]:
    """What changed for territories enrolled in a cohort (only theirs: a facilitator has
    no use for the 35,000 population updates of a new year)."""
    enrolled = list(
        Territory.objects.filter(official__isnull=False, delegations__isnull=False)
        .select_related("official")
        .distinct()
    )
    if not enrolled:
        return []
    members_before, members_after = _members(before_rows), _members(after_rows)
    changes: list[OfficialChange] = []

    def add(territory, name, before, after):
        changes.append(
            OfficialChange(
                version=version,
                territory=territory,
                field=name,
                before="" if before is None else str(before),
                after="" if after is None else str(after),
            )
        )

    for territory in enrolled:
        key = (territory.official.kind, territory.official.code)
        before, after = before_rows.get(key), after_rows.get(key)
        if before is None or after is None:
            continue
        if after["withdrawn"] and not before["withdrawn"]:
            add(territory, OfficialChangeField.WITHDRAWN, before["name"], "")
            continue
        if before["name"] != after["name"]:
            add(territory, OfficialChangeField.NAME, before["name"], after["name"])
        if before["population"] != after["population"]:
            add(
                territory, OfficialChangeField.POPULATION, before["population"], after["population"]
            )
        if key[0] == TerritoryKind.COMMUNE and before["epci_code"] != after["epci_code"]:
            add(
                territory,
                OfficialChangeField.EPCI,
                _epci_label(before["epci_code"], before_rows),
                _epci_label(after["epci_code"], after_rows),
            )
        if key[0] in EPCI_KINDS.values():
            old, new = members_before.get(key[1], set()), members_after.get(key[1], set())
            if old != new:
                add(
                    territory,
                    OfficialChangeField.MEMBERS,
                    _names(old - new, before_rows),
                    _names(new - old, after_rows),
                )
    OfficialChange.objects.bulk_create(changes)
    return changes


def _epci_label(code: str, rows) -> str:
    if not code:
        return ""
    for kind in set(EPCI_KINDS.values()):
        if (kind, code) in rows:
            return f"{rows[(kind, code)]['name']} ({code})"
    return code
