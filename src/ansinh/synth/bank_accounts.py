"""Bank accounts of synthetic persons: bank by NAPAS BIN, number, holder name and status.

Every draw is a hash of the person's SI number and the seed, not a position in a random stream,
so a person's account is the same whichever subset of persons is passed: the sandbox bank (all
persons) and the platform (its beneficiaries) get identical accounts from the same seed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Annotated, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ansinh.core.arrow_text import map_values
from ansinh.core.text import strip_diacritics
from ansinh.synth.assumptions import Share, Weight, assumptions
from ansinh.synth.sampling import FloatArray, IntArray, probabilities
from ansinh.synth.text import ascii_strings, concat, digit_chars, take

Status = Literal["active", "closed", "blocked"]
PROBLEMS = ("closed", "blocked", "other_holder", "deceased")
SI_DIGITS = 10  # an account number ends with a bijection of the 10-digit SI number
_SPACE = 10**SI_DIGITS
_MULTIPLIER = 1_234_567_891  # coprime to 10, so x -> x * m + b is a bijection modulo 10**10
_U64 = np.uint64
Bin = Annotated[str, StringConstraints(pattern=r"^\d{6}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bank(_Strict):
    """One bank: its BIN, short name, weight among account holders and account-number length."""

    bin: Bin
    short_name: str
    weight: Weight
    digits: int = Field(ge=SI_DIGITS, le=19)


class Agency(_Strict):
    """The payer's own debit account: initiating-party id, holder name, BIN, number, balance."""

    party_id: str
    name: str
    bin: Bin
    account: Annotated[str, StringConstraints(pattern=r"^\d{6,19}$")]
    balance: int = Field(ge=0)


class Problems(_Strict):
    """Shares of accounts that are closed, blocked, in another's name or of a dead holder."""

    closed: Share
    blocked: Share
    other_holder: Share
    deceased: Share


class BankModel(_Strict):
    """The modelling inputs of `data/bank_accounts.yaml`."""

    source: str = Field(min_length=10)
    note: str = Field(min_length=10)
    confidence: Literal["L", "M", "H"]
    account_share: dict[Literal["urban", "rural"], Share]
    problems: Problems
    banks: list[Bank] = Field(min_length=1)
    agency: Agency


@dataclass(frozen=True)
class AgencyAccount:
    """The agency's debit account as the bank and the platform both see it."""

    party_id: str
    name: str
    bin: str
    account: str
    balance: int


@cache
def bank_model() -> BankModel:
    """Load and validate `data/bank_accounts.yaml` once."""
    text = files("ansinh.synth").joinpath("data", "bank_accounts.yaml").read_text("utf-8")
    return BankModel.model_validate(yaml.safe_load(unicodedata.normalize("NFC", text)))


def agency_account() -> AgencyAccount:
    """The agency's debit account at the sandbox bank, with its opening balance."""
    a = bank_model().agency
    return AgencyAccount(a.party_id, a.name, a.bin, a.account, a.balance)


def holder_name(name: str) -> str:
    """A name as banks hold it: no marks, upper-case ASCII, single spaces ("Lê Đức" -> "LE DUC")."""
    return " ".join(strip_diacritics(unicodedata.normalize("NFC", name)).upper().split())


def bank_accounts(persons: pa.Table, *, seed: int) -> pa.Table:
    """The accounts of `persons` (si_number, personal_id, full_name, address) who have one.

    Returns a table of si_number, personal_id, bin, account, holder, status and deceased.
    """
    model = bank_model()
    keys = pc.cast(persons.column("si_number"), pa.int64()).to_numpy().astype(_U64)
    ward = assumptions().places.commune_kinds["ward"] + " "
    urban = pc.fill_null(pc.match_substring(persons.column("address"), ward), False)
    share = np.where(
        urban.to_numpy(zero_copy_only=False),
        model.account_share["urban"],
        model.account_share["rural"],
    )
    has = _uniform(keys, seed, 0) < share
    rows = persons.filter(pa.array(has)).combine_chunks()
    keys = keys[has]
    bank = _pick(_uniform(keys, seed, 1), [b.weight for b in model.banks])
    problem = _pick(_uniform(keys, seed, 2), _problem_weights(model.problems))
    own = map_values(rows.column("full_name").chunk(0), holder_name, pa.string())
    return pa.table(
        {
            "si_number": rows.column("si_number"),
            "personal_id": rows.column("personal_id"),
            "bin": pa.array([b.bin for b in model.banks], pa.string()).take(pa.array(bank)),
            "account": _numbers(keys, bank, model.banks, seed),
            "holder": _other_holders(
                own, problem == PROBLEMS.index("other_holder") + 1, keys, seed
            ),
            "status": pa.array(
                np.array(["active", "closed", "blocked", "active", "active"])[problem]
            ),
            "deceased": pa.array(problem == PROBLEMS.index("deceased") + 1),
        }
    )


def _problem_weights(problems: Problems) -> list[float]:
    shares = [getattr(problems, name) for name in PROBLEMS]
    return [1 - sum(shares), *shares]


def _uniform(keys: npt.NDArray[np.uint64], seed: int, stream: int) -> FloatArray:
    """A uniform draw in [0, 1) per key: SplitMix64 of (key, seed, stream)."""
    with np.errstate(over="ignore"):
        x = keys * _U64(0x9E3779B97F4A7C15) + _U64((seed * 0x100000001B3 + stream) % 2**64)
        x ^= x >> _U64(30)
        x *= _U64(0xBF58476D1CE4E5B9)
        x ^= x >> _U64(27)
        x *= _U64(0x94D049BB133111EB)
        x ^= x >> _U64(31)
    uniform: FloatArray = (x >> _U64(11)).astype(np.float64) / float(2**53)
    return uniform


def _pick(uniform: FloatArray, weights: list[float]) -> IntArray:
    """Index into `weights` whose cumulative share the uniform draw falls in."""
    edges = np.cumsum(probabilities(weights))[:-1]
    picked: IntArray = np.searchsorted(edges, uniform, side="right").astype(np.int64)
    return picked


def _numbers(
    keys: npt.NDArray[np.uint64], bank: IntArray, banks: list[Bank], seed: int
) -> pa.StringArray:
    """Bank-specific account numbers: a per-bank prefix and a bijection of the SI number."""
    offset = _U64(int(_uniform(np.array([seed], dtype=_U64), seed, 3)[0] * _SPACE))
    tail = ((keys % _U64(_SPACE)) * _U64(_MULTIPLIER) + offset) % _U64(_SPACE)
    draws = _uniform(np.array([int(b.bin) for b in banks], dtype=_U64), seed, 4)
    prefixes = [
        f"{int(u * 10 ** (b.digits - SI_DIGITS)):0{b.digits - SI_DIGITS}d}"[: b.digits - SI_DIGITS]
        for u, b in zip(draws.tolist(), banks, strict=True)
    ]
    return concat(
        take(prefixes, bank), ascii_strings(digit_chars(tail.astype(np.int64), SI_DIGITS))
    )


def _other_holders(
    own: pa.StringArray, other: npt.NDArray[np.bool_], keys: npt.NDArray[np.uint64], seed: int
) -> pa.StringArray:
    """Replace the given name of the chosen rows by another one (a relative's account)."""
    pool = sorted(
        {holder_name(n) for names in assumptions().names.given_names.values() for n in names}
    )
    draws = (_uniform(keys, seed, 5) * len(pool)).astype(np.int64)
    holders = own.to_pylist()
    for i in np.flatnonzero(other):
        words = holders[i].split()
        given = pool[draws[i]] if pool[draws[i]] != words[-1] else pool[(draws[i] + 1) % len(pool)]
        holders[i] = " ".join([*words[:-1], given])
    return pa.array(holders, pa.string())
