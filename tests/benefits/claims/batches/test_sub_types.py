"""Every group of Part 1 (A sickness, B maternity, C convalescence) is filed and decided."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from tests.benefits.claims.conftest import Certify

from .conftest import API, Hire, send, sick_line


def test_each_sub_type_reaches_a_decision(
    client: TestClient, headers: dict[str, str], hire: Hire, certify: Certify
) -> None:
    women = [hire() for _ in range(8)]
    man = hire(sex="M")
    c = certify
    lines = [
        sick_line(
            women[0],
            c("sick_leave", women[0], from_date=date(2026, 11, 2), to_date=date(2026, 11, 4)),
            subtype="long_term",
            from_date="2026-11-02",
            to_date="2026-11-04",
            days=3,
        ),
        sick_line(
            women[1],
            c("sick_leave", None, from_date=date(2026, 11, 2), to_date=date(2026, 11, 4)),
            subtype="sick_child",
            child_birth_date="2023-01-01",
        ),
        sick_line(
            women[2],
            None,
            branch="maternity",
            subtype="prenatal",
            from_date="2026-11-03",
            to_date="2026-11-03",
            days=1,
        ),
        sick_line(
            women[3],
            c("discharge", women[3], from_date=date(2026, 10, 20), to_date=date(2026, 10, 29)),
            branch="maternity",
            subtype="miscarriage",
            from_date="2026-10-20",
            to_date="2026-10-29",
            days=10,
            gestational_weeks=4,
        ),
        sick_line(
            women[4],
            c("birth", women[4], event_date=date(2026, 10, 1)),
            branch="maternity",
            subtype="birth",
            from_date="2026-10-01",
            to_date="2027-03-31",
            days=182,
            child_birth_date="2026-10-01",
            children=1,
        ),
        sick_line(
            man,
            c("birth", None, event_date=date(2026, 10, 1)),
            branch="maternity",
            subtype="father",
            from_date="2026-10-01",
            to_date="2026-10-07",
            days=5,
            weekly_rest_days=2,
            child_birth_date="2026-10-01",
        ),
        sick_line(
            women[5],
            None,
            branch="maternity",
            subtype="contraception",
            from_date="2026-11-02",
            to_date="2026-11-08",
            days=7,
            contraception_method="iud",
        ),
        sick_line(
            women[6],
            None,
            branch="convalescence",
            subtype="after_sickness",
            from_date="2026-11-05",
            to_date="2026-11-09",
            days=5,
            convalescence_reason="other",
            preceding_leave_end="2026-11-04",
            sick_days_this_year=40,
        ),
        sick_line(
            women[7],
            None,
            branch="convalescence",
            subtype="after_maternity",
            from_date="2026-11-02",
            to_date="2026-11-06",
            days=5,
            convalescence_reason="other",
            preceding_leave_end="2026-11-01",
        ),
    ]
    answer = send(client, headers, *lines)
    assert answer.status_code == 201, answer.json()
    items = client.get(f"{API}/{answer.json()['batch_id']}/lines", headers=headers).json()["items"]
    outcomes = {x["subtype"]: (x["status"], x["amount"]) for x in items}
    assert outcomes == {
        "long_term": ("granted", 1_125_000),
        "sick_child": ("granted", 1_125_000),
        "prenatal": ("granted", 500_000),
        "miscarriage": ("granted", 4_000_000),
        "birth": ("pending", None),  # above the maker-checker threshold: an officer approves
        "father": ("granted", 2_500_000),
        "contraception": ("granted", 2_800_000),
        "after_sickness": ("granted", 3_795_000),
        "after_maternity": ("granted", 3_795_000),
    }
