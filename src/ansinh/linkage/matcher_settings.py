"""The versioned matcher settings (`settings/v<N>.json`): Splink model, training and thresholds."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

Probability = Annotated[float, Field(gt=0, lt=1)]
DEFAULT_VERSION = "v1"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Thresholds(_Strict):
    """Match probabilities that decide the status of a probabilistic match."""

    verified: Probability
    needs_review: Probability
    ambiguity_margin: Annotated[float, Field(ge=0, le=1)] = Field(
        description="A rival candidate this close to the best sends the match to review"
    )

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.needs_review > self.verified:
            raise ValueError("needs_review must not exceed verified")
        return self


class Training(_Strict):
    """How m and u are estimated on each run."""

    u_max_pairs: Annotated[int, Field(ge=1000)]
    u_seed: int
    em_blocking_rules: Annotated[list[str], Field(min_length=1)]
    em_max_pairs: Annotated[int, Field(ge=1000)] | None = None
    expected_match_share: Probability = Field(
        description="Share of unmatched insured records expected to be in the register"
    )


class MatcherSettings(_Strict):
    """One version of the matcher."""

    version: str = Field(min_length=1)
    description: str = Field(min_length=10)
    thresholds: Thresholds
    training: Training
    splink: dict[str, Any]


def load_settings(path: Path | None = None) -> MatcherSettings:
    """Read matcher settings from `path`, or the shipped default version."""
    if path is None:
        return default_settings()
    return MatcherSettings.model_validate_json(path.read_text(encoding="utf-8"))


@cache
def default_settings() -> MatcherSettings:
    """Return the matcher settings shipped with the package."""
    resource = files("ansinh.linkage").joinpath(f"settings/{DEFAULT_VERSION}.json")
    return MatcherSettings.model_validate_json(resource.read_text(encoding="utf-8"))
