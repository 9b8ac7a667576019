"""The whole demo reads true (issue 11 item 6): each territory its own profile, diagnostics
at believable points whose levels differ by category as the method expects, no text
written twice, four peer groups with cards in three sessions, and an agora whose stage
matches its content."""

from __future__ import annotations

from statistics import mean

import pytest
from django.utils import timezone

from agora.demo import load_agora_demo
from agora.models import Position, Statement
from diagnostics.demo_content import OBSERVATIONS, STAGES
from diagnostics.models import Answer, Diagnostic
from peergroups.models import Contribution, PeerGroup, PeerSession
from territories.demo_content import TERRITORIES
from territories.models import Organisation, PilotProject, Relationship, Territory
from transitions import demo
from transitions.models import ActorCategory, StageKind, StageStatus

pytestmark = pytest.mark.django_db

ELU = ActorCategory.ELU
AGENT = ActorCategory.AGENT_COLLECTIVITE
ETAT = ActorCategory.AGENT_ETAT
ESS = ActorCategory.ACTEUR_SOCIO_ECONOMIQUE


@pytest.fixture
def cohort():
    demo.load_demo()
    return demo.demo_cohort()


def test_each_of_the_ten_territories_has_its_own_profile_and_facts(cohort):
    profiles = Answer.objects.filter(
        diagnostic__delegation__cohort=cohort, question__code__startswith="profile."
    )
    assert profiles.values("diagnostic").distinct().count() == 10
    texts = list(profiles.values_list("text", flat=True))
    assert len(texts) == 50 and all(texts)
    assert len(set(texts)) == len(texts), "a profile text is repeated"
    for territory in Territory.objects.filter(delegations__cohort=cohort):
        content = TERRITORIES[territory.code]
        assert territory.political_label == content["political_label"]
        assert territory.maturity == content["maturity"] in {"beginner", "experienced"}
        names = set(Organisation.objects.filter(territory=territory).values_list("name", flat=True))
        # (the forums' demo may add an invited structure beside the map's)
        assert {o["name"] for o in content["organisations"]} <= names
    # Every organisation has its ESS character in the data, waiting for the model's facet.
    for content in TERRITORIES.values():
        for organisation in content["organisations"]:
            assert organisation["ess_character"] in {
                "associative",
                "cooperative",
                "commercial",
                "professional",
                "citizen",
            }


def test_diagnostics_stand_at_four_believable_points(cohort):
    by_code = {
        d.delegation.territory.code: d
        for d in Diagnostic.objects.filter(delegation__cohort=cohort).select_related(
            "delegation__territory"
        )
    }
    assert set(by_code) == set(STAGES)
    assert set(STAGES.values()) == {"not_started", "in_progress", "submitted", "validated"}
    for code, stage in STAGES.items():
        diagnostic = by_code[code]
        axis_answers = diagnostic.answers.filter(respondent__isnull=False)
        expected_status = {"submitted": "submitted", "validated": "validated"}.get(stage, "draft")
        assert diagnostic.status == expected_status, code
        if stage == "not_started":
            assert not axis_answers.exists()
            continue
        per_category = {
            category: axis_answers.filter(category=category).values("respondent").distinct().count()
            for category in ActorCategory.values
        }
        # 33 axes, P2-d rated on three dimensions on questionnaire 2.
        items = diagnostic.questionnaire.questions.filter(section="axis").count()
        if stage == "in_progress":
            assert 0 < axis_answers.count() < items * 8
        else:
            assert all(n >= 2 for n in per_category.values()), (code, per_category)
            assert axis_answers.count() == items * sum(per_category.values())
    assert Diagnostic.objects.filter(delegation__cohort=cohort, status="validated").count() == 2


def test_levels_differ_by_category_as_the_method_expects(cohort):
    answers = Answer.objects.filter(
        diagnostic__delegation__cohort=cohort,
        diagnostic__status__in=["submitted", "validated"],
        level__gte=0,
    )

    def mean_level(category: str, axis: str, dimension: str = "") -> float:
        chosen = answers.filter(category=category, question__axis__code=axis)
        if dimension:
            chosen = chosen.filter(question__cooperation_dimension=dimension)
        return mean(chosen.values_list("level", flat=True))

    # ESS actors see less transversal cooperation than elected officials do.
    assert mean_level(ESS, "P2-d", "transversal") < mean_level(ELU, "P2-d", "transversal")
    # State officials see the rules: less room for error than elected officials see.
    assert mean_level(ETAT, "P2-i") < mean_level(ELU, "P2-i")
    # Local-authority staff carry the workload: engagement wears them out.
    assert mean_level(AGENT, "P1-g") < mean_level(ELU, "P1-g")
    # Two respondents of one category do not answer identically everywhere.
    diagnostic = Diagnostic.objects.filter(delegation__cohort=cohort, status="validated").first()
    elu_levels = {}
    for answer in diagnostic.answers.filter(category=ELU).select_related("question"):
        elu_levels.setdefault(answer.respondent_id, {})[answer.question.code] = answer.level
    first, second = list(elu_levels.values())[:2]
    assert first != second


def test_no_observation_is_written_twice_and_each_sits_on_one_axis(cohort):
    # Both cohorts: the finished one's diagnostic (Lavergne-sur-Cher) says its own things.
    cohorts = [cohort, demo.finished_demo_cohort()]
    observations = Answer.objects.filter(
        diagnostic__delegation__cohort__in=cohorts, respondent__isnull=False
    ).exclude(text="")
    texts = list(observations.values_list("text", flat=True))
    assert len(texts) == sum(len(rows) for rows in OBSERVATIONS.values())
    assert len(set(texts)) == len(texts), "an observation is repeated"
    for text in set(texts):
        assert observations.filter(text=text).values("question__code").distinct().count() == 1
    quoted = observations.filter(quoted=True)
    assert quoted.exists() and quoted.count() == quoted.values("text").distinct().count()
    shared_texts = list(
        Answer.objects.filter(diagnostic__delegation__cohort__in=cohorts, respondent__isnull=True)
        .exclude(text="")
        .values_list("text", flat=True)
    )
    assert len(set(shared_texts)) == len(shared_texts), "a profile or synthesis is repeated"


def test_the_finished_cohort_has_one_validated_diagnostic_dated_in_its_stage(cohort):
    from diagnostics.demo_content import FINISHED_STAGES

    finished = demo.finished_demo_cohort()
    diagnostics = Diagnostic.objects.filter(delegation__cohort=finished)
    assert {d.delegation.territory.code: d.status for d in diagnostics} == {
        code: "validated" for code in FINISHED_STAGES
    }
    diagnostic = diagnostics.get()
    stage = finished.stages.get(kind=StageKind.DIAGNOSTIC)
    for moment in (diagnostic.created_at, diagnostic.submitted_at, diagnostic.validated_at):
        assert stage.opens_on <= timezone.localdate(moment) <= stage.closes_on
    assert diagnostic.created_at < diagnostic.submitted_at < diagnostic.validated_at
    axis_answers = diagnostic.answers.filter(respondent__isnull=False)
    per_category = {
        category: axis_answers.filter(category=category).values("respondent").distinct().count()
        for category in ActorCategory.values
    }
    assert all(n == 2 for n in per_category.values()), per_category
    items = diagnostic.questionnaire.questions.filter(section="axis").count()
    assert axis_answers.count() == items * 8
    # As the method expects, here too: staff tire sooner than elected officials think.
    levels = axis_answers.filter(question__axis__code="P1-g", level__gte=0)
    assert mean(levels.filter(category=AGENT).values_list("level", flat=True)) < mean(
        levels.filter(category=ELU).values_list("level", flat=True)
    )


def test_the_four_peer_groups_have_cards_in_their_three_sessions(cohort):
    groups = PeerGroup.objects.filter(cohort=cohort)
    assert groups.count() == 4
    for group in groups:
        sessions = list(group.sessions.order_by("number"))
        assert [s.number for s in sessions] == [1, 2, 3]
        assert all(s.contributions.exists() for s in sessions), group
        assert [s.status for s in sessions] == ["closed", "closed", "open"]
        assert sessions[0].starts_at < sessions[1].starts_at < sessions[2].starts_at
        kinds = set(
            Contribution.objects.filter(session__group=group).values_list("kind", flat=True)
        )
        assert kinds == {"constraint", "expectation", "commitment"}, group
        for card in Contribution.objects.filter(session__group=group, kind="expectation"):
            assert card.target_category and card.target_category != group.category
        authors = Contribution.objects.filter(session__group=group).values("author").distinct()
        assert authors.count() > 1
    texts = list(
        Contribution.objects.filter(session__group__cohort=cohort).values_list("text", flat=True)
    )
    assert len(set(texts)) == len(texts), "a peer card is repeated"
    assert not PeerSession.objects.filter(group__cohort=cohort, starts_at__isnull=True).exists()


def test_an_upcoming_agora_is_empty_and_an_open_one_holds_positions(cohort):
    from transitions.services import stage_set_status

    agora_stage = cohort.stages.get(kind=StageKind.AGORA)
    assert agora_stage.status == StageStatus.UPCOMING
    assert not Statement.objects.filter(agora__cohort=cohort).exists()
    assert not Position.objects.filter(statement__agora__cohort=cohort).exists()

    stage_set_status(stage=agora_stage, status=StageStatus.OPEN)
    load_agora_demo()
    statements = Statement.objects.filter(agora__cohort=cohort)
    assert statements.count() >= 5
    for statement in statements:
        assert statement.positions.count() == 4
        assert statement.sources.exists()
        assert all(source.shared for source in statement.sources.all())
    assert {"shared_constraint", "shared_expectation", "proposal"} <= set(
        statements.values_list("kind", flat=True)
    )
    # Consensus and dissensus are read from the positions, not typed: the demo shows both.
    from agora.selectors import position_matrix

    readings = {row.verdict for row in position_matrix(cohort.agora)}
    assert {"consensus", "dissensus"} <= readings
    before = (Statement.objects.count(), Position.objects.count())
    load_agora_demo()
    assert (Statement.objects.count(), Position.objects.count()) == before


def test_loading_the_whole_demo_twice_changes_no_count(cohort):
    from django.apps import apps

    from diagnostics.models import Evidence, TimelineEvent
    from transitions.models import Membership, User

    models = [
        User,
        Membership,
        Territory,
        Organisation,
        Relationship,
        PilotProject,
        Diagnostic,
        Answer,
        Evidence,
        TimelineEvent,
        PeerSession,
        Contribution,
        Statement,
        Position,
    ]
    # The audit history's event tables too: a second run rewrites nothing.
    models += list(apps.get_app_config("audit").get_models())
    before = [m.objects.count() for m in models]
    demo.load_demo()
    assert [m.objects.count() for m in models] == before


def test_the_current_cohorts_stages_to_come_hold_nothing(cohort):
    from agora.models import Forum

    statuses = {s.kind: s.status for s in cohort.stages.all()}
    for kind in (StageKind.AGORA, StageKind.FORUMS, StageKind.PILOT_PROJECTS):
        assert statuses[kind] == StageStatus.UPCOMING
    assert not Statement.objects.filter(agora__cohort=cohort).exists()
    assert not Forum.objects.filter(delegation__cohort=cohort).exists()
    assert not PilotProject.objects.filter(delegation__cohort=cohort).exists()


def test_the_finished_cohort_went_through_every_stage_in_order_and_holds_their_outputs(cohort):
    from agora.models import Forum

    finished = demo.finished_demo_cohort()
    stages = list(finished.stages.order_by("order"))
    assert {s.status for s in stages} == {StageStatus.CLOSED}
    # A year earlier: it ended before the current cohort's diagnostic closes.
    assert stages[-1].closes_on < cohort.stages.get(kind=StageKind.DIAGNOSTIC).closes_on
    opens = [s.opens_on for s in stages]
    assert opens == sorted(opens)  # the parcours' order, one stage after the other
    agora_stage = next(s for s in stages if s.kind == StageKind.AGORA)
    forum_stage = next(s for s in stages if s.kind == StageKind.FORUMS)
    assert agora_stage.closes_on <= forum_stage.opens_on  # forums come after the agora

    statements = Statement.objects.filter(agora__cohort=finished)
    delegations = finished.delegations.count()
    assert statements.count() >= 5 and delegations == 3
    for statement in statements:
        positions = statement.positions
        assert positions.filter(delegation__isnull=True).count() == 4  # each category
        assert positions.filter(delegation__isnull=False).count() == delegations
    forums = Forum.objects.filter(delegation__cohort=finished)
    assert sorted(forums.values_list("status", flat=True)) == ["held", "held", "not_held"]
    assert PilotProject.objects.filter(delegation__cohort=finished, status="launched").count() == 2


def test_the_two_cohorts_agora_statements_are_all_distinct(cohort):
    from agora.demo_content import FINISHED_STATEMENTS, STATEMENTS

    texts = [text for _kind, text, *_rest in STATEMENTS + FINISHED_STATEMENTS]
    assert len(set(texts)) == len(texts)
    notes = [
        note
        for *_start, positions, by_territory in FINISHED_STATEMENTS
        for _stance, note in [*positions.values(), *by_territory.values()]
        if note
    ]
    assert len(set(notes)) == len(notes)
