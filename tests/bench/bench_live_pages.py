"""Per-refresh cost of the live pages with the test client: ms and bytes of the peer
board's refresh after one change on a board of 200 cards, the whole board, and the
agora page and its refresh after one position. Run it by path (it is not collected):

    make pytest ARGS="tests/bench/bench_live_pages.py -q -s"

It prints `live <measure> <median ms> <bytes>` lines; the same file runs on an older
tree to compare (it uses the services and URLs only).
"""

from __future__ import annotations

import statistics
import time

import pytest
from django.urls import reverse

from tests.factories import open_stage
from tests.peergroups.factories import peer_world

pytestmark = pytest.mark.django_db

RUNS = 15
CARDS = 200


def _measure(label: str, client, prepare, url_of, expect=200) -> None:
    """Median time of RUNS requests (each after `prepare()`), and the last one's size."""
    times, size = [], 0
    for _ in range(RUNS):
        url = url_of(prepare())
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == expect, (label, response.status_code)
        size = len(response.content)
    print(f"live {label} {statistics.median(times):.1f}ms {size}B")


def test_live_pages_cost(client):
    from agora import services as agora_services
    from agora.models import Agora
    from peergroups import services
    from peergroups.models import PeerSession
    from transitions.models import Axis

    world = peer_world()
    session = world.session()
    axes = list(Axis.objects.all()[:6])
    cards = []
    for i in range(CARDS):
        card = services.contribution_create(
            session=session,
            author=world.elu if i % 2 else world.elu2,
            kind=["constraint", "expectation", "self_expectation", "commitment"][i % 4],
            text=f"Carte {i} : "
            + "une phrase de contribution assez longue pour être réaliste " * 2,
            target_category="AGENT_ETAT" if i % 4 == 1 else "",
            axes=axes[i % 3 : i % 3 + 2],
            anonymous=i % 5 == 0,
        )
        cards.append(card)
    refresh = reverse("peergroups:session-refresh", args=[session.pk])

    def version():
        return PeerSession.objects.get(pk=session.pk).version

    def new_card():
        before = version()
        services.contribution_create(
            session=session, author=world.elu2, kind="constraint", text="Une nouvelle carte"
        )
        return before

    flips = iter(range(10_000))

    def flag_card():
        before = version()
        services.contribution_set_flag(
            contribution=cards[7], flag="is_key", value=bool(next(flips) % 2)
        )
        return before

    for who, user in (("participant", world.elu), ("facilitator", world.facilitator)):
        client.force_login(user)
        board = reverse("peergroups:session-board", args=[session.pk])
        _measure(f"board_page_{who}", client, lambda: None, lambda _, board=board: board)
        _measure(f"refresh_304_{who}", client, version, lambda v: f"{refresh}?v={v}", 304)
        _measure(f"refresh_new_card_{who}", client, new_card, lambda v: f"{refresh}?v={v}")
        _measure(f"refresh_flag_card_{who}", client, flag_card, lambda v: f"{refresh}?v={v}")
        _measure(f"refresh_whole_{who}", client, lambda: None, lambda _: f"{refresh}?v=x")

    # The agora: 20 statements with positions, every card shared.
    for card in cards:
        services.contribution_set_flag(contribution=card, flag="shared", value=True)
    open_stage(world.cohort, "agora")
    agora = Agora.objects.get(cohort=world.cohort)
    statements = [
        agora_services.statement_create(
            agora=agora, kind="learning", text=f"Énoncé {i} " + "qui dit quelque chose " * 3
        )
        for i in range(20)
    ]
    for statement in statements:
        for category in ("ELU", "AGENT_ETAT"):
            agora_services.position_set(
                statement=statement, stance="agree", base_revision=0, category=category
            )
    client.force_login(world.facilitator)
    page = reverse("agora:agora-detail", args=[world.cohort.pk])
    agora_refresh = reverse("agora:agora-refresh", args=[world.cohort.pk])
    _measure("agora_page_facilitator", client, lambda: None, lambda _: page)

    stances = iter(["disagree", "agree"] * 10_000)

    def position():
        before = Agora.objects.get(pk=agora.pk).version
        current = statements[3].positions.get(category="ELU")
        agora_services.position_set(
            statement=statements[3],
            stance=next(stances),
            base_revision=current.revision,
            category="ELU",
        )
        return before

    _measure("agora_refresh_one_position", client, position, lambda v: f"{agora_refresh}?v={v}")
