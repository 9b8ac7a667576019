"""Reads of research, scoped to the user: the cohorts in research scope, the protocol,
the corpus (every included text segment of a cohort, one record shape whatever its
source), its filters and keyset pages, and what the research space counts.

The corpus reads each feature app through its one public function
(`<app>.selectors.research_segments`); no feature app imports research.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from agora import selectors as agora_selectors
from diagnostics import selectors as diagnostics_selectors
from peergroups import selectors as peer_selectors
from research.models import Code, Coding, Detection, Memo, Observation, Protocol, SourceKind
from research.pseudonyms import generalised
from transitions.models import ActorCategory, Axis, Cohort, Role, StageKind
from transitions.roles import roles_of


def research_cohorts_for(user) -> QuerySet[Cohort]:
    """Cohorts whose research space the user may enter: staff, else the cohorts they
    research or facilitate. Everything else is 404."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    if user.is_staff:
        return Cohort.objects.all()
    ids = roles_of(user).cohort_ids(Role.RESEARCHER, Role.FACILITATOR)
    return Cohort.objects.filter(pk__in=ids)


def protocol_of(cohort) -> Protocol:
    """The cohort's protocol; before a facilitator set one, the default (unsaved: no
    write on GET): every source, every category, territories generalised."""
    try:
        return Protocol.objects.get(cohort=cohort)
    except Protocol.DoesNotExist:
        return Protocol(cohort=cohort)


# --- The corpus ----------------------------------------------------------------------------

# The corpus order, and the keyset cursor's first component.
SOURCE_ORDER = [
    SourceKind.DIAGNOSTIC,
    SourceKind.PEER,
    SourceKind.STATEMENT,
    SourceKind.POSITION,
    SourceKind.CARD,
    SourceKind.FORUM,
    SourceKind.ATMOSPHERE,
    SourceKind.OPPORTUNITY,
    SourceKind.OBSERVATION,
]


@dataclass
class Segment:
    id: str
    source: str
    kind: str
    stage: str
    meeting: str
    date: dt.date | None
    territory_id: int | None
    territory_name: str
    territory_kind: str
    territory_region: str
    category: str
    author_id: int | None
    axes: tuple[str, ...]
    text: str
    codings: list[Coding] = field(default_factory=list)
    # The organisation a text is attributed to (a forum's cooperation opportunity).
    organisation_id: int | None = None
    # Read with the text when the source can (field notes on PostgreSQL): the stored
    # detection's dictionary version, whether its hash is the text's, its spans and the
    # text's own spans (None if not kept) as JSON. research.services.detections_for then
    # needs no query nor hash of its own.
    detection: tuple[str, bool, str, str | None] | None = None

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return cursor_key(self.id)

    # What the corpus pages show: the source, kind and stage as people name them (the
    # values themselves, "agora.card", "key_idea", stay in exports and filters).
    @property
    def source_label(self) -> str:
        return str(SourceKind(self.source).label) if self.source in SourceKind.values else ""

    @property
    def stage_label(self) -> str:
        return str(StageKind(self.stage).label) if self.stage in StageKind.values else ""

    @property
    def kind_label(self) -> str:
        labels = _kind_labels(translation.get_language())
        kind, _sep, stance = self.kind.partition(":")
        label = labels.get(kind, kind.replace("_", " "))
        return f"{label} · {labels.get(stance, stance)}" if stance else label

    def territory_label(self, named: bool) -> str:
        if not self.territory_id:
            return ""
        if named:
            return self.territory_name
        return generalised(self.territory_kind, self.territory_region)

    @property
    def axis_codes(self) -> tuple[str, ...]:
        """The source's own axes and the axes coded by researchers, without repeats."""
        coded = [c.axis.code for c in self.codings if c.axis_id]
        return tuple(dict.fromkeys([*self.axes, *coded]))

    @property
    def research_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.code.name for c in self.codings if c.code_id))


@functools.cache
def _kind_labels(language: str | None) -> dict[str, str]:
    """Each segment kind's label, in one language (kinds come from several sources)."""
    from agora.models import CardKind, Forum, Stance, StatementKind
    from peergroups.models import ContributionKind
    from territories.models import RelationType

    labels = {}
    for choices in (StatementKind, Stance, CardKind, ContributionKind):
        labels.update({value: str(label) for value, label in choices.choices})
    labels.update({value.lower(): str(label) for value, label in RelationType.choices})
    for f in Forum._meta.get_fields():
        if getattr(f, "verbose_name", None):
            labels[f.name] = str(f.verbose_name)
    labels.update(
        {
            "field_note": str(_("note de terrain")),
            "not_held": str(_("forum non tenu")),
            "atmosphere": str(_("ambiance")),
            "position": str(_("nuance d'une catégorie")),
            "forum": str(_("déroulé du forum")),
        }
    )
    return labels


def source_of(segment_id: str) -> str:
    """A segment id is `<source>:<id>` or, for a part of a record, `<source>:<id>:<part>`
    (a forum's harvest outputs); sources hold no colon."""
    return segment_id.partition(":")[0]


def cursor_key(segment_id: str) -> tuple[int, int, str]:
    source, _sep, rest = segment_id.partition(":")
    pk, _sep, part = rest.partition(":")
    try:
        return (SOURCE_ORDER.index(source), int(pk), part)
    except ValueError:
        return (-1, -1, "")


@dataclass(frozen=True)
class Filters:
    territory: int | None = None
    stage: str = ""
    meeting: str = ""
    category: str = ""
    source: str = ""
    axis: str = ""
    code: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    words: str = ""

    def as_dict(self) -> dict:
        return {k: str(v) for k, v in self.__dict__.items() if v not in (None, "")}

    def matches(self, s: Segment) -> bool:
        if self.territory and s.territory_id != self.territory:
            return False
        if self.stage and s.stage != self.stage:
            return False
        if self.meeting and self.meeting.casefold() not in s.meeting.casefold():
            return False
        if self.category and s.category != self.category:
            return False
        if self.source and s.source != self.source:
            return False
        if self.axis and self.axis not in s.axis_codes:
            return False
        if self.code and not any(c.code_id == self.code for c in s.codings):
            return False
        if self.date_from and (s.date is None or s.date < self.date_from):
            return False
        if self.date_to and (s.date is None or s.date > self.date_to):
            return False
        if self.words:
            text = s.text.casefold()
            if not all(w in text for w in self.words.casefold().split()):
                return False
        return True


NO_FILTERS = Filters()


def _diagnostic_segments(cohort) -> Iterator[Segment]:
    for r in diagnostics_selectors.research_segments(cohort):
        yield Segment(
            id=r.id,
            source=r.source,
            kind=r.kind,
            stage=StageKind.DIAGNOSTIC,
            meeting="",
            date=r.date,
            territory_id=r.territory_id,
            territory_name=r.territory_name,
            territory_kind=r.territory_kind,
            territory_region=r.territory_region,
            category=r.category,
            author_id=r.author_id,
            axes=r.axes,
            text=r.text,
        )


def _peer_segments(cohort) -> Iterator[Segment]:
    # Nothing unshared leaves a peer group: research reads what the agora may read.
    for r in peer_selectors.research_segments(cohort):
        if not r.shared:
            continue
        yield Segment(
            id=r.id,
            source=r.source,
            kind=r.kind,
            stage=StageKind.PEER_GROUPS,
            meeting=f"#{r.session_number}",
            date=r.session_date or r.created_at.date(),
            territory_id=None,
            territory_name="",
            territory_kind="",
            territory_region="",
            category=r.category,
            author_id=r.author_id,
            axes=r.axes,
            text=r.text,
        )


def _agora_segments(cohort) -> Iterator[Segment]:
    # The agora's statements and positions, then the territorial forums' cards, records,
    # atmosphere notes and opportunities (agora.selectors.ResearchSegment says which).
    for r in agora_selectors.research_segments(cohort):
        yield Segment(
            id=r.id,
            source=r.source,
            kind=r.kind if not r.stance else f"{r.kind}:{r.stance}",
            stage=r.stage,
            meeting=r.meeting,
            date=r.date,
            territory_id=r.territory_id,
            territory_name=r.territory_name,
            territory_kind=r.territory_kind,
            territory_region=r.territory_region,
            category=r.category,
            author_id=None,
            axes=r.axes,
            text=r.text,
            organisation_id=r.organisation_id,
        )


def _last_index(source: str) -> int:
    """The last corpus position a reader's segments take (the agora reader yields both
    statements and positions)."""
    return SOURCE_ORDER.index(source)


def _observation_segments(
    cohort, after_pk: int = 0, filters=None, *, page_rows: int = 0
) -> Iterator[Segment]:
    from django.db import connection

    if connection.vendor == "postgresql":
        yield from _observation_segments_sql(cohort.pk, after_pk, filters, page_rows=page_rows)
        return
    # Elsewhere (the embedded SQLite default): plain rows, the axes fetched per chunk.
    rows = (
        Observation.objects.filter(cohort=cohort, pk__gt=after_pk)
        .order_by("pk")
        .values_list(
            "pk",
            "observed_on",
            "stage__kind",
            "meeting__title",
            "territory_id",
            "territory__name",
            "territory__kind",
            "territory__region",
            "categories",
            "text",
        )
    )
    chunk: list[tuple] = []
    for row in rows.iterator(chunk_size=OBSERVATION_CHUNK):
        chunk.append(row)
        if len(chunk) == OBSERVATION_CHUNK:
            yield from _observation_chunk(cohort.pk, chunk)
            chunk = []
    yield from _observation_chunk(cohort.pk, chunk)


OBSERVATION_CHUNK = 5000

# One keyset page of field notes with everything an export needs, computed by PostgreSQL
# (its own process, so on another core than the export's Python): the single category,
# the axes, and the stored detection with whether its hash is still the text's.
_OBSERVATION_SQL = """
SELECT o.id, o.observed_on, s.kind, m.title, o.territory_id, t.name, t.kind, t.region,
       CASE WHEN jsonb_typeof(o.categories) = 'array' AND jsonb_array_length(o.categories) = 1
            THEN o.categories ->> 0 ELSE '' END,
       o.text,
       ARRAY(SELECT oa.axis_id FROM research_observation_axes oa
             WHERE oa.observation_id = o.id),
       d.dictionary_version,
       d.text_hash = encode(sha256(convert_to(o.text, 'UTF8')), 'hex'),
       d.spans::text,
       d.text_spans::text
FROM research_observation o
LEFT JOIN transitions_stage s ON s.id = o.stage_id
LEFT JOIN transitions_meeting m ON m.id = o.meeting_id
LEFT JOIN territories_territory t ON t.id = o.territory_id
LEFT JOIN research_detection d
       ON d.cohort_id = o.cohort_id AND d.segment_id = 'research.observation:' || o.id
WHERE o.cohort_id = %s AND o.id > %s {narrowing}
ORDER BY o.id
LIMIT %s
"""


def _narrowing(filters) -> tuple[str, list]:
    """The filters PostgreSQL can apply to field notes before any row reaches Python (the
    corpus still checks every filter after: this only spares reading what they drop)."""
    if filters is None:
        return "", []
    sql, params = [], []
    if filters.territory:
        sql.append("AND o.territory_id = %s")
        params.append(filters.territory)
    if filters.stage:
        sql.append("AND s.kind = %s")
        params.append(filters.stage)
    if filters.category:
        sql.append(
            "AND jsonb_typeof(o.categories) = 'array' AND jsonb_array_length(o.categories) = 1 "
            "AND o.categories ->> 0 = %s"
        )
        params.append(filters.category)
    if filters.date_from:
        sql.append("AND o.observed_on >= %s")
        params.append(filters.date_from)
    if filters.date_to:
        sql.append("AND o.observed_on <= %s")
        params.append(filters.date_to)
    return " ".join(sql), params


def _read_observation_page(query: str, params: list) -> list[tuple]:
    """One keyset page of field notes, read in a transaction of its own."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        # Compiling this plan just in time, or starting parallel workers, costs more
        # than it saves on a page read in order.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute(query, params)
        return cursor.fetchall()


def _close_thread_connection() -> None:
    from django.db import connection

    connection.close()


def _observation_pages(query: str, params, after_pk: int, size: int = 0) -> Iterator[list[tuple]]:
    """Keyset pages of `size` rows (OBSERVATION_CHUNK by default) after `after_pk`
    (`params(pk)` gives the query's parameters for a page starting after `pk`).

    Full-size pages are for whole reads (exports, counts, detection): outside a
    transaction (a streamed response, a worker's job), the next page is then read by
    PostgreSQL on a second connection while the caller works on this one, so the export's
    Python and the database use both cores. Inside one (tests, a caller's atomic block),
    pages are read one after the other on the caller's connection, which is the only one
    that sees its uncommitted rows. Small pages (a corpus page showing 50 segments) are
    read one at a time: a reader that stops early must not pay for the next one."""
    size = size or OBSERVATION_CHUNK
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    if connection.in_atomic_block or connection.vendor != "postgresql" or size < OBSERVATION_CHUNK:
        while True:
            rows = _read_observation_page(query, params(after_pk, size))
            yield rows
            if len(rows) < size:
                return
            after_pk = rows[-1][0]
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(_read_observation_page, query, params(after_pk, size))
        try:
            while True:
                rows = pending.result()
                pending = None
                if len(rows) == size:
                    pending = pool.submit(_read_observation_page, query, params(rows[-1][0], size))
                yield rows
                if pending is None:
                    return
        finally:
            if pending is not None:  # the caller stopped early: let the read finish
                pending.cancel() or pending.exception()
            # The reading thread's own connection (Django's are per thread).
            pool.submit(_close_thread_connection).result()


def _observation_segments_sql(
    cohort_id: int, after_pk: int, filters=None, *, page_rows: int = 0
) -> Iterator[Segment]:
    """Keyset pages of OBSERVATION_CHUNK rows, each read in a transaction of its own that
    closes before any row is yielded (a consumer may stop, or write detections, between
    rows without holding a transaction open); memory stays flat."""
    source = SourceKind.OBSERVATION
    prefix = f"{source}:"
    narrowing, narrowing_params = _narrowing(filters)
    query = _OBSERVATION_SQL.replace("{narrowing}", narrowing)
    # The axes come as ids (an index-only read per row); their codes are mapped here.
    codes = dict(Axis.objects.values_list("pk", "code"))

    def params(pk: int, size: int) -> list:
        return [cohort_id, pk, *narrowing_params, size]

    for rows in _observation_pages(query, params, after_pk, page_rows):
        for (
            pk,
            observed_on,
            stage,
            meeting,
            t_id,
            t_name,
            t_kind,
            t_region,
            category,
            text,
            axes,
            version,
            fresh,
            spans,
            own,
        ) in rows:
            yield Segment(
                id=prefix + str(pk),
                source=source,
                kind="field_note",
                stage=stage or "",
                meeting=meeting or "",
                date=observed_on,
                territory_id=t_id,
                territory_name=t_name or "",
                territory_kind=t_kind or "",
                territory_region=t_region or "",
                category=category,
                # The note's author observes; the participant column names no one.
                author_id=None,
                axes=tuple(sorted(codes[a] for a in axes)) if axes else (),
                text=text,
                detection=(version, bool(fresh), spans, own) if version is not None else None,
            )


def _observation_chunk(cohort_id: int, chunk: list[tuple]) -> Iterator[Segment]:
    if not chunk:
        return
    axes: dict[int, list[str]] = defaultdict(list)
    # The chunk's ids are ascending: a range (two parameters), not an IN list of thousands.
    through = Observation.axes.through.objects.filter(
        observation_id__gte=chunk[0][0],
        observation_id__lte=chunk[-1][0],
        observation__cohort_id=cohort_id,
    ).order_by("axis__code")
    for observation_id, code in through.values_list("observation_id", "axis__code"):
        axes[observation_id].append(code)
    for pk, observed_on, stage, meeting, t_id, t_name, t_kind, t_region, categories, text in chunk:
        categories = categories or []
        yield Segment(
            id=f"{SourceKind.OBSERVATION}:{pk}",
            source=SourceKind.OBSERVATION,
            kind="field_note",
            stage=stage or "",
            meeting=meeting or "",
            date=observed_on,
            territory_id=t_id,
            territory_name=t_name or "",
            territory_kind=t_kind or "",
            territory_region=t_region or "",
            category=categories[0] if len(categories) == 1 else "",
            author_id=None,
            axes=tuple(axes.get(pk, ())),
            text=text,
        )


_READERS = {
    SourceKind.DIAGNOSTIC: _diagnostic_segments,
    SourceKind.PEER: _peer_segments,
    # One agora read gives statements, positions and the forums' sources: it runs at the
    # last of them, the earlier ones are skipped here.
    SourceKind.STATEMENT: None,
    SourceKind.POSITION: None,
    SourceKind.CARD: None,
    SourceKind.FORUM: None,
    SourceKind.ATMOSPHERE: None,
    SourceKind.OPPORTUNITY: _agora_segments,
    SourceKind.OBSERVATION: _observation_segments,
}


# The sources each reader yields (the agora's one read gives six).
_READ_BY = {
    SourceKind.DIAGNOSTIC: [SourceKind.DIAGNOSTIC],
    SourceKind.PEER: [SourceKind.PEER],
    SourceKind.OPPORTUNITY: [
        SourceKind.STATEMENT,
        SourceKind.POSITION,
        SourceKind.CARD,
        SourceKind.FORUM,
        SourceKind.ATMOSPHERE,
        SourceKind.OPPORTUNITY,
    ],
    SourceKind.OBSERVATION: [SourceKind.OBSERVATION],
}


def codings_by_segment(cohort) -> dict[str, list[Coding]]:
    out: dict[str, list[Coding]] = defaultdict(list)
    qs = Coding.objects.filter(cohort=cohort).select_related("axis", "code").order_by("pk")
    for c in qs:
        out[c.segment_id].append(c)
    return out


def corpus(
    cohort,
    *,
    filters: Filters | None = None,
    protocol: Protocol | None = None,
    after: str = "",
    page_rows: int = 0,
):
    """Every segment of the cohort the protocol includes, in corpus order, filtered;
    with `after` (a segment id), only the segments that follow it. `page_rows`: field
    notes are read that many at a time (a reader that needs only a page's worth).

    Consent is read from the feature apps at call time, so a withdrawal takes effect on
    the very next page or export."""
    protocol = protocol or protocol_of(cohort)
    filters = filters or Filters()
    filtering = filters != NO_FILTERS
    sources = set(protocol.sources)
    if filters.source:
        sources &= {filters.source}
    observed = set(protocol.categories)
    codings = codings_by_segment(cohort)
    no_codings: list[Coding] = []
    after_key = cursor_key(after) if after else None
    for index, source in enumerate(SOURCE_ORDER):
        reader = _READERS[source]
        if reader is None:
            continue
        # A reader the protocol and the filters leave nothing of is not read at all.
        if not sources & set(_READ_BY[source]):
            continue
        # Keyset: sources wholly before the cursor are not read at all, and field notes
        # (ours) start after the cursor in SQL.
        if after_key is not None and _last_index(source) < after_key[0]:
            continue
        after_pk = after_key[1] if after_key is not None and after_key[0] == index else 0
        rows = (
            reader(cohort, after_pk, filters if filtering else None, page_rows=page_rows)
            if source == SourceKind.OBSERVATION
            else reader(cohort)
        )
        for s in rows:
            if after_key is not None and s.sort_key <= after_key:
                continue
            if s.source not in sources:
                continue
            if s.category and s.category not in observed:
                continue
            s.codings = codings.get(s.id, no_codings)
            if not filtering or filters.matches(s):
                yield s


def corpus_page(
    cohort, *, filters: Filters, after: str = "", size: int = 50
) -> tuple[list[Segment], str]:
    """One keyset page: the `size` segments after the cursor (a segment id), and the
    cursor of the next page ("" on the last)."""
    page: list[Segment] = []
    # One more than the page tells whether a next page exists; filters checked in Python
    # may drop rows, and the reader then reads on, a page's worth at a time.
    for s in corpus(cohort, filters=filters, after=after, page_rows=size + 1):
        if len(page) == size:
            return page, page[-1].id
        page.append(s)
    return page, ""


def segment_of(cohort, segment_id: str) -> Segment | None:
    """One segment of the corpus (None when it is not, or no longer, included)."""
    source = source_of(segment_id)
    for s in corpus(cohort, filters=Filters(source=source)):
        if s.id == segment_id:
            return s
    return None


# --- What the research space counts ------------------------------------------------------

SPACE_CACHE_SECONDS = 3600


def _bumps_key(cohort_id: int) -> str:
    return f"research:corpus-bumps:{cohort_id}"


def corpus_bump(cohort_id: int) -> None:
    """A text the corpus reads was saved or deleted (research.receivers): every cached
    count of the cohort's corpus is out of date. The counter never expires, so a version
    never comes back."""
    from django.core.cache import cache

    key = _bumps_key(cohort_id)
    cache.add(key, 0, timeout=None)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=None)


def corpus_version(cohort) -> str:
    """What the cohort's corpus counts depend on, in four small queries: the saves and
    deletions of feature texts (counted by research.receivers), consent (read from the
    memberships, whose consent changes are bulk updates that send no signal), field
    notes, codings and the protocol. Feature texts changed without a signal (a queryset
    update, the shell) are only caught when the cached counts expire (SPACE_CACHE_SECONDS)."""
    from django.core.cache import cache
    from django.db.models import Count, Max, Q

    from transitions.models import Membership

    consent = Membership.objects.filter(cohort=cohort).aggregate(
        members=Count("pk"),
        consenting=Count("pk", filter=Q(research_consent=True)),
        at=Max("research_consent_at"),
    )
    notes = Observation.objects.filter(cohort=cohort).aggregate(n=Count("pk"), at=Max("updated_at"))
    codings = Coding.objects.filter(cohort=cohort).aggregate(n=Count("pk"), last=Max("pk"))
    protocol = Protocol.objects.filter(cohort=cohort).values_list("updated_at", flat=True).first()
    parts = [
        cache.get(_bumps_key(cohort.pk), 0),
        *consent.values(),
        *notes.values(),
        *codings.values(),
        protocol,
    ]
    import hashlib

    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


@dataclass
class SpaceCounts:
    segments: int
    heat_map: dict[tuple[str, str], int]
    participation: list


def space_counts(cohort, protocol: Protocol) -> SpaceCounts:
    """The research space's figures (segment count, heat map, participation), computed
    in one pass over the corpus and cached under the cohort and its corpus version, so a
    visit does not read the whole corpus again while nothing changed."""
    from django.core.cache import cache

    key = f"research:space:{cohort.pk}:{corpus_version(cohort)}"
    found = cache.get(key)
    if found is not None:
        return found
    heat: Counter = Counter()
    seg: dict[tuple[str, str], Counter] = defaultdict(Counter)
    people: dict[tuple[str, str], dict[str, set]] = defaultdict(lambda: defaultdict(set))
    total = 0
    for s in corpus(cohort, protocol=protocol):
        total += 1
        category = s.category or ""
        for axis in s.axis_codes:
            heat[(axis, category)] += 1
        if category:
            seg[(s.stage, s.meeting)][category] += 1
            if s.author_id:
                people[(s.stage, s.meeting)][category].add(s.author_id)
    counts = SpaceCounts(
        segments=total,
        heat_map=dict(heat),
        participation=[
            ParticipationRow(
                stage=stage,
                meeting=meeting,
                segments=dict(seg[(stage, meeting)]),
                people={c: len(ids) for c, ids in people[(stage, meeting)].items()},
            )
            for stage, meeting in sorted(seg)
        ],
    )
    cache.set(key, counts, SPACE_CACHE_SECONDS)
    return counts


def heat_map_counts(segments: Iterable[Segment]) -> dict[tuple[str, str], int]:
    """Segment counts by (axis code, actor category)."""
    counts: Counter = Counter()
    for s in segments:
        for axis in s.axis_codes:
            counts[(axis, s.category or "")] += 1
    return dict(counts)


@dataclass
class ParticipationRow:
    stage: str
    meeting: str
    segments: dict[str, int]
    people: dict[str, int]

    @property
    def stage_label(self) -> str:
        return str(StageKind(self.stage).label) if self.stage in StageKind.values else self.stage


def participation(segments: Iterable[Segment]) -> list[ParticipationRow]:
    """Per stage and meeting, segments and distinct contributors by actor category (a
    contributor is counted, never named; anonymous cards count as segments only)."""
    seg: dict[tuple[str, str], Counter] = defaultdict(Counter)
    people: dict[tuple[str, str], dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for s in segments:
        if not s.category:
            continue
        key = (s.stage, s.meeting)
        seg[key][s.category] += 1
        if s.author_id:
            people[key][s.category].add(s.author_id)
    return [
        ParticipationRow(
            stage=stage,
            meeting=meeting,
            segments=dict(seg[(stage, meeting)]),
            people={c: len(ids) for c, ids in people[(stage, meeting)].items()},
        )
        for stage, meeting in sorted(seg)
    ]


def axes() -> QuerySet[Axis]:
    return Axis.objects.select_related("principle").order_by("principle__number", "letter")


def codes_of(cohort) -> list[Code]:
    """The cohort's research codes, depth-first, each with a `depth`."""
    codes = list(Code.objects.filter(cohort=cohort).order_by("name"))
    children: dict[int | None, list[Code]] = defaultdict(list)
    for c in codes:
        children[c.parent_id].append(c)
    out: list[Code] = []

    def walk(parent_id, depth):
        for c in children.get(parent_id, []):
            c.depth = depth
            out.append(c)
            walk(c.pk, depth + 1)

    walk(None, 0)
    return out


def observations_of(cohort) -> QuerySet[Observation]:
    return (
        Observation.objects.filter(cohort=cohort)
        .select_related("stage", "meeting", "territory")
        .prefetch_related("axes")
    )


def observations_listed(cohort, *, query: str = "") -> QuerySet[Observation]:
    """The observations page: the cohort's field notes narrowed by the search box (text
    or territory); the caller pages them by (date, id)."""
    observations = observations_of(cohort)
    if query:
        observations = observations.filter(
            Q(text__icontains=query) | Q(territory__name__icontains=query)
        )
    return observations


def memos_of(cohort, *, segment_id: str = "") -> QuerySet[Memo]:
    qs = Memo.objects.filter(cohort=cohort).select_related("code")
    return qs.filter(segment_id=segment_id) if segment_id else qs


CATEGORIES = list(ActorCategory.choices)


def detection_counts(cohort) -> int:
    """How many texts of the cohort have a stored detection (fresh or not)."""
    return Detection.objects.filter(cohort=cohort).count()


def memos_by_target(cohort) -> tuple[dict[str, list[Memo]], dict[int, list[Memo]]]:
    """The cohort's memos by segment id and by research code id (oldest first)."""
    by_segment: dict[str, list[Memo]] = defaultdict(list)
    by_code: dict[int, list[Memo]] = defaultdict(list)
    for memo in Memo.objects.filter(cohort=cohort).order_by("pk"):
        if memo.segment_id:
            by_segment[memo.segment_id].append(memo)
        if memo.code_id:
            by_code[memo.code_id].append(memo)
    return by_segment, by_code
