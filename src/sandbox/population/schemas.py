"""Request and response shapes of the population register sandbox."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

PersonalId = Annotated[str, Field(pattern=r"^\d{12}$", description="12-digit personal ID")]
PartialDate = Annotated[
    str,
    Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY-MM-DD, YYYY-MM or YYYY"),
]
Sex = Literal["M", "F"]
Verdict = Literal["match", "partial", "mismatch"]
ChangeKind = Literal["birth", "death", "name", "residence"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class VerifyRequest(_Strict):
    """A person's identity data to check against the register."""

    personal_id: PersonalId
    full_name: Annotated[str, Field(min_length=1, max_length=100)]
    date_of_birth: PartialDate
    sex: Sex


class VerifyResult(BaseModel):
    """Whether the ID exists and which fields agree (partial: agrees at the precision given)."""

    found: bool
    alive: bool | None = None
    full_name: Verdict | None = None
    date_of_birth: Verdict | None = None
    sex: Verdict | None = None


class LookupRequest(_Strict):
    """Look a citizen up by personal ID (the ID travels in the body, never the URL)."""

    personal_id: PersonalId


class Citizen(BaseModel):
    """A citizen as the register holds them."""

    record_id: str
    personal_id: str
    full_name: str
    date_of_birth: str
    sex: Sex
    province: str | None
    address: str | None
    alive: bool


class Change(BaseModel):
    """One event of the change feed."""

    seq: int
    at: str
    kind: ChangeKind
    record_id: str
    personal_id: str
    detail: dict[str, str | None]


class ChangePage(BaseModel):
    """Events after a sequence number; ask again with `after=next_after`."""

    items: list[Change]
    next_after: int


class Event(_Strict):
    """A civil-registration event to apply (births need every identity field)."""

    kind: ChangeKind
    record_id: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    personal_id: PersonalId | None = None
    full_name: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    date_of_birth: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None
    sex: Sex | None = None
    province: Annotated[str, Field(max_length=100)] | None = None
    address: Annotated[str, Field(max_length=500)] | None = None
