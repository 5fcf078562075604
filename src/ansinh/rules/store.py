"""Dated legal parameters loaded from `rules/parameters/**/*.yaml`, strictly validated."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ansinh.core.errors import Unprocessable

Scalar = int | float | str | bool
Value = Scalar | dict[str, Scalar] | list[Scalar]
Confidence = Literal["H", "M", "L"]


class ParameterError(ValueError):
    """A parameter file is malformed or has no value in force on the asked date."""


class NotInForce(ParameterError, Unprocessable):
    """No value of a parameter is in force on the asked date: a 422 for whoever asked."""

    def __init__(self, detail: str) -> None:
        Unprocessable.__init__(self, detail)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """The legal instrument that sets one dated value."""

    instrument: str = Field(min_length=3)
    article: str | None = None
    url: str | None = None
    note: str | None = None


class DatedValue(_Strict):
    """One value and its source, in force from its date until the next one (None = repealed)."""

    value: Value | None
    source: Source
    confidence: Confidence | None = None
    expected: bool = False
    # A reading of the law the sources do not settle: kept as data, its reasoning in `note`.
    uncertain: bool = False


class ParameterFile(_Strict):
    """The schema every parameter YAML file must follow."""

    description: str = Field(min_length=10)
    unit: str
    confidence: Confidence
    last_checked: date
    documentation: str | None = None
    values: dict[date, DatedValue] = Field(min_length=1)

    @field_validator("values")
    @classmethod
    def _dates_ascending(cls, values: dict[date, DatedValue]) -> dict[date, DatedValue]:
        dates = list(values)
        if dates != sorted(dates):
            raise ValueError("dates under 'values' must be in ascending order")
        return values


@dataclass(frozen=True)
class InForce:
    """The value of a parameter in force on a date, with where it comes from."""

    name: str
    value: Value
    effective_from: date
    source: Source
    confidence: Confidence
    uncertain: bool = False


@dataclass(frozen=True)
class Period:
    """An enacted value and the days it is in force, `start` to `end` (None: still in force)."""

    start: date
    end: date | None
    value: Value | None
    source: Source
    confidence: Confidence
    uncertain: bool = False


@dataclass(frozen=True)
class Parameter:
    """A legal quantity with its dated history."""

    name: str
    spec: ParameterFile

    def enacted(self) -> list[Period]:
        """The enacted values in date order, each with its last day (`expected` ones skipped).

        A value of None is a repeal: the period says nothing is in force. Every reader that walks
        a parameter's history uses this, so a value announced but not yet enacted never counts.
        """
        return list(self._periods)

    @cached_property
    def _periods(self) -> tuple[Period, ...]:
        dated = [(d, v) for d, v in self.spec.values.items() if not v.expected]
        return tuple(
            Period(
                start=since,
                end=dated[i + 1][0] - timedelta(days=1) if i + 1 < len(dated) else None,
                value=entry.value,
                source=entry.source,
                confidence=entry.confidence or self.spec.confidence,
                uncertain=entry.uncertain,
            )
            for i, (since, entry) in enumerate(dated)
        )

    def in_force(self, on: date) -> InForce:
        """Return the value in force on `on` (expected, not yet enacted values are skipped)."""
        index = bisect.bisect_right(self._starts, on) - 1
        if index < 0:
            raise NotInForce(
                f"{self.name}: no value in force on {on} (the first is from {self._starts[0]})"
            )
        found = self._in_force[index]
        if found is None:
            raise NotInForce(
                f"{self.name}: repealed on {self._starts[index]}, nothing in force on {on}"
            )
        return found

    @cached_property
    def _starts(self) -> list[date]:
        return [p.start for p in self._periods]

    @cached_property
    def _in_force(self) -> tuple[InForce | None, ...]:
        """Each period's answer, made once: the engine asks for it per claim and parameter."""
        return tuple(
            None
            if p.value is None
            else InForce(
                name=self.name,
                value=p.value,
                effective_from=p.start,
                source=p.source,
                confidence=p.confidence,
                uncertain=p.uncertain,
            )
            for p in self._periods
        )

    def value_at(self, on: date) -> Value:
        """Return just the value in force on `on`."""
        return self.in_force(on).value


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that rejects duplicate keys instead of silently keeping the last."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)
        if key in mapping:
            raise ParameterError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def parse_parameter(name: str, text: str) -> Parameter:
    """Validate one parameter file's text; raise ParameterError naming the file and the fault."""
    try:
        raw = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
        return Parameter(name=name, spec=ParameterFile.model_validate(raw))
    except ValidationError as exc:
        faults = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ParameterError(f"{name}: {faults}") from exc
    except (yaml.YAMLError, ValueError) as exc:  # bad YAML, bad date, duplicate key
        raise ParameterError(f"{name}: {exc}") from exc


def _root() -> Traversable:
    return resources.files("ansinh.rules") / "parameters"


def _walk(folder: Traversable, prefix: str) -> dict[str, Traversable]:
    found: dict[str, Traversable] = {}
    for entry in folder.iterdir():
        if entry.is_dir():
            found |= _walk(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith(".yaml") and entry.name != "index.yaml":
            found[f"{prefix}{entry.name.removesuffix('.yaml')}"] = entry
    return found


@cache
def all_parameters() -> dict[str, Parameter]:
    """Load and validate every parameter file once, keyed by path without `.yaml`."""
    return {
        name: parse_parameter(name, entry.read_text(encoding="utf-8"))
        for name, entry in sorted(_walk(_root(), "").items())
    }


def parameter(name: str) -> Parameter:
    """Return the parameter stored at `rules/parameters/<name>.yaml`."""
    try:
        return all_parameters()[name]
    except KeyError:
        raise ParameterError(f"no parameter named {name!r}") from None
