"""Research pages: the space of a cohort, its corpus, observations, codebook, coding,
memos, the protocol, exports and their log.

Scope first (research.selectors.research_cohorts_for → else 404), then the rule (→ 403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from research import exports, selectors, services
from research.forms import (
    CodeForm,
    CodingForm,
    CorrectionForm,
    ExportForm,
    FilterForm,
    MemoForm,
    ObservationForm,
    ProtocolForm,
)
from research.models import Code, ExportFormat, ExportLog
from research.pseudonyms import Pseudonymiser, generalised_territory, screen_secret
from territories.models import Territory
from transitions import jobs
from transitions import selectors as selectors_core
from transitions.access import require, scoped_or_404
from transitions.charts import heat_map
from transitions.models import ActorCategory, Job, Meeting, Stage
from transitions.pagination import (
    ListPage,
    keyset,
    page_url,
    paginate,
    search_terms,
    wants_fragment,
)
from transitions.views import job_poll_response


def exports_span(screen, seg, spans, coding) -> tuple[int, int]:
    return (
        screen.offset(seg.text, spans, coding.start),
        screen.offset(seg.text, spans, coding.end, end=True),
    )


def _cohort(request: HttpRequest, cohort_id: int, perm: str = "research.view_space"):
    cohort = scoped_or_404(selectors.research_cohorts_for(request.user), pk=cohort_id)
    require(request.user, perm, cohort)
    return cohort


def _screen(cohort, protocol) -> Pseudonymiser:
    """What research pages show is pseudonymised too, with a key of the screen's own."""
    return Pseudonymiser.for_cohort(
        cohort, secret=screen_secret(cohort.pk), territories_named=protocol.territories_named
    )


def _territories(cohort):
    # Choices of a <select>: the name is all an option shows.
    return Territory.objects.filter(delegations__cohort=cohort).only("pk", "name").order_by("name")


def _filter_form(request, cohort) -> FilterForm:
    return FilterForm(
        request.GET or None,
        territories=_territories(cohort),
        codes=selectors.codes_of(cohort),
    )


@login_required
@require_GET
def space_list(request: HttpRequest) -> HttpResponse:
    cohorts = selectors.research_cohorts_for(request.user).order_by("-year", "name", "pk")
    return render(request, "research/space_list.html", {"cohorts": paginate(request, cohorts)})


def _heat_map(segments=None, *, counts=None) -> str:
    categories = [c for c, _label in ActorCategory.choices]
    return heat_map(
        rows=[a.code for a in selectors.axes()],
        columns=[*categories, ""],
        counts=counts if counts is not None else selectors.heat_map_counts(segments),
        title=_("Segments par axe et catégorie d'acteur"),
    )


@login_required
@require_GET
def heat_map_download(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """The space's heat map as an SVG file, for the filtered corpus (the same drawing)."""
    cohort = _cohort(request, cohort_id)
    form = _filter_form(request, cohort)
    svg = _heat_map(selectors.corpus(cohort, filters=form.filters()))
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="carte-chaleur-{cohort.pk}.svg"'
    return response


def _attendance_tables(cohort) -> dict:
    """Who was present, counted by category (never named), per meeting and per stage, as
    the core counts it (transitions.selectors.attendance_by_category): the figures a
    research-action reports (seed 002 counts élus / agents / État / socio-économiques)."""
    from transitions.models import AttendanceBucket

    buckets = AttendanceBucket.values
    meetings = selectors_core.attendance_by_category(cohort)
    stages = list(Stage.objects.filter(cohort=cohort).order_by("order").values_list("kind", "name"))
    stage_names = dict(stages)
    by_stage: dict[str, list[int]] = {}
    for row in meetings:
        totals = by_stage.setdefault(row["stage_kind"], [0] * (len(buckets) + 1))
        for i, bucket in enumerate(buckets):
            totals[i] += row["by_category"][bucket]
        totals[-1] += row["total"]
    return {
        "buckets": AttendanceBucket.choices,
        "meeting_rows": [
            (row, stage_names.get(row["stage_kind"], ""), [row["by_category"][b] for b in buckets])
            for row in meetings
        ],
        "stage_rows": [
            (name, by_stage[kind][:-1], by_stage[kind][-1])
            for kind, name in stages
            if kind in by_stage
        ],
    }


@login_required
@require_GET
def space(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    protocol = selectors.protocol_of(cohort)
    # Cached under the cohort's corpus version: a visit reads the corpus only when a
    # text, a consent, a coding or the protocol changed since the last one.
    counts = selectors.space_counts(cohort, protocol)
    context = {
        "cohort": cohort,
        "protocol": protocol,
        "segment_count": counts.segments,
        "chart": _heat_map(counts=counts.heat_map),
        "categories": ActorCategory.choices,
        "participation": counts.participation,
        "detections": selectors.detection_counts(cohort),
        "stages": Stage.objects.filter(cohort=cohort).order_by("order"),
        **_attendance_tables(cohort),
    }
    return render(request, "research/space.html", context)


@login_required
@require_POST
def detection_refresh(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Detect, in the background, every text whose detection is missing or stale."""
    cohort = _cohort(request, cohort_id, "research.add_correction")
    services.corpus_detect_later(cohort=cohort)
    messages.info(request, _("La détection des noms est relancée en arrière-plan."))
    return redirect("research:space", cohort.pk)


@login_required
@require_GET
def territories(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Each enrolled territory as research sees it: named or generalised as the protocol
    says, its diagnostic results by actor category (never per person) and its ESS map
    with organisations under their pseudonyms."""
    from diagnostics.models import Diagnostic
    from diagnostics.scores import diagnostic_results, radar_svg
    from territories.models import Delegation
    from territories.selectors import organisations_with_latest

    cohort = _cohort(request, cohort_id)
    protocol = selectors.protocol_of(cohort)
    screen = _screen(cohort, protocol)
    diagnostics = {
        d.delegation_id: d
        for d in Diagnostic.objects.filter(delegation__cohort=cohort).select_related("delegation")
    }
    rows = []
    for delegation in Delegation.objects.filter(cohort=cohort).select_related("territory"):
        territory = delegation.territory
        diagnostic = diagnostics.get(delegation.pk)
        results = diagnostic_results(diagnostic) if diagnostic else None
        organisations = [
            {
                "pseudonym": screen.organisation(o.pk),
                "legal_form": o.get_legal_form_display(),
                "relation": o.latest.get_relation_type_display() if o.latest else "",
                "since": o.latest.observed_on if o.latest else None,
                "changes": len(o.history),
            }
            for o in organisations_with_latest(territory)
        ]
        rows.append(
            {
                "label": territory.name
                if protocol.territories_named
                else generalised_territory(territory),
                "population": territory.population if protocol.territories_named else None,
                "results": results,
                "radar": radar_svg(results) if results and results.respondents else "",
                "organisations": organisations,
            }
        )
    return render(request, "research/territories.html", {"cohort": cohort, "rows": rows})


@login_required
@require_GET
def corpus(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    form = _filter_form(request, cohort)
    protocol = selectors.protocol_of(cohort)
    after = request.GET.get("after", "")
    segments, next_cursor = selectors.corpus_page(cohort, filters=form.filters(), after=after)
    # The corpus's own keyset (a segment id per source) in the shared pagination bar.
    page = ListPage(
        items=segments,
        first_url=page_url(request, after=None) if after else "",
        next_url=page_url(request, after=next_cursor) if next_cursor else "",
    )
    screen = _screen(cohort, protocol)
    spans = services.detections_for(
        cohort=cohort, segments=segments, dictionary=screen.dictionary, store=False
    )
    for s in page:
        s.display_text = screen.substitute(s.text, spans[s.id])
        s.participant = screen.person(s.author_id)
        s.territory_display = s.territory_label(protocol.territories_named)
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "research/corpus.html",
        {
            "cohort": cohort,
            "form": form,
            "page": page,
            "query": query.urlencode(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def segment(request: HttpRequest, cohort_id: int, segment_id: str) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    seg = selectors.segment_of(cohort, segment_id)
    if seg is None:
        raise Http404
    protocol = selectors.protocol_of(cohort)
    screen = _screen(cohort, protocol)
    spans = services.detections_for(
        cohort=cohort, segments=[seg], dictionary=screen.dictionary, store=False
    )[seg.id]
    text = screen.substitute(seg.text, spans)
    coding_form = CodingForm(cohort=cohort)
    memo_form = MemoForm()
    correction_form = CorrectionForm()
    if request.method == "POST":
        if request.POST.get("action") == "correction":
            require(request.user, "research.add_correction", cohort)
            correction_form = CorrectionForm(request.POST)
            if correction_form.is_valid():
                services.correction_create(
                    cohort=cohort,
                    segment_id=seg.id,
                    user=request.user,
                    **correction_form.cleaned_data,
                )
                return redirect("research:segment", cohort.pk, seg.id)
        elif request.POST.get("action") == "memo":
            require(request.user, "research.add_memo", cohort)
            memo_form = MemoForm(request.POST)
            if memo_form.is_valid():
                services.memo_create(
                    cohort=cohort,
                    author=request.user,
                    text=memo_form.cleaned_data["text"],
                    segment_id=seg.id,
                )
                return redirect("research:segment", cohort.pk, seg.id)
        else:
            require(request.user, "research.add_coding", cohort)
            coding_form = CodingForm(request.POST, cohort=cohort)
            if coding_form.is_valid():
                kind, value = coding_form.cleaned_data["code"]
                # The researcher reads (and counts in) the pseudonymised text.
                start, end = coding_form.cleaned_data["start"], coding_form.cleaned_data["end"]
                if start is not None and end is not None and end <= len(text):
                    start = screen.original_offset(seg.text, spans, start)
                    # A boundary inside a marker takes in the whole name it replaces.
                    end = screen.original_end(seg.text, spans, end)
                elif end is not None:
                    end = len(seg.text) + 1  # beyond the text: refused by the service
                try:
                    services.coding_create(
                        cohort=cohort,
                        segment=seg,
                        start=start,
                        end=end,
                        user=request.user,
                        **{kind: value},
                    )
                except ValidationError as e:
                    coding_form.add_error(None, e)
                else:
                    return redirect("research:segment", cohort.pk, seg.id)
    for c in seg.codings:
        c.passage = text[slice(*exports_span(screen, seg, spans, c))] if c.start is not None else ""
    context = {
        "cohort": cohort,
        "segment": seg,
        "text": text,
        # For review: the passages taken for other people's names (never a member's or an
        # organisation's name, an email or a phone number, which only show as markers).
        "names": [seg.text[a:b] for a, b, kind, _ref in spans if kind == "name"],
        "correction_form": correction_form,
        "length": len(text),
        "participant": screen.person(seg.author_id),
        "territory": seg.territory_label(protocol.territories_named),
        "memos": selectors.memos_of(cohort, segment_id=seg.id),
        "coding_form": coding_form,
        "memo_form": memo_form,
    }
    return render(request, "research/segment.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def observations(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    kwargs = {
        "stages": Stage.objects.filter(cohort=cohort).order_by("order"),
        "meetings": Meeting.objects.filter(stage__cohort=cohort),
        "territories": _territories(cohort),
    }
    form = ObservationForm(**kwargs)
    if request.method == "POST":
        require(request.user, "research.add_observation", cohort)
        form = ObservationForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.observation_create(cohort=cohort, author=request.user, **form.cleaned_data)
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Observation enregistrée."))
                return redirect("research:observation-list", cohort.pk)
    query = search_terms(request)
    page = keyset(
        request, selectors.observations_listed(cohort, query=query), date_field="observed_on"
    )
    template = "research/observations.html"
    if request.method == "GET" and wants_fragment(request):
        template += "#results"
    return render(
        request,
        template,
        {"cohort": cohort, "form": form, "observations": page, "filters": {"q": query}},
    )


@login_required
@require_http_methods(["GET", "POST"])
def codebook(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    form = CodeForm(cohort=cohort)
    memo_form = MemoForm()
    if request.method == "POST":
        if request.POST.get("action") == "memo":
            require(request.user, "research.add_memo", cohort)
            code = scoped_or_404(Code.objects.filter(cohort=cohort), pk=request.POST.get("code"))
            memo_form = MemoForm(request.POST)
            if memo_form.is_valid():
                services.memo_create(
                    cohort=cohort,
                    author=request.user,
                    text=memo_form.cleaned_data["text"],
                    code=code,
                )
                return redirect("research:codebook", cohort.pk)
        else:
            require(request.user, "research.add_code", cohort)
            form = CodeForm(request.POST, cohort=cohort)
            if form.is_valid():
                try:
                    services.code_create(cohort=cohort, user=request.user, **form.cleaned_data)
                except ValidationError as e:
                    form.add_error(None, e)
                else:
                    return redirect("research:codebook", cohort.pk)
    return render(
        request,
        "research/codebook.html",
        {
            "cohort": cohort,
            "principles": exports.codebook(cohort),
            "codes": selectors.codes_of(cohort),
            "memos": selectors.memos_of(cohort).filter(code__isnull=False),
            "form": form,
            "memo_form": memo_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def protocol(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id)
    current = selectors.protocol_of(cohort)
    initial = {
        "sources": current.sources,
        "categories": current.categories,
        "territories_named": "yes" if current.territories_named else "no",
    }
    form = ProtocolForm(initial=initial)
    if request.method == "POST":
        require(request.user, "research.change_protocol", cohort)
        form = ProtocolForm(request.POST)
        if form.is_valid():
            services.protocol_set(cohort=cohort, user=request.user, **form.cleaned_data)
            messages.success(request, _("Protocole enregistré."))
            return redirect("research:space", cohort.pk)
    return render(
        request, "research/protocol.html", {"cohort": cohort, "form": form, "protocol": current}
    )


def _export_jobs(cohort, user):
    return Job.objects.filter(
        kind__in=exports.JOB_KINDS, target__startswith=f"{cohort.pk}:", requested_by=user
    ).order_by("-pk")[:10]


@login_required
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id, "research.export_corpus")
    filter_form = _filter_form(request, cohort) if request.method == "GET" else None
    form = ExportForm()
    if request.method == "POST":
        filter_form = FilterForm(
            request.POST, territories=_territories(cohort), codes=selectors.codes_of(cohort)
        )
        form = ExportForm(request.POST)
        if form.is_valid() and filter_form.is_valid():
            return _export_response(request, cohort, form.cleaned_data, filter_form.filters())
    context = {
        "cohort": cohort,
        "form": form,
        "filter_form": filter_form,
        "jobs": _export_jobs(cohort, request.user),
        "dictionary": exports.DATA_DICTIONARY,
    }
    active = next((j for j in context["jobs"] if j.is_active), None)
    context["polling"] = active is not None
    if request.htmx:
        return job_poll_response(request, "research/export.html#jobs", context, active)
    return render(request, "research/export.html", context)


def _export_response(request, cohort, data: dict, filters) -> HttpResponse:
    fmt = data["format"]
    project = services.export_project_for(cohort=cohort, name=data["project"])
    log = services.export_log_create(
        cohort=cohort, project=project, user=request.user, format=fmt, filters=filters.as_dict()
    )
    exporter = exports.Exporter(cohort, project, filters)
    filename = exports.export_filename(cohort, fmt)

    def done(count: int) -> None:
        services.export_log_count(log=log, row_count=count)

    if fmt in (ExportFormat.CSV, ExportFormat.JSON):
        stream = (
            exports.csv_stream(exporter, on_done=done)
            if fmt == ExportFormat.CSV
            else exports.json_stream(exporter, on_done=done)
        )
        content_type = "text/csv" if fmt == ExportFormat.CSV else "application/json"
        response = StreamingHttpResponse(stream, content_type=f"{content_type}; charset=utf-8")
    elif fmt in (ExportFormat.CODEBOOK_CSV, ExportFormat.QDC):
        if fmt == ExportFormat.QDC:
            body = exports.qdc_bytes(cohort, exporter.pseudonymiser)
        else:
            body = exports.codebook_csv(cohort).encode()
        done(len(exports.codebook(cohort)))
        response = HttpResponse(body, content_type="text/csv" if fmt != "qdc" else "text/xml")
    else:
        size = sum(1 for _s in exporter.segments())
        if size > exports.JOB_THRESHOLD:
            jobs.job_request(
                kind=f"research_{fmt}",
                target=exports.job_target(log, size),
                content_hash=jobs.content_hash({"log": log.pk}),
                user=request.user,
            )
            messages.info(request, _("Export volumineux : il est préparé en arrière-plan."))
            return redirect("research:export", cohort.pk)
        if fmt == ExportFormat.XLSX:
            body, count = exports.xlsx_bytes(exporter)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            body, count = exports.qdpx_bytes(exporter)
            content_type = "application/zip"
        done(count)
        response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_GET
def data_dictionary(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id, "research.export_corpus")
    response = HttpResponse(exports.data_dictionary_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dictionnaire-{cohort.pk}.csv"'
    return response


@login_required
@require_GET
def export_log(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = _cohort(request, cohort_id, "research.view_exportlog")
    logs = ExportLog.objects.filter(cohort=cohort).select_related("user", "project")
    before = request.GET.get("before", "")
    if before.isdigit():
        logs = logs.filter(pk__lt=int(before))
    page = list(logs.order_by("-pk")[:50])
    return render(
        request,
        "research/export_log.html",
        {"cohort": cohort, "logs": page, "next": page[-1].pk if len(page) == 50 else None},
    )
