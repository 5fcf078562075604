"""Birth-registration province and current province of each person, with migration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from ansinh.geo import current_provinces, legacy_provinces, successor
from ansinh.synth.assumptions import Population
from ansinh.synth.sampling import FloatArray, IntArray, choose


@dataclass(frozen=True)
class ProvinceFrame:
    """Legacy and current provinces as index tables (codes sorted ascending)."""

    legacy: tuple[str, ...]
    current: tuple[str, ...]
    current_names: tuple[str, ...]
    heir: IntArray

    @property
    def legacy_numbers(self) -> IntArray:
        """Legacy codes as integers, by legacy index."""
        return np.array([int(code) for code in self.legacy], dtype=np.int64)

    @property
    def current_numbers(self) -> IntArray:
        """Current codes as integers, by current index."""
        return np.array([int(code) for code in self.current], dtype=np.int64)

    def current_index(self, code: str) -> int:
        """Return the index of a current province code, or raise ValueError."""
        if code not in self.current:
            raise ValueError(f"{code!r} is not a current province code: {', '.join(self.current)}")
        return self.current.index(code)


def province_frame(as_of: date) -> ProvinceFrame:
    """Index the 63 legacy and 34 current provinces (names as on `as_of`)."""
    current = sorted(current_provinces(as_of), key=lambda p: p.code)
    codes = tuple(p.code for p in current)
    legacy = tuple(sorted(p.code for p in legacy_provinces()))
    heirs = [codes.index(successor(code, on=as_of).code) for code in legacy]
    return ProvinceFrame(
        legacy=legacy,
        current=codes,
        current_names=tuple(p.name for p in current),
        heir=np.array(heirs, dtype=np.int64),
    )


def residence_weights(frame: ProvinceFrame, population: Population) -> FloatArray:
    """Joint weights of (legacy birth province, current province): stayers plus movers."""
    if set(population.provinces) != set(frame.legacy):
        raise ValueError("population data must list exactly the 63 legacy provinces")
    born = np.array([population.provinces[code].population for code in frame.legacy])
    resident = np.bincount(frame.heir, weights=born, minlength=len(frame.current))
    migration = population.migration
    pull = migration.other_destinations * resident / resident.sum()
    for code, share in migration.destinations.items():
        pull[frame.current_index(code)] += share
    stays = np.zeros((len(frame.legacy), len(frame.current)))
    stays[np.arange(len(frame.legacy)), frame.heir] = 1.0
    moves = np.where(stays == 1.0, 0.0, pull[np.newaxis, :])
    moves /= moves.sum(axis=1, keepdims=True)
    mover = migration.mover_share
    return born[:, np.newaxis] * ((1 - mover) * stays + mover * moves)


def draw_residence(
    rng: np.random.Generator, size: int, weights: FloatArray, province: int | None
) -> tuple[IntArray, IntArray]:
    """Draw (legacy birth index, current index) pairs, all living in `province` if given."""
    if province is not None:
        return choose(rng, weights[:, province], size), np.full(size, province, dtype=np.int64)
    pair = choose(rng, weights.ravel(), size)
    return pair // weights.shape[1], pair % weights.shape[1]
