"""The sandbox's own citizens and registered clients; it never reads the platform's database.

Citizens come from the synthetic population generator (`ansinh.synth.generate`): with the same
people count, seed and province as `ansinh demo`, the generator is deterministic, so the e-ID
sandbox and the platform's registry describe the same synthetic people without sharing storage,
just as the real VNeID and VSS both hold the population register's identities.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ansinh.synth import generate


@dataclass(frozen=True)
class Citizen:
    """A person with a national e-ID account."""

    personal_id: str
    full_name: str
    date_of_birth: date
    sex: str  # "M" or "F"

    @property
    def family_name(self) -> str:
        """The family name (the first word of a Vietnamese name)."""
        return self.full_name.split()[0]

    @property
    def given_name(self) -> str:
        """The given name (the last word of a Vietnamese name)."""
        return self.full_name.split()[-1]


@dataclass(frozen=True)
class RegisteredClient:
    """A relying party registered with the provider, authenticating with `private_key_jwt`."""

    client_id: str
    name: str
    redirect_uris: tuple[str, ...]
    jwks: Mapping[str, Any]
    post_logout_redirect_uris: tuple[str, ...] = ()
    scopes: frozenset[str] = frozenset({"openid", "profile"})
    audiences: tuple[str, ...] = field(default=())  # resource servers its access tokens may call


class CitizenStore:
    """Citizens by personal ID, with a short list of adults a tester can pick from."""

    def __init__(
        self,
        citizens: Iterable[Citizen],
        *,
        adult_on: date,
        featured: Iterable[str] = (),
    ) -> None:
        self._by_id = {c.personal_id: c for c in citizens}
        self._adult_on = adult_on
        self._featured = set(featured)

    @classmethod
    def synthetic(cls, *, people: int, seed: int, province: str | None) -> CitizenStore:
        """The synthetic population (deterministic per arguments); its workers are picked first."""
        dataset = generate(people=people, seed=seed, province=province)
        working = set(dataset.employments.column("si_number").to_pylist())
        rows = dataset.persons.to_pylist()
        return cls(
            (
                Citizen(r["personal_id"], r["full_name"], r["date_of_birth"], r["sex"])
                for r in rows
                if r["personal_id"]
            ),
            adult_on=dataset.as_of,
            featured=(r["personal_id"] for r in rows if r["si_number"] in working),
        )

    def get(self, personal_id: str) -> Citizen | None:
        """The citizen with `personal_id`, if the register knows them."""
        return self._by_id.get(personal_id)

    def sample(self, count: int = 12) -> list[Citizen]:
        """Up to `count` citizens of working age (18 to 60) for the picker, workers first."""
        working_age = [
            c for c in self._by_id.values() if 18 <= _age(c.date_of_birth, self._adult_on) <= 60
        ]
        working_age.sort(key=lambda c: c.personal_id not in self._featured)
        return working_age[:count]


def _age(birth: date, day: date) -> int:
    """Completed years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
