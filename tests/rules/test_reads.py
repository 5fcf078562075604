"""Parameter reads outside the engine leave a trace: value, effective date and source."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from ansinh.contributions import policy
from ansinh.health.jobs import benefit_levels
from ansinh.rules.reads import collect_reads


def test_domain_reads_are_collected_with_their_date_and_source() -> None:
    with collect_reads() as reads:
        deadline = policy.payment_deadline(date(2026, 11, 1))
        levels = benefit_levels(date(2026, 11, 1))
    assert deadline > date(2026, 11, 30)
    assert levels["DN"] >= 1
    names = [r.name for r in reads]
    assert names == ["contributions/payment_deadline", "health/benefit_level_by_code"]
    assert all(r.effective_from <= date(2026, 11, 1) and r.source.instrument for r in reads)


def test_a_read_is_logged_and_nothing_is_collected_outside_a_block(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG, logger="ansinh.rules.reads"):
        policy.payment_deadline(date(2026, 11, 1))
    line = next(r.getMessage() for r in caplog.records if r.name == "ansinh.rules.reads")
    assert line.startswith("parameter contributions/payment_deadline on 2026-11-01 = ")
    assert "in force from" in line
    with collect_reads() as reads:
        pass
    policy.payment_deadline(date(2026, 11, 1))
    assert reads == []
