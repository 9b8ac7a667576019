"""Pseudonymisation: keyed pseudonyms and the substitution of identifying text.

A participant's pseudonym is an HMAC-SHA256 of their id under the export project's
secret: stable within a project, unrelated across projects, and not reversible by
hashing candidate ids (never a plain hash). In free text, the cohort's members' and
organisations' names become their pseudonyms, the cohort's territory names are
generalised when the protocol says so, a title followed by a capitalised name
("Mme Durand") becomes [[personne]], and emails and phone numbers never appear. Every
replacement is written between double brackets so a researcher can review it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

from django.conf import settings

from territories.selectors import research_organisations
from transitions.models import Membership

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# French numbers (0X XX XX XX XX, +33 X …, 0033 …), with spaces, dots or dashes.
PHONE_RE = re.compile(
    r"(?<!\w)(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)"
)
TITLE_NAME_RE = re.compile(
    r"\b(M\.|Mme|Mlle|Monsieur|Madame|Mademoiselle|Dr|Docteur|Maître|Me)\s+"
    r"(?:[A-ZÀ-Ý][\w'’-]+)(?:\s+[A-ZÀ-Ý][\w'’-]+)?"
)
EMAIL_MARK = "[[courriel]]"
PHONE_MARK = "[[téléphone]]"
PERSON_MARK = "[[personne]]"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """A spreadsheet cell never starts a formula: such a text is prefixed with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def screen_secret(cohort_id: int) -> str:
    """The key of the pseudonyms shown on research pages (not any export project's)."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"research-screen:{cohort_id}".encode(), hashlib.sha256
    ).hexdigest()


class Pseudonymiser:
    def __init__(
        self,
        *,
        secret: str,
        people: Iterable[tuple[int, str]] = (),
        organisations: Iterable[tuple[int, str]] = (),
        places: Iterable[tuple[str, str]] = (),
    ):
        self._key = secret.encode()
        self._names: dict[str, str] = {}
        for user_id, full_name in people:
            for variant in _name_variants(full_name):
                self._names.setdefault(variant.casefold(), self.person(user_id))
        for org_id, name in organisations:
            if name and len(name.strip()) >= 3:
                self._names.setdefault(name.strip().casefold(), self.organisation(org_id))
        for name, generalised in places:
            if name:
                self._names.setdefault(name.casefold(), generalised)
        self._names_re = None
        if self._names:
            alternatives = sorted(self._names, key=len, reverse=True)
            self._names_re = re.compile(
                r"(?<!\w)(" + "|".join(re.escape(a) for a in alternatives) + r")(?!\w)",
                re.IGNORECASE,
            )

    @classmethod
    def for_cohort(cls, cohort, *, secret: str, territories_named: bool) -> Pseudonymiser:
        from territories.models import Delegation

        people = (
            Membership.objects.filter(cohort=cohort)
            .values_list("user_id", "user__full_name")
            .distinct()
        )
        organisations = [(o.id, o.name) for o in research_organisations(cohort)]
        places = []
        if not territories_named:
            for t in Delegation.objects.filter(cohort=cohort).select_related("territory"):
                places.append((t.territory.name, generalised_territory(t.territory)))
        return cls(secret=secret, people=people, organisations=organisations, places=places)

    def _digest(self, value: str) -> str:
        return hmac.new(self._key, value.encode(), hashlib.sha256).hexdigest()

    def person(self, user_id: int | None) -> str:
        return "" if user_id is None else "P-" + self._digest(f"user:{user_id}")[:10]

    def organisation(self, org_id: int) -> str:
        return "O-" + self._digest(f"organisation:{org_id}")[:10]

    def guid(self, value: str) -> str:
        """A GUID for REFI-QDA, derived from the project key (stable within a project)."""
        h = self._digest(f"guid:{value}")
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"

    def text(self, text: str) -> str:
        if not text:
            return ""
        text = EMAIL_RE.sub(EMAIL_MARK, text)
        text = PHONE_RE.sub(PHONE_MARK, text)
        if self._names_re is not None:
            text = self._names_re.sub(lambda m: f"[[{self._names[m.group(0).casefold()]}]]", text)
        return TITLE_NAME_RE.sub(lambda m: f"{m.group(1)} {PERSON_MARK}", text)


def _name_variants(full_name: str) -> list[str]:
    """ "Élise Élue" is written "Élise Élue" or "Élue Élise"; single words are not
    replaced on their own (a surname such as "État" is also a common word)."""
    parts = (full_name or "").split()
    if len(parts) < 2:
        return [full_name] if full_name and len(full_name) >= 3 else []
    return [" ".join(parts), " ".join(parts[1:] + parts[:1])]


def generalised_territory(territory) -> str:
    return generalised(territory.kind, territory.region)


def generalised(kind: str, region: str) -> str:
    """A territory as a generalised protocol shows it: its kind and region codes."""
    return f"{kind} · {region}"
