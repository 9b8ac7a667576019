import pytest

from tests.factories import open_stage
from tests.peergroups.factories import open_peer_groups


@pytest.fixture
def peer(world):
    """Cohort A's peer groups (first sessions open) and its agora stage open."""
    scene = open_peer_groups(world)
    open_stage(world.cohort, "agora")
    return scene


@pytest.fixture
def cafe(world):
    """Territory A's forum with the forums stage open: three tables (agent_a reports for
    table 1, elu for table 2), six people present, seated, round 1 running."""
    from agora import services
    from agora.models import CafeTable

    open_stage(world.cohort, "forums")
    forum = services.forum_ensure(delegation=world.delegation_a, facilitator=world.facilitator)
    people = [
        services.participant_arrive(forum=forum, name=name, category=category)
        for name, category in [
            ("Paulette Présente", "ELU"),
            ("Gaston Guichet", "AGENT_COLLECTIVITE"),
            ("Inès Insertion", "ESS"),
            ("Marc Mutuelle", "ESS"),
            ("Corinne Citoyenne", "CITIZEN"),
            ("Stéphane Préfecture", "AGENT_ETAT"),
        ]
    ]
    tables = list(CafeTable.objects.filter(forum=forum).order_by("number"))
    services.table_set_roles(table=tables[0], anchor=people[0], rapporteur=world.agent_a)
    services.table_set_roles(table=tables[1], anchor=people[1], rapporteur=world.elu)
    round_1 = forum.rounds.get(number=1)
    services.seating_propose(cafe_round=round_1)
    services.round_start(forum=forum)
    forum.refresh_from_db()
    round_1.refresh_from_db()
    return {"forum": forum, "tables": tables, "people": people, "round": round_1}
