"""Demo trajectory for `make run`: one territory of the finished cohort, its récit, who
carried what and the links from its diagnostic to its pilot project (texts in
trajectory/demo_content.py).
Idempotent: a delegation that already has a récit, engagements or links keeps them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from trajectory import selectors, services
from trajectory.demo_content import (
    ENGAGEMENTS,
    FINDINGS_LINKED,
    LINKS_PER_FINDING,
    READING_LINKS,
    STATEMENT_LINKS,
    STORY,
    TERRITORY_CODE,
)
from trajectory.models import Engagement, Link, NodeKind, StoryEntry
from transitions.demo import finished_demo_cohort
from transitions.models import ActorCategory, Membership, Role


def load_trajectory_demo() -> None:
    cohort = finished_demo_cohort()  # the cohort that went all the way to its projects
    if cohort is None:
        return
    delegation = (
        cohort.delegations.select_related("territory", "cohort")
        .filter(territory__code=TERRITORY_CODE)
        .first()
    )
    facilitator = (
        Membership.objects.filter(cohort=cohort, role=Role.FACILITATOR)
        .select_related("user")
        .first()
    )
    if delegation is None or facilitator is None:
        return
    today = timezone.localdate()
    # The delegation's coordinating agent, or its local-authority member where no agent
    # joined (the finished cohort's delegations).
    agent = (
        Membership.objects.filter(delegation=delegation, role=Role.AGENT)
        .select_related("user")
        .order_by("pk")
        .first()
    ) or (
        Membership.objects.filter(
            delegation=delegation,
            role=Role.PARTICIPANT,
            category=ActorCategory.AGENT_COLLECTIVITE,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if not StoryEntry.objects.filter(delegation=delegation).exists():
        for kind, days, title, text in STORY:
            services.story_entry_create(
                delegation=delegation,
                user=agent.user if agent else facilitator.user,
                kind=kind,
                happened_on=today + dt.timedelta(days=days),
                title=title,
                text=text,
            )
    if not Engagement.objects.filter(delegation=delegation).exists():
        for what, category, days, carrier in ENGAGEMENTS:
            services.engagement_create(
                delegation=delegation,
                user=facilitator.user,
                what=what,
                category=category,
                happened_on=today + dt.timedelta(days=days),
                carrier=agent.user if (carrier == "agent" and agent) else None,
            )
    if not Link.objects.filter(delegation=delegation).exists():
        _demo_links(delegation, facilitator.user)


def _link(delegation, user, source, target) -> None:
    try:
        services.link_create(delegation=delegation, user=user, source=source, target=target)
    except ValidationError:
        pass  # already linked by an earlier step: the demo keeps one link per pair


def _demo_links(delegation, user) -> None:
    """Links a facilitator would draw: each of the first findings to what speaks to it
    and what answers it (the suggestions, from shared axes), the forum's opportunities to
    the pilot project they became, and the readings of READING_LINKS (statement → forum
    card or opportunity → pilot project)."""
    nodes = selectors.nodes_for(user, delegation)
    # The findings something else speaks to (a shared axis), as a facilitator would pick.
    findings = [
        n
        for n in nodes.values()
        if n.kind == NodeKind.FINDING and selectors.suggestions(n, nodes, set())
    ][:FINDINGS_LINKED]
    for finding in findings:
        suggested = selectors.suggestions(finding, nodes, selectors.linked_pairs(delegation))
        for rank in (1, 2, 3):
            for other in [n for n in suggested if n.rank == rank][:LINKS_PER_FINDING]:
                _link(delegation, user, finding.key, other.key)
    from agora.models import Opportunity

    by_axis = {next(iter(n.axes)): n for n in nodes.values() if n.kind == NodeKind.FINDING}
    statements = [
        n for n in nodes.values() if n.kind in (NodeKind.STATEMENT, NodeKind.CONTRIBUTION)
    ]
    for code, start in STATEMENT_LINKS:
        finding = by_axis.get(code)
        statement = next((n for n in statements if n.text.startswith(start)), None)
        if finding is not None and statement is not None:
            _link(delegation, user, finding.key, statement.key)
    pilots = [n for n in nodes.values() if n.kind == NodeKind.PILOT]
    for opportunity in Opportunity.objects.filter(forum__delegation=delegation):
        key = f"{NodeKind.OPPORTUNITY}:{opportunity.pk}"
        if key not in nodes:
            continue
        for pilot in pilots:
            if opportunity.pilot_project_id == pilot.id:
                _link(delegation, user, key, pilot.key)
    # Nodes in a stable order, so "the first whose text starts so" is the same each run.
    ordered = sorted(nodes.values(), key=lambda n: (n.rank, n.kind, n.id))
    for earlier, later in READING_LINKS:
        source = next((n for n in ordered if n.text.startswith(earlier)), None)
        target = next((n for n in ordered if n.text.startswith(later) and n is not source), None)
        if source is not None and target is not None:
            _link(delegation, user, source.key, target.key)
    # Without shared axes the demo still shows a finding answered by the project.
    if (
        findings
        and pilots
        and not Link.objects.filter(
            delegation=delegation, target_kind=NodeKind.PILOT, source_kind=NodeKind.FINDING
        ).exists()
    ):
        _link(delegation, user, findings[0].key, pilots[0].key)
