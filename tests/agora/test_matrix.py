import pytest

from agora import selectors, services
from agora.selectors import verdict
from tests.peergroups.factories import ContributionFactory

pytestmark = pytest.mark.django_db

A, D, N = "agree", "disagree", "nuanced"


@pytest.mark.parametrize(
    "stances, expected",
    [
        ([A, A, A, A], "consensus"),
        ([A, D, A, A], "dissensus"),
        ([A, D, None, None], "dissensus"),
        ([D, D, D, D], "rejected"),
        ([A, N, A, A], "nuanced"),
        ([A, A, A, None], "incomplete"),
        ([None, None, None, None], "incomplete"),
    ],
)
def test_a_statement_verdict_is_computed_from_the_four_positions(stances, expected):
    assert verdict(stances) == expected


def test_the_matrix_puts_each_categorys_position_in_its_column(world, peer):
    agora = services.agora_ensure(cohort=world.cohort)
    s1 = services.statement_create(agora=agora, kind="proposal", text="Tout le monde d'accord")
    s2 = services.statement_create(agora=agora, kind="proposal", text="Ça coince")
    for category in ("ELU", "AGENT_COLLECTIVITE", "AGENT_ETAT", "ACTEUR_SOCIO_ECONOMIQUE"):
        services.position_set(statement=s1, category=category, stance="agree", base_revision=0)
    services.position_set(statement=s2, category="ELU", stance="agree", base_revision=0)
    first = services.position_set(
        statement=s2, category="AGENT_ETAT", stance="disagree", note="Pas ainsi", base_revision=0
    )
    # Recording again from what was shown replaces it (one per statement × category).
    services.position_set(
        statement=s2,
        category="AGENT_ETAT",
        stance="disagree",
        note="Non",
        base_revision=first.revision,
    )
    rows = selectors.position_matrix(agora)
    assert [r.verdict for r in rows] == ["consensus", "dissensus"]
    columns = dict(rows[1].cells)
    assert columns["ELU"].stance == "agree"
    assert columns["AGENT_ETAT"].note == "Non"
    assert columns["AGENT_COLLECTIVITE"] is None


def test_the_expectations_grid_reads_who_expects_what_from_whom(world, peer):
    elu_session = peer.session("ELU")
    etat_session = peer.session("AGENT_ETAT")
    ContributionFactory(
        session=elu_session,
        kind="expectation",
        target_category="AGENT_ETAT",
        text="Souplesse",
        shared=True,
    )
    ContributionFactory(
        session=etat_session,
        kind="expectation",
        target_category="ELU",
        text="Constance",
        shared=True,
    )
    ContributionFactory(
        session=elu_session, kind="expectation", target_category="AGENT_ETAT", text="Non partagée"
    )
    grid = selectors.expectations_grid(selectors.shared_contributions(world.cohort))
    rows = {row["category"]: row["cells"] for row in grid["rows"]}
    codes = [code for code, _label in grid["categories"]]
    assert rows["ELU"][codes.index("AGENT_ETAT")] == ["Souplesse"]
    assert rows["AGENT_ETAT"][codes.index("ELU")] == ["Constance"]
    assert grid["count"] == 2


def test_a_statement_cannot_be_built_from_an_unshared_contribution(world, peer):
    agora = services.agora_ensure(cohort=world.cohort)
    secret = ContributionFactory(session=peer.session())
    with pytest.raises(Exception, match="pas partagée"):
        services.statement_create(agora=agora, kind="learning", text="x", sources=[secret])
