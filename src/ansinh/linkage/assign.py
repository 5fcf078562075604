"""One-to-one assignment of candidate pairs, best probability first, and the rival of each."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def one_to_one(pairs: pa.Table) -> pa.Table:
    """Keep each insured and each register record in at most one pair (greedy, best first).

    `pairs` has insured_record_id, population_record_id and match_probability; the kept rows
    get `rival_probability`: the best probability of any other candidate that shared one of
    their two records (0 when none), so near-ties can go to review.
    """
    if pairs.num_rows == 0:
        return pairs.append_column("rival_probability", pa.array([], pa.float64()))
    insured = _codes(pairs.column("insured_record_id"))
    register = _codes(pairs.column("population_record_id"))
    probability = pairs.column("match_probability").to_numpy().astype(np.float64)
    # Ties break on the record ids, so the result does not depend on row order.
    order = np.lexsort((register, insured, -probability))
    kept = _mutual_best_rounds(order, insured, register)
    rival = np.maximum(_rival(insured, probability), _rival(register, probability))
    result = pairs.take(pa.array(kept))
    return result.append_column("rival_probability", pa.array(rival[kept]))


def _codes(column: pa.ChunkedArray) -> Ints:
    encoded = pc.dictionary_encode(column.combine_chunks())
    sort_keys = pc.array_sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(sort_keys.size, dtype=np.int64)
    rank[sort_keys] = np.arange(sort_keys.size)
    return np.asarray(rank[encoded.indices.to_numpy()], dtype=np.int64)


def _mutual_best_rounds(order: Ints, insured: Ints, register: Ints) -> Ints:
    """Accept pairs that are the best remaining of both their records until none remain.

    With a strict order this gives the same pairs as taking the global best pair repeatedly.
    """
    alive = np.ones(order.size, dtype=bool)
    taken_insured = np.zeros(insured.max() + 1, dtype=bool)
    taken_register = np.zeros(register.max() + 1, dtype=bool)
    kept: list[Ints] = []
    while True:
        candidates = order[alive[order]]
        if candidates.size == 0:
            break
        best_of_insured = candidates[np.unique(insured[candidates], return_index=True)[1]]
        best_of_register = candidates[np.unique(register[candidates], return_index=True)[1]]
        accepted = np.intersect1d(best_of_insured, best_of_register)
        kept.append(accepted)
        taken_insured[insured[accepted]] = True
        taken_register[register[accepted]] = True
        alive &= ~(taken_insured[insured] | taken_register[register])
    return np.sort(np.concatenate(kept)) if kept else np.zeros(0, dtype=np.int64)


def _rival(group: Ints, probability: Floats) -> Floats:
    """For each pair, the best probability among the other pairs of the same record."""
    order = np.lexsort((-probability, group))
    sorted_group = group[order]
    first = np.r_[True, sorted_group[1:] != sorted_group[:-1]]
    starts = np.flatnonzero(first)
    best = probability[order][starts]
    second_index = starts + 1
    has_second = (second_index < order.size) & np.isin(second_index, starts, invert=True)
    second = np.where(has_second, probability[order][np.minimum(second_index, order.size - 1)], 0.0)
    which = np.cumsum(first) - 1
    rival_sorted = np.where(first, second[which], best[which])
    rival = np.empty(order.size, dtype=np.float64)
    rival[order] = rival_sorted
    return rival
