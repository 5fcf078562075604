"""Self-paid schemes: voluntary social insurance and household health insurance.

A person enrols once per scheme and pays one cycle of months at a time, starting with the month
after the last one paid. Each payment records its months in the SI book (recorded time = the
payment's) with the amounts the parameters in force on the payment day give: voluntary SI is
contributions/voluntary/rate of the chosen income (kept between the floor and the ceiling in
force) less the State support of its group; household health insurance is the member's premium
from the rules formula `hi_household_premium`, a twelfth of the yearly premium per month
(rounded to the dong per month: the law quotes yearly amounts only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ansinh.contributions.book.record import now
from ansinh.contributions.exceptions import EnrolmentNotFound, PaymentReferenceReused
from ansinh.contributions.models import Enrolment, SelfPayment
from ansinh.core.audit import service as audit
from ansinh.core.audit.service import AuditAction
from ansinh.core.errors import Conflict, Unprocessable
from ansinh.core.security.actor import Actor
from ansinh.registry.service import get_person
from ansinh.rules.history import add_months, month_start
from ansinh.rules.money import dec, fmt_vnd, to_vnd
from ansinh.rules.reads import law
from ansinh.rules.service import get_benefit

MONTHS_PER_YEAR = 12


def _number(name: str, on: date, key: str | None = None) -> Decimal:
    value = law(name, on)
    if key is not None and isinstance(value, dict):
        value = value[key]
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"parameter {name} is not a number")
    return dec(value)


def _cycles(scheme: str, on: date) -> list[int]:
    name = "voluntary" if scheme == "voluntary" else "household_hi"
    value = law(f"contributions/{name}/payment_cycles", on)
    return [int(v) for v in value] if isinstance(value, list) else []


def income_bounds(on: date) -> tuple[int, int]:
    """The lowest and highest monthly income a voluntary contributor may choose on `on`."""
    floor = _number("contributions/voluntary/income_floor", on)
    ceiling = _number("contributions/voluntary/income_ceiling_multiplier", on) * _number(
        "general/reference_level", on
    )
    return to_vnd(floor), to_vnd(ceiling)


def enrol(
    *,
    db_session: Session,
    si_number: str,
    scheme: str,
    cycle_months: int,
    on: date,
    income: int | None = None,
    actor: Actor,
    purpose: str,
    support_group: str | None = None,
    household_code: str | None = None,
) -> Enrolment:
    """Register a person for voluntary SI (income) or household HI (household); audited."""
    get_person(db_session=db_session, si_number=si_number)
    if cycle_months not in _cycles(scheme, on):
        raise Unprocessable(
            f"cycle_months: choose one of {', '.join(map(str, _cycles(scheme, on)))}"
        )
    if income is not None:
        low, high = income_bounds(on)
        if not low <= income <= high:
            raise Unprocessable(f"income: choose {fmt_vnd(low)} to {fmt_vnd(high)} VND a month")
    existing = db_session.scalar(
        select(Enrolment).where(Enrolment.si_number == si_number, Enrolment.scheme == scheme)
    )
    if existing is not None:
        raise Conflict(f"this person is already enrolled in the {scheme} scheme")
    member = None
    if household_code is not None:
        db_session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:code))"), {"code": household_code}
        )
        member = 1 + int(
            db_session.scalar(
                select(func.count()).where(Enrolment.household_code == household_code)
            )
            or 0
        )
    enrolment = Enrolment(
        si_number=si_number,
        scheme=scheme,
        start_month=month_start(on),
        cycle_months=cycle_months,
        income=income,
        support_group=support_group,
        household_code=household_code,
        member_number=member,
    )
    db_session.add(enrolment)
    db_session.flush()
    _audit(db_session, enrolment, actor=actor, purpose=purpose, action="create")
    return enrolment


def _audit(
    db_session: Session, enrolment: Enrolment, *, actor: Actor, purpose: str, action: AuditAction
) -> None:
    audit.record(
        db_session=db_session,
        actor=actor,
        subjects=[enrolment.si_number],
        action=action,
        resource="contributions.enrolment",
        purpose=purpose,
    )


@dataclass(frozen=True)
class Quote:
    """What the next cycle covers and costs."""

    first_month: date
    months: int
    monthly_contribution: int
    monthly_support: int
    supported_months: int
    base: int

    @property
    def amount(self) -> int:
        """What the person pays for the cycle."""
        return (
            self.months * self.monthly_contribution - self.supported_months * self.monthly_support
        )


def get_enrolment(*, db_session: Session, enrolment_id: int, lock: bool = False) -> Enrolment:
    """Return the enrolment (locked if asked) or raise EnrolmentNotFound (unaudited)."""
    enrolment = db_session.get(Enrolment, enrolment_id, with_for_update=lock)
    if enrolment is None:
        raise EnrolmentNotFound()
    return enrolment


def read_enrolment(
    *, db_session: Session, enrolment_id: int, actor: Actor, purpose: str
) -> Enrolment:
    """Return the enrolment or raise EnrolmentNotFound; the read is audited."""
    enrolment = get_enrolment(db_session=db_session, enrolment_id=enrolment_id)
    _audit(db_session, enrolment, actor=actor, purpose=purpose, action="read")
    return enrolment


def quote(*, db_session: Session, enrolment: Enrolment, on: date) -> Quote:
    """The next cycle of `enrolment` if paid on `on`."""
    latest = db_session.scalar(
        select(SelfPayment)
        .where(SelfPayment.enrolment_id == enrolment.enrolment_id)
        .order_by(SelfPayment.first_month.desc())
        .limit(1)
    )
    first = add_months(latest.first_month, latest.months) if latest else enrolment.start_month
    if enrolment.scheme == "household":
        return _household_quote(enrolment, first, on)
    return _voluntary_quote(db_session, enrolment, first, on)


def _voluntary_quote(db_session: Session, enrolment: Enrolment, first: date, on: date) -> Quote:
    rate = _number("contributions/voluntary/rate", on)
    low, high = income_bounds(on)
    base = min(max(int(enrolment.income or 0), low), high)
    share = _number("contributions/voluntary/state_support", on, key=enrolment.support_group)
    limit = int(_number("contributions/voluntary/state_support_max_months", on))
    supported_so_far = int(
        db_session.scalar(
            text(
                "SELECT count(*) FROM contribution_book WHERE si_number = :si "
                "AND scheme = 'voluntary' AND recorded_to IS NULL AND state_support > 0"
            ),
            {"si": enrolment.si_number},
        )
        or 0
    )
    return Quote(
        first_month=first,
        months=enrolment.cycle_months,
        monthly_contribution=to_vnd(rate * base),
        monthly_support=to_vnd(share * rate * low),
        supported_months=max(0, min(enrolment.cycle_months, limit - supported_so_far)),
        base=base,
    )


def _household_quote(enrolment: Enrolment, first: date, on: date) -> Quote:
    formula = get_benefit("hi_household_premium")
    member = int(enrolment.member_number or 1)
    yearly = formula.calculate(
        formula.case_model(payment_date=on, members=member, member=member)
    ).amount
    return Quote(
        first_month=first,
        months=enrolment.cycle_months,
        monthly_contribution=to_vnd(Decimal(yearly or 0) / MONTHS_PER_YEAR),
        monthly_support=0,
        supported_months=0,
        base=0,
    )


def pay(
    *,
    db_session: Session,
    enrolment_id: int,
    amount: int,
    paid_on: date,
    reference: str,
    actor: Actor,
    purpose: str,
) -> tuple[SelfPayment, bool]:
    """Record one cycle's payment and its months in the book (a retried reference: no-op)."""
    enrolment = get_enrolment(db_session=db_session, enrolment_id=enrolment_id, lock=True)
    _audit(db_session, enrolment, actor=actor, purpose=purpose, action="update")
    earlier = db_session.scalar(
        select(SelfPayment).where(
            SelfPayment.enrolment_id == enrolment_id, SelfPayment.reference == reference
        )
    )
    if earlier is not None:
        if (earlier.amount, earlier.paid_on) != (amount, paid_on):
            raise PaymentReferenceReused()
        return earlier, False
    due = quote(db_session=db_session, enrolment=enrolment, on=paid_on)
    if amount != due.amount:
        raise Unprocessable(
            f"amount: the {due.months} months from {due.first_month:%Y-%m} cost "
            f"{fmt_vnd(due.amount)} VND when paid on {paid_on}"
        )
    recorded_at = now(db_session)
    payment = SelfPayment(
        enrolment_id=enrolment_id,
        first_month=due.first_month,
        months=due.months,
        amount=amount,
        state_support=due.supported_months * due.monthly_support,
        paid_on=paid_on,
        reference=reference,
        recorded_at=recorded_at,
    )
    db_session.add(payment)
    fund = "pension_survivors" if enrolment.scheme == "voluntary" else "health"
    db_session.execute(
        text(
            "INSERT INTO contribution_book (si_number, scheme, month, salary, base, "
            "pension_survivors_employer, pension_survivors_employee, sickness_maternity_employer, "
            "sickness_maternity_employee, work_injury_employer, work_injury_employee, "
            "unemployment_employer, unemployment_employee, health_employer, health_employee, "
            "state_support, recorded_from) "
            "SELECT :si, :scheme, (:first + n * interval '1 month')::date, :salary, :base, "
            "0, :ps, 0, 0, 0, 0, 0, 0, 0, :hi, CASE WHEN n < :supported THEN :support ELSE 0 END, "
            ":at FROM generate_series(0, :months - 1) AS n"
        ),
        {
            "si": enrolment.si_number,
            "scheme": enrolment.scheme,
            "first": due.first_month,
            "salary": enrolment.income or 0,
            "base": due.base,
            "ps": due.monthly_contribution if fund == "pension_survivors" else 0,
            "hi": due.monthly_contribution if fund == "health" else 0,
            "supported": due.supported_months,
            "support": due.monthly_support,
            "months": due.months,
            "at": recorded_at,
        },
    )
    db_session.flush()
    return payment, True
