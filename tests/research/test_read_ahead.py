"""Field notes are read a page ahead on a second connection when no transaction is open
(a streamed export, a worker's job), so PostgreSQL and the export's Python work at once;
every note still arrives once, in order, and an export stopped early leaves nothing
running. (Committed rows: these tests run outside the test transaction.)"""

from __future__ import annotations

import datetime as dt
import itertools
import threading

import pytest

from research import selectors, services
from research.selectors import Filters, corpus
from tests.factories import build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def notes(monkeypatch):
    monkeypatch.setattr(selectors, "OBSERVATION_CHUNK", 3)
    world = build_world()
    made = [
        services.observation_create(
            cohort=world.cohort,
            author=world.researcher,
            observed_on=dt.date(2026, 3, 1) + dt.timedelta(days=i),
            text=f"Note de terrain numéro {i}.",
        )
        for i in range(10)
    ]
    readers: list[int] = []
    real = selectors._read_observation_page

    def recording(query, params):
        readers.append(threading.get_ident())
        return real(query, params)

    monkeypatch.setattr(selectors, "_read_observation_page", recording)
    return world, made, readers


def _field_notes(world):
    return corpus(world.cohort, filters=Filters(source="research.observation"))


def test_every_field_note_arrives_once_and_in_order_when_read_a_page_ahead(notes):
    world, made, readers = notes
    ids = [s.id for s in _field_notes(world)]
    assert ids == [f"research.observation:{o.pk}" for o in made]
    assert len(readers) == 4  # pages of 3, 3, 3 and 1
    assert threading.get_ident() not in readers  # read by the second connection


def test_an_export_stopped_early_leaves_no_reading_thread_behind(notes):
    world, made, _readers = notes
    before = threading.active_count()
    segments = _field_notes(world)
    first = list(itertools.islice(segments, 4))
    segments.close()
    assert [s.id for s in first] == [f"research.observation:{o.pk}" for o in made[:4]]
    assert threading.active_count() == before


def test_inside_a_transaction_pages_are_read_on_the_callers_connection(notes):
    from django.db import transaction

    world, made, readers = notes
    with transaction.atomic():
        ids = [s.id for s in _field_notes(world)]
    assert len(ids) == 10
    assert set(readers) == {threading.get_ident()}


def test_a_corpus_page_reads_a_pages_worth_on_the_callers_connection(notes, monkeypatch):
    world, made, readers = notes
    monkeypatch.setattr(selectors, "OBSERVATION_CHUNK", 5000)
    page, cursor = selectors.corpus_page(
        world.cohort, filters=Filters(source="research.observation"), size=2
    )
    assert [s.id for s in page] == [f"research.observation:{o.pk}" for o in made[:2]]
    assert cursor == page[-1].id
    # One read of three rows (the page and one more), no second connection.
    assert readers == [threading.get_ident()]
