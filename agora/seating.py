"""The World Café seating plan: a pure function, no database (property-tested).

Anchors (personnes ancres) never move. Everyone else present gets a seat, with, in this
order of priority:

1. every table mixing actor categories (a table of one category is "unmixed");
2. nobody sitting again with someone they already shared a table with;
3. tables filled evenly.

Small rooms are solved exactly (branch and bound, within a node budget); beyond the
budget the best plan found so far is kept, starting from a greedy plan, then improved by
swapping people between tables. Capacity is each table's seats, raised evenly when more
people came than seats were planned: everyone present is seated.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

NODE_BUDGET = 20_000


@dataclass(frozen=True)
class TableSpec:
    id: int
    seats: int
    anchor: int | None = None


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def met_pairs(tables: Iterable[Iterable[int]]) -> set[tuple[int, int]]:
    """Every pair of people who sat at one table (pass every earlier round's tables)."""
    pairs = set()
    for members in tables:
        members = sorted(members)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pairs.add((a, b))
    return pairs


def capacities(tables: list[TableSpec], people: int) -> dict[int, int]:
    caps = {t.id: max(t.seats, 1) for t in tables}
    missing = people - sum(caps.values())
    if missing > 0 and tables:
        extra = math.ceil(missing / len(tables))
        caps = {k: v + extra for k, v in caps.items()}
    return caps


def score(
    plan: dict[int, int],
    categories: dict[int, str],
    tables: list[TableSpec],
    met: set[tuple[int, int]],
) -> tuple[int, int, int]:
    """(unmixed tables, repeated meetings, unevenness): lower is better."""
    members: dict[int, list[int]] = {t.id: [] for t in tables}
    for person, table in plan.items():
        members[table].append(person)
    unmixed = repeats = 0
    sizes = []
    for people in members.values():
        sizes.append(len(people))
        if len(people) >= 2 and len({categories[p] for p in people}) == 1:
            unmixed += 1
        repeats += sum(
            1 for i, a in enumerate(people) for b in people[i + 1 :] if _pair(a, b) in met
        )
    unevenness = max(sizes) - min(sizes) if sizes else 0
    return unmixed, repeats, unevenness


def plan_seating(
    *,
    categories: dict[int, str],
    tables: list[TableSpec],
    met: set[tuple[int, int]] = frozenset(),
    budget: int = NODE_BUDGET,
) -> dict[int, int]:
    """{person: table} for everyone in `categories` (person → actor category)."""
    if not tables:
        return {}
    anchors = {t.anchor: t.id for t in tables if t.anchor is not None and t.anchor in categories}
    others = sorted(
        (p for p in categories if p not in anchors),
        key=lambda p: (-sum(1 for q in categories if _pair(p, q) in met), categories[p], p),
    )
    caps = capacities(tables, len(categories))
    best = _improve(
        _greedy(categories, tables, met, anchors, others, caps),
        categories,
        tables,
        met,
        caps,
        anchors,
    )
    best_score = score(best, categories, tables, met)
    if best_score == (0, 0, 0 if len(categories) % len(tables) == 0 else 1):
        return best
    searcher = _Search(categories, tables, met, anchors, others, caps, budget)
    searcher.best, searcher.best_score = best, best_score
    searcher.run()
    return searcher.best


def _greedy(categories, tables, met, anchors, others, caps) -> dict[int, int]:
    plan = dict(anchors)
    members = {t.id: [p for p, tid in anchors.items() if tid == t.id] for t in tables}
    for person in others:

        def cost(table_id: int, person: int = person):
            people = members[table_id]
            same = sum(1 for q in people if categories[q] == categories[person])
            repeats = sum(1 for q in people if _pair(person, q) in met)
            return (
                same > 0 and len(people) > 0 and same == len(people),
                repeats,
                len(people),
                same,
            )

        open_tables = [t.id for t in tables if len(members[t.id]) < caps[t.id]]
        chosen = min(open_tables, key=cost)
        plan[person] = chosen
        members[chosen].append(person)
    return plan


def _improve(plan, categories, tables, met, caps, anchors) -> dict[int, int]:
    """Swap or move non-anchors between tables while the score improves."""
    plan = dict(plan)
    current = score(plan, categories, tables, met)
    improved = True
    while improved:
        improved = False
        movable = [p for p in plan if p not in anchors]
        for i, a in enumerate(movable):
            for b in movable[i + 1 :]:
                if plan[a] == plan[b]:
                    continue
                plan[a], plan[b] = plan[b], plan[a]
                candidate = score(plan, categories, tables, met)
                if candidate < current:
                    current, improved = candidate, True
                else:
                    plan[a], plan[b] = plan[b], plan[a]
        sizes = {t.id: 0 for t in tables}
        for table in plan.values():
            sizes[table] += 1
        for a in movable:
            for t in tables:
                if t.id == plan[a] or sizes[t.id] >= caps[t.id]:
                    continue
                old = plan[a]
                plan[a] = t.id
                candidate = score(plan, categories, tables, met)
                if candidate < current:
                    current, improved = candidate, True
                    sizes[old] -= 1
                    sizes[t.id] += 1
                else:
                    plan[a] = old
    return plan


class _Search:
    """Branch and bound over the non-anchors' tables, lexicographic on `score`."""

    def __init__(self, categories, tables, met, anchors, others, caps, budget):
        self.categories, self.tables, self.met = categories, tables, met
        self.others, self.caps, self.budget = others, caps, budget
        self.plan = dict(anchors)
        self.members = {t.id: [p for p, tid in anchors.items() if tid == t.id] for t in tables}
        self.best: dict[int, int] = {}
        self.best_score = (math.inf, math.inf, math.inf)
        self.nodes = 0

    def run(self) -> None:
        self._place(0, 0)

    def _place(self, index: int, repeats: int) -> None:
        self.nodes += 1
        if self.nodes > self.budget:
            return
        if index == len(self.others):
            found = score(self.plan, self.categories, self.tables, self.met)
            if found < self.best_score:
                self.best, self.best_score = dict(self.plan), found
            return
        # Tables left without a mix can only stay so: the count so far bounds from below
        # only at the end, so prune on repeats when mixing is already as good as the best.
        if self.best_score[0] == 0 and repeats > self.best_score[1]:
            return
        person = self.others[index]
        seen_empty = False
        for t in self.tables:
            people = self.members[t.id]
            if len(people) >= self.caps[t.id]:
                continue
            if not people and t.anchor is None:
                if seen_empty:  # empty tables without anchor are interchangeable
                    continue
                seen_empty = True
            added = sum(1 for q in people if _pair(person, q) in self.met)
            people.append(person)
            self.plan[person] = t.id
            self._place(index + 1, repeats + added)
            people.pop()
            del self.plan[person]
            if self.nodes > self.budget:
                return
