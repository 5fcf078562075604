"""Vectorised random draws shared by the generators: weighted choices and unique serials."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def probabilities(weights: Iterable[float]) -> FloatArray:
    """Normalise non-negative weights to probabilities that sum to one."""
    array = np.asarray(list(weights), dtype=np.float64)
    total = array.sum()
    if array.size == 0 or total <= 0 or (array < 0).any():
        raise ValueError("weights must be non-negative with a positive sum")
    normalised: FloatArray = array / total
    return normalised


def choose(rng: np.random.Generator, weights: Iterable[float], size: int) -> IntArray:
    """Draw `size` indices into `weights` with probability proportional to the weights."""
    if size == 0:
        return np.zeros(0, dtype=np.int64)
    p = probabilities(weights)
    return rng.choice(p.size, size=size, p=p).astype(np.int64)


def unique_serials(rng: np.random.Generator, prefixes: IntArray, space: int) -> IntArray:
    """Draw serials in [0, space) so that every (prefix, serial) pair is unique."""
    counts = np.bincount(prefixes) if prefixes.size else np.zeros(0, np.int64)
    if counts.size and counts.max() > space:
        raise ValueError(f"more than {space} identifiers share one prefix")
    serials = rng.integers(0, space, size=prefixes.size, dtype=np.int64)
    while True:
        keys = prefixes * space + serials
        order = np.argsort(keys)
        repeated = order[1:][keys[order[1:]] == keys[order[:-1]]]
        if repeated.size == 0:
            return serials
        serials[repeated] = rng.integers(0, space, size=repeated.size, dtype=np.int64)


def choose_by_group(
    rng: np.random.Generator, groups: IntArray, weights: Sequence[Sequence[float]]
) -> IntArray:
    """Draw one index per row, using the weight row `weights[group]` of the row's group."""
    drawn = np.zeros(groups.size, dtype=np.int64)
    for group, row in enumerate(weights):
        members = np.flatnonzero(groups == group)
        if members.size:
            drawn[members] = choose(rng, row, members.size)
    return drawn
