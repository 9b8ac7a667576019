"""The overload signal: the same few people carrying everything (DOMAIN §6)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from trajectory import selectors, services
from trajectory.selectors import overload_of

pytestmark = pytest.mark.django_db


def test_one_person_carrying_most_of_many_things_among_many_members_is_overload():
    signal = overload_of([1, 1, 1, 1, 2, 3], members=8)
    assert signal.few == 2  # a quarter of 8 members
    assert signal.share == pytest.approx(5 / 6)
    assert signal.overloaded


def test_work_spread_over_the_delegation_is_no_overload():
    assert not overload_of([1, 2, 3, 4, 5, 6, 7, 8], members=8).overloaded


def test_too_few_things_carried_say_nothing_yet():
    assert not overload_of([1, 1, 1, 1], members=8).overloaded


def test_a_delegation_of_one_cannot_be_overloaded_by_its_few():
    # Everyone is "the few": that is the delegation's size, not a concentration.
    assert not overload_of([1] * 10, members=1).overloaded


def test_the_share_is_exactly_at_the_threshold():
    # 2 people of 8; they carry 6 of 10 things: 60 % is enough.
    assert overload_of([1, 1, 1, 2, 2, 2, 3, 4, 5, 6], members=8).overloaded
    assert not overload_of([1, 1, 1, 2, 2, 3, 4, 5, 6, 7], members=8).overloaded


def _carry(world, carrier, n):
    for index in range(n):
        services.engagement_create(
            delegation=world.delegation_a,
            user=world.facilitator,
            what=f"Chose {index}",
            category="AGENT_COLLECTIVITE",
            happened_on=dt.date(2026, 1, 1 + index),
            carrier=carrier,
        )


def test_the_signal_names_the_few_to_the_facilitators_only(client, world):
    _carry(world, world.agent_a, 6)
    signal = selectors.overload_signal(world.delegation_a)
    assert signal["signal"].overloaded and signal["few"][0] == (world.agent_a.full_name, 6)
    url = reverse("trajectory:delegation-detail", args=[world.delegation_a.pk])
    client.force_login(world.facilitator)
    assert "Signal de surcharge" in client.get(url).content.decode()
    client.force_login(world.elu)
    body = client.get(url).content.decode()
    assert "Signal de surcharge" not in body and world.agent_a.full_name not in body
    assert "Chose 0" in body  # what was carried, by role


def test_a_carrier_must_be_a_member_of_the_delegation(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _carry(world, world.agent_b, 1)
