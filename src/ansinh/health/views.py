"""Health insurance REST API: the clinic check, check-ins, cards, facilities, counts, QR."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from ansinh.core.clock import today
from ansinh.core.db import DbSession
from ansinh.core.direct import dependency, json_body, resolved_by
from ansinh.core.pagination import Page, Paging, fetch_page
from ansinh.core.security.actor import Actor
from ansinh.core.security.deps import Purpose, require
from ansinh.core.signing import key_set, public_jwks
from ansinh.health import service
from ansinh.health.cards import qr
from ansinh.health.eligibility.checks import Checks, check_and_log, checking
from ansinh.health.eligibility.clinic import ClinicCaller, bearer, current_clinic
from ansinh.health.schemas import (
    CardChange,
    CardRead,
    CardWithQr,
    CheckInCreate,
    CheckInRead,
    DailyCount,
    EligibilityRead,
    EligibilityRequest,
    FacilityCreate,
    FacilityRead,
    FacilityUserCreate,
    FacilityUserRead,
    HolderRead,
    QrVerified,
    QrVerify,
)
from ansinh.identity.schemas import SiNumberPath

router = APIRouter(prefix="/api/v1/hi", tags=["health insurance"])

CardReader = Annotated[Actor, Depends(require("hi:cards:read"))]
CardWriter = Annotated[Actor, Depends(require("hi:cards:write"))]
Admin = Annotated[Actor, Depends(require("hi:admin"))]
StatsReader = Annotated[Actor, Depends(require("hi:stats"))]
FacilityPath = Annotated[str, Path(pattern=r"^\d{5}$", description="5-digit facility code")]
ProvinceFilter = Annotated[str | None, Query(pattern=r"^\d{2}$")]


async def check_eligibility(
    body: EligibilityRequest, clinic: ClinicCaller, checks: Checks
) -> Response:
    """Check a patient's card before treatment; every check is logged, found or not."""
    clinic.require_facility(body.facility_code)
    visit_date, query = body.visit_date or today(), body.query()
    verdict, check_id = await check_and_log(
        find=checks.find,
        sink=checks.sink,
        query=query,
        facility_code=body.facility_code,
        visit_date=visit_date,
        client_id=clinic.actor.id,
        channel="api",
    )
    answer = EligibilityRead.of(
        verdict,
        query=query,
        check_id=check_id,
        facility_code=body.facility_code,
        visit_date=visit_date,
    )
    # Serialised by the model itself: built here, it needs no second validation on the way out.
    return Response(answer.model_dump_json(), media_type="application/json")


async def _resolve_check(request: Request) -> Response:
    """`check_eligibility`'s arguments, resolved by hand: the clinic check is the hot path."""
    checks = await dependency(request, checking)
    clinic = await current_clinic(checks, await bearer(request))
    body = await json_body(request, EligibilityRequest)
    return await check_eligibility(body, clinic, checks)


router.add_api_route(
    "/eligibility",
    check_eligibility,
    methods=["POST"],
    response_model=EligibilityRead,
    route_class_override=resolved_by(_resolve_check),
)


@router.post("/check-ins", status_code=status.HTTP_201_CREATED, response_model=CheckInRead)
def create_check_in(body: CheckInCreate, db: DbSession, clinic: ClinicCaller) -> CheckInRead:
    """Record a visit after a usable check at the same facility."""
    check_in = service.record_check_in(
        db_session=db,
        clinic=clinic,
        check_in=body,
        actor=clinic.actor,
        purpose=f"HI {body.visit_type} visit check-in at facility {clinic.facility_code}",
    )
    return CheckInRead.model_validate(check_in)


@router.get("/stats/daily", response_model=list[DailyCount])
def daily_counts(
    db: DbSession,
    _: StatsReader,
    date_from: Annotated[date, Query(description="First day (Vietnam time)")],
    date_to: Annotated[date, Query(description="Last day, included")],
    by: Annotated[service.CountBy, Query(description="Group by facility or province")],
    province_code: ProvinceFilter = None,
) -> list[DailyCount]:
    """Checks ("verification turns"), usable checks and check-ins per day, for the scorecard."""
    return service.daily_counts(
        db_session=db, date_from=date_from, date_to=date_to, by=by, province_code=province_code
    )


@router.get("/persons/{si_number}/card", response_model=CardWithQr)
def read_card(
    si_number: SiNumberPath, db: DbSession, actor: CardReader, purpose: Purpose
) -> CardWithQr:
    """A person's current card with its signed QR payload."""
    person, card = service.read_card(
        db_session=db, si_number=si_number, actor=actor, purpose=purpose
    )
    return CardWithQr(
        holder=HolderRead.of(person), card=CardRead.of(card), qr_jws=qr.sign_card(person, card)
    )


@router.get(
    "/persons/{si_number}/card/qr",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}, "image/png": {}}}},
)
def read_card_qr(
    si_number: SiNumberPath,
    db: DbSession,
    actor: CardReader,
    purpose: Purpose,
    image_format: Annotated[qr.ImageFormat, Query(alias="format")] = "svg",
) -> Response:
    """The QR image printed on (or shown for) a person's current card."""
    person, card = service.read_card(
        db_session=db, si_number=si_number, actor=actor, purpose=purpose
    )
    image = qr.render(qr.sign_card(person, card), image_format)
    return Response(image, media_type=qr.MEDIA_TYPES[image_format])


@router.patch("/persons/{si_number}/card", response_model=CardRead)
def change_card(
    si_number: SiNumberPath, body: CardChange, db: DbSession, actor: CardWriter, purpose: Purpose
) -> CardRead:
    """Change the primary-care facility, suspend, reinstate or end a person's current card."""
    service.change_card(
        db_session=db, si_number=si_number, change=body, actor=actor, purpose=purpose
    )
    return CardRead.of(service.current_card(db_session=db, si_number=si_number)[1])


@router.post("/qr/verify", response_model=QrVerified)
def verify_qr(body: QrVerify) -> QrVerified:
    """Verify a card QR against the published key (no database: nothing is looked up)."""
    kid, claims = qr.verify_card(body.token, key_set(public_jwks()))
    return QrVerified(kid=kid, claims=claims)


@router.post("/facilities", status_code=status.HTTP_201_CREATED, response_model=FacilityRead)
def create_facility(body: FacilityCreate, db: DbSession, _: Admin) -> FacilityRead:
    """Register a medical facility."""
    return FacilityRead.model_validate(service.create_facility(db_session=db, facility_in=body))


@router.get("/facilities", response_model=Page[FacilityRead])
def list_facilities(
    db: DbSession, paging: Paging, province_code: ProvinceFilter = None
) -> Page[FacilityRead]:
    """List medical facilities (public), optionally by province."""
    rows, total = fetch_page(db, service.list_facilities(province_code=province_code), paging)
    items = [FacilityRead.model_validate(f) for f in rows]
    return Page(items=items, total=total, page=paging.page, size=paging.size)


@router.get("/facilities/{code}", response_model=FacilityRead)
def read_facility(code: FacilityPath, db: DbSession) -> FacilityRead:
    """Read one medical facility (public)."""
    return FacilityRead.model_validate(service.get_facility(db_session=db, code=code))


@router.post(
    "/facilities/{code}/users", status_code=status.HTTP_201_CREATED, response_model=FacilityUserRead
)
def add_facility_user(
    code: FacilityPath, body: FacilityUserCreate, db: DbSession, _: Admin
) -> FacilityUserRead:
    """Put a clerk on the facility's user list (the gateway checks cccdCb and hoTenCb)."""
    user = service.add_facility_user(db_session=db, facility_code=code, user_in=body)
    return FacilityUserRead.of(user)


@router.get("/facilities/{code}/users", response_model=list[FacilityUserRead])
def list_facility_users(code: FacilityPath, db: DbSession, _: Admin) -> list[FacilityUserRead]:
    """The facility's clerks, personal IDs masked."""
    users = service.list_facility_users(db_session=db, facility_code=code)
    return [FacilityUserRead.of(u) for u in users]
