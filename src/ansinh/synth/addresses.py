"""Synthetic street addresses in the current (post-2025) provinces."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ansinh.synth.assumptions import Places
from ansinh.synth.sampling import IntArray
from ansinh.synth.text import concat, take


def addresses(
    rng: np.random.Generator, places: Places, province: IntArray, province_names: Sequence[str]
) -> pa.StringArray:
    """Return "Số N, <street>, <commune>, <province name>" for each province index."""
    size = province.size
    house = pa.array(rng.integers(1, places.house_number_max + 1, size=size))
    street = rng.integers(0, len(places.streets), size=size)
    kind = (rng.random(size) < places.ward_share).astype(np.int64)
    commune = rng.integers(0, len(places.communes), size=size)
    kinds = [places.commune_kinds["commune"], places.commune_kinds["ward"]]
    return concat(
        "Số ",
        pc.cast(house, pa.string()),
        ", ",
        take(places.streets, street),
        ", ",
        take(kinds, kind),
        " ",
        take(places.communes, commune),
        ", ",
        take(province_names, province),
    )
