"""Calendar arithmetic on numpy day arrays (datetime64[D])."""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt

DateArray = npt.NDArray[np.datetime64]
DAYS_PER_YEAR = 365.2425


def day(value: date) -> np.datetime64:
    """Return `value` as a numpy day."""
    return np.datetime64(value, "D")


def add_years(days: DateArray, years: int | npt.NDArray[np.int64]) -> DateArray:
    """Shift each day by whole calendar years (29 February lands on 1 March)."""
    months = days.astype("datetime64[M]")
    shifted: DateArray = (months + 12 * years).astype("datetime64[D]") + (
        days - months.astype("datetime64[D]")
    )
    return shifted


def completed_years(earlier: DateArray, later: np.datetime64) -> npt.NDArray[np.int64]:
    """Return whole years from each `earlier` day to `later` (ages, tenures)."""
    diff = later.astype("datetime64[Y]").astype(np.int64) - earlier.astype("datetime64[Y]").astype(
        np.int64
    )
    years: npt.NDArray[np.int64] = diff - (add_years(earlier, diff) > later).astype(np.int64)
    return years
