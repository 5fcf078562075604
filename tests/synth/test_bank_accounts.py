"""Bank accounts of synthetic persons: shares, banks, numbers, names, and the same per person."""

import pyarrow.compute as pc

from ansinh.synth import Dataset
from ansinh.synth.bank_accounts import agency_account, bank_accounts, bank_model, holder_name


def test_about_four_in_five_have_an_account_more_in_wards(national: Dataset) -> None:
    persons = national.persons
    accounts = bank_accounts(persons, seed=7)
    assert 0.77 <= accounts.num_rows / persons.num_rows <= 0.83
    ward = pc.match_substring(persons.column("address"), "Phường ")
    urban = set(persons.filter(ward).column("si_number").to_pylist())
    holders = set(accounts.column("si_number").to_pylist())
    urban_share = len(holders & urban) / len(urban)
    rural_share = len(holders - urban) / (persons.num_rows - len(urban))
    assert urban_share > rural_share


def test_numbers_are_unique_per_bank_and_of_the_bank_length(national: Dataset) -> None:
    accounts = bank_accounts(national.persons, seed=7)
    pairs = list(
        zip(accounts.column("bin").to_pylist(), accounts.column("account").to_pylist(), strict=True)
    )
    assert len(set(pairs)) == len(pairs)
    digits = {b.bin: b.digits for b in bank_model().banks}
    assert all(number.isdigit() and len(number) == digits[bin_] for bin_, number in pairs)
    assert set(accounts.column("bin").to_pylist()) == set(digits)


def test_holders_are_upper_ascii_and_problems_have_their_shares(national: Dataset) -> None:
    accounts = bank_accounts(national.persons, seed=7)
    assert all(h.isascii() and h == h.upper() for h in accounts.column("holder").to_pylist())
    statuses = accounts.column("status").to_pylist()
    share = bank_model().problems
    assert abs(statuses.count("closed") / len(statuses) - share.closed) < 0.006
    assert abs(statuses.count("blocked") / len(statuses) - share.blocked) < 0.004
    assert 0 < sum(accounts.column("deceased").to_pylist()) < 0.01 * len(statuses)


def test_someone_elses_name_differs_from_the_persons_own(national: Dataset) -> None:
    persons = national.persons
    accounts = bank_accounts(persons, seed=7)
    names = dict(
        zip(
            persons.column("si_number").to_pylist(),
            persons.column("full_name").to_pylist(),
            strict=True,
        )
    )
    differ = [
        si
        for si, holder in zip(
            accounts.column("si_number").to_pylist(),
            accounts.column("holder").to_pylist(),
            strict=True,
        )
        if holder_name(names[si]) != holder
    ]
    assert 0.005 < len(differ) / accounts.num_rows < 0.015


def test_a_person_gets_the_same_account_whoever_else_is_asked_about(hcmc: Dataset) -> None:
    everyone = bank_accounts(hcmc.persons, seed=3)
    some = bank_accounts(hcmc.persons.slice(1_000, 500), seed=3)
    mine = everyone.filter(pc.is_in(everyone.column("si_number"), some.column("si_number")))
    assert mine.to_pylist() == some.to_pylist()
    assert bank_accounts(hcmc.persons, seed=4).column("account") != everyone.column("account")


def test_names_fold_to_bank_form() -> None:
    assert holder_name("  Nguyễn  Thị Ánh Đào ") == "NGUYEN THI ANH DAO"
    assert holder_name("Lê Đức") == "LE DUC"
    agency = agency_account()
    assert agency.balance > 0 and agency.bin in {b.bin for b in bank_model().banks}
