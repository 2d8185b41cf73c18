"""Order the stops of a journey by solving what the text says about order, once.

Evidence is a list of weighted constraints "A before B": explicit times weigh most,
then the relations the text states ("before reaching X", "after stops in Y", "then",
"from X to Y", "began the trip in X"), then the order the traveller's story is told in;
geography (the length of the path) only breaks what is left. The order is the one that
violates the least total weight; constraints it still violates are contradictions in
the text, and are reported.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# How much each kind of evidence weighs (a violated constraint costs its weight).
WEIGHTS: dict[str, float] = {
    "time": 8.0,  # "on Monday" vs "on Tuesday"
    "relation": 4.0,  # "before reaching X", "after stops in X", "then", "from X to Y"
    "aspect": 3.0,  # "began the trip in X", "ended the tour in Y"
    "flashback": 2.0,  # "had left X": before what was just told
    "plan": 2.0,  # a planned stop comes after the stops already reported
    "told": 1.0,  # the order the traveller's story is told in
    "lead": 1.0,  # the lead's arrival is the news: the body tells how it came about
    "origin": 1.0,  # a place left is left before the places reached
}
# Path length is a tie-breaker: this many km of detour cost as much as one told-order step.
KM_PER_TOLD_STEP = 5000.0
# Exact search over orders up to this many stops; a greedy insertion above it.
_EXACT_LIMIT = 9


@dataclass(frozen=True, slots=True)
class Constraint:
    earlier: int  # index of the item that comes first
    later: int
    kind: str  # a key of WEIGHTS
    why: str  # the words that say so, for the notes

    @property
    def weight(self) -> float:
        return WEIGHTS[self.kind]


def _merge(constraints: Sequence[Constraint]) -> dict[tuple[int, int], float]:
    weights: dict[tuple[int, int], float] = {}
    for c in constraints:
        if c.earlier != c.later:
            key = (c.earlier, c.later)
            weights[key] = weights.get(key, 0.0) + c.weight
    return weights


def solve(n: int, constraints: Sequence[Constraint], km: Callable[[int, int], float]) -> list[int]:
    """The order of items 0..n-1 that violates the least constraint weight, then is shortest."""
    if n <= 1:
        return list(range(n))
    weights = _merge(constraints)
    if n <= _EXACT_LIMIT:
        return _exact(n, weights, km)
    return _improve(_greedy(n, weights, km), weights, km)


def _exact(
    n: int, weights: dict[tuple[int, int], float], km: Callable[[int, int], float]
) -> list[int]:
    """Dynamic programme over sets of placed items (Held-Karp with precedence costs)."""
    # cost of putting j after every item of a set: the weight of "j before k" for k in it.
    before = [[(k, w) for (a, k), w in weights.items() if a == j] for j in range(n)]
    distance = [[km(a, b) / KM_PER_TOLD_STEP for b in range(n)] for a in range(n)]
    full = (1 << n) - 1
    best: dict[tuple[int, int], tuple[float, int]] = {}
    for j in range(n):
        best[(1 << j, j)] = (0.0, -1)
    for mask in range(1, full + 1):
        for last in range(n):
            entry = best.get((mask, last))
            if entry is None:
                continue
            cost = entry[0]
            for j in range(n):
                if mask & (1 << j):
                    continue
                penalty = sum(w for k, w in before[j] if mask & (1 << k))
                step = cost + penalty + distance[last][j]
                key = (mask | (1 << j), j)
                if key not in best or step < best[key][0] - 1e-12:
                    best[key] = (step, last)
    last = min(range(n), key=lambda j: (best[(full, j)][0], j))
    order = []
    mask = full
    while last != -1:
        order.append(last)
        _cost, previous = best[(mask, last)]
        mask &= ~(1 << last)
        last = previous
    return order[::-1]


def cost(
    order: Sequence[int], weights: dict[tuple[int, int], float], km: Callable[[int, int], float]
) -> float:
    position = {item: i for i, item in enumerate(order)}
    violated = sum(w for (a, b), w in weights.items() if position[a] > position[b])
    length = sum(km(a, b) for a, b in itertools.pairwise(order))
    return violated + length / KM_PER_TOLD_STEP


def _greedy(
    n: int, weights: dict[tuple[int, int], float], km: Callable[[int, int], float]
) -> list[int]:
    order: list[int] = []
    for item in sorted(range(n), key=lambda j: -sum(w for (a, _b), w in weights.items() if a == j)):
        order = min(
            ([*order[:i], item, *order[i:]] for i in range(len(order) + 1)),
            key=lambda o: cost(o, {k: w for k, w in weights.items() if set(k) <= set(o)}, km),
        )
    return order


def _improve(
    order: list[int], weights: dict[tuple[int, int], float], km: Callable[[int, int], float]
) -> list[int]:
    """Move single items while that lowers the cost."""
    current = cost(order, weights, km)
    improved = True
    while improved:
        improved = False
        for i, j in itertools.permutations(range(len(order)), 2):
            trial = order[:i] + order[i + 1 :]
            trial.insert(j, order[i])
            trial_cost = cost(trial, weights, km)
            if trial_cost < current - 1e-9:
                order, current, improved = trial, trial_cost, True
                break
    return order


def violated(order: Sequence[int], constraints: Sequence[Constraint]) -> list[Constraint]:
    """The constraints the chosen order breaks (contradictions in the text)."""
    position = {item: i for i, item in enumerate(order)}
    return [
        c
        for c in constraints
        if c.earlier in position and c.later in position and position[c.earlier] > position[c.later]
    ]
