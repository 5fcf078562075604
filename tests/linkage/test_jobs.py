"""The reconciliation job pulls the register's extract over HTTP and sets statuses."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ansinh.linkage.jobs import reconcile_registry
from ansinh.linkage.matcher_settings import MatcherSettings
from ansinh.linkage.models import ReviewItem
from ansinh.linkage.register_client import RegisterClient
from ansinh.registry.models import Person
from ansinh.synth.messy import Truth
from tests.linkage.conftest import load_persons


def _statuses(db_session: Session) -> dict[str, int]:
    rows = db_session.execute(select(Person.auth_status, func.count()).group_by(Person.auth_status))
    return {str(status): int(n) for status, n in rows}


def test_reconciliation_sets_statuses_and_queues_reviews(
    db_session: Session, truth: Truth, register: RegisterClient, fast_settings: MatcherSettings
) -> None:
    loaded = load_persons(db_session, truth.insured)
    run = reconcile_registry(db_session=db_session, register=register, settings=fast_settings)
    statuses = _statuses(db_session)
    assert sum(statuses.values()) == len(loaded)
    assert statuses["verified"] >= 0.95 * len(loaded)
    assert statuses.get("unverified", 0) == 0
    reviews = db_session.scalars(select(ReviewItem).where(ReviewItem.state == "open")).all()
    assert len(reviews) == statuses.get("needs_review", 0) > 0
    assert all(r.run_id == run.id and r.register_record["record_id"] for r in reviews)
    assert run.summary["statuses"]["verified"] == statuses["verified"]
    checked = db_session.scalar(select(func.count()).where(Person.auth_checked_at.is_not(None)))
    assert checked == len(loaded)


def test_a_second_run_leaves_verified_persons_alone(
    db_session: Session, truth: Truth, register: RegisterClient, fast_settings: MatcherSettings
) -> None:
    loaded = load_persons(db_session, truth.insured.slice(0, 600))
    reconcile_registry(db_session=db_session, register=register, settings=fast_settings)
    first = _statuses(db_session)
    again = reconcile_registry(db_session=db_session, register=register, settings=fast_settings)
    assert again.summary["insured_records"] == len(loaded) - first["verified"]
    assert _statuses(db_session)["verified"] >= first["verified"]
    open_items = select(func.count()).where(ReviewItem.state == "open")
    assert db_session.scalar(open_items) == _statuses(db_session).get("needs_review", 0)
