"""The Project 06 scorecard: live figures, "not yet available" until their domain exists."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.portal.conftest import Citizen, login

NOT_YET = {"ui_paid_within_limit"}  # no benefit month is due yet: a share of nothing


def test_every_figure_is_listed_and_absent_domains_are_not_yet_available(
    browser: TestClient, population: list[Citizen]
) -> None:
    figures = {f["key"]: f for f in browser.get("/api/v1/scorecard").json()["figures"]}
    assert len(figures) == 13
    for key in NOT_YET:
        assert not figures[key]["available"] and figures[key]["value"] is None
    assert figures["citizens_authenticated"]["parts"]["persons"] == 60
    assert figures["online_services"]["value"] == 17
    assert figures["online_services"]["parts"]["in_catalogue"] == 57
    assert figures["service_decided_in_time"]["percent"]
    assert figures["hi_eligibility_checks"]["available"]
    assert figures["pensioners_paid_to_accounts"]["available"]
    assert figures["ui_records_provided"]["available"]
    records = figures["integrated_procedure_records"]
    assert records["available"] and records["value"] == 0


def test_logins_are_counted_and_charted(
    browser: TestClient, eid: TestClient, alice: Citizen
) -> None:
    before = {f["key"]: f for f in browser.get("/api/v1/scorecard").json()["figures"]}
    login(browser, eid, alice)
    after = browser.get("/api/v1/scorecard").json()
    figures = {f["key"]: f for f in after["figures"]}
    assert figures["eid_logins"]["value"] == before["eid_logins"]["value"] + 1
    assert after["daily"]["eid_logins"][-1]["count"] >= 1
    page = browser.get("/scorecard")
    assert "<svg" in page.text and page.text.count("<rect") == 28
    assert "Chưa có" in page.text
