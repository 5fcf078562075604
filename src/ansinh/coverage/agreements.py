"""Social-security agreements as dated data: one file per country under coverage/agreements/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ansinh.rules.store import NotInForce, Parameter, Period, all_parameters

FOLDER = "coverage/agreements/"


@dataclass(frozen=True)
class Agreement:
    """The terms of one agreement in force: who, since when, what, and how long a posting lasts."""

    country: str
    name_vi: str
    name_en: str
    signed_on: date
    in_force_from: date
    count_from: date
    scope_vi: str
    scope_en: str
    host_scheme: str
    posting_months: int
    extension_months: int
    form: str
    source: str

    @property
    def longest_months(self) -> int:
        """The longest posting the agreement allows, extension included."""
        return self.posting_months + self.extension_months


def _country_of(period: Period) -> str | None:
    value = period.value
    return str(value["country"]) if isinstance(value, dict) else None


def _file_of(country: str) -> Parameter | None:
    for name, parameter in all_parameters().items():
        if name.startswith(FOLDER) and any(_country_of(p) == country for p in parameter.enacted()):
            return parameter
    return None


def agreement_with(country: str, on: date) -> Agreement | None:
    """The agreement with `country` (ISO 3166 alpha-2) in force on `on`; None if there is none."""
    parameter = _file_of(country)
    if parameter is None:
        return None
    try:
        found = parameter.in_force(on)
    except NotInForce:
        return None
    terms = found.value
    assert isinstance(terms, dict)
    return Agreement(
        country=str(terms["country"]),
        name_vi=str(terms["name_vi"]),
        name_en=str(terms["name_en"]),
        signed_on=date.fromisoformat(str(terms["signed_on"])),
        in_force_from=found.effective_from,
        count_from=date.fromisoformat(str(terms["count_from"])),
        scope_vi=str(terms["scope_vi"]),
        scope_en=str(terms["scope_en"]),
        host_scheme=str(terms["host_scheme"]),
        posting_months=int(terms["posting_months"]),
        extension_months=int(terms["extension_months"]),
        form=str(terms["form"]),
        source=found.source.instrument,
    )


def first_in_force(country: str) -> date | None:
    """The first day an agreement with `country` was in force; None if there never was one."""
    parameter = _file_of(country)
    if parameter is None:
        return None
    return next((p.start for p in parameter.enacted() if p.value is not None), None)
