"""The writes a declaration cannot avoid, timed alone: a floor under its wall time on one backend.

A submission is one transaction, and PostgreSQL runs a transaction in one backend, so the CPU
of the rows it must write (with the schema's keys, foreign keys and indexes, nothing read or
derived) is a lower bound on its wall time, whatever the code around them does. Each step
copies existing rows under new keys in the numbers the submission wrote (hires, their first
salaries, salary changes, leavers, book rows, events, stored lines), in one transaction rolled
back at the end: the database is left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psutil
from sqlalchemy import Engine, text

_BOOK_COLUMNS = (
    "si_number, scheme, unit_code, salary, base, pension_survivors_employer, "
    "pension_survivors_employee, sickness_maternity_employer, sickness_maternity_employee, "
    "work_injury_employer, work_injury_employee, unemployment_employer, unemployment_employee, "
    "health_employer, health_employee"
)
# (label, statement); :n is how many rows the submission wrote of that kind.
_STEPS = (
    (
        "hires: employments (2 foreign keys, 3 indexes)",
        "INSERT INTO employments (si_number, unit_code, start_date, contract_type) "
        "SELECT si_number, unit_code, start_date + 80000, contract_type FROM employments "
        "ORDER BY employment_id LIMIT :n",
    ),
    (
        "hires: first salaries (foreign key, key index)",
        "INSERT INTO salaries (employment_id, effective_from, amount) "
        "SELECT employment_id, start_date, 1 FROM employments WHERE start_date > '2150-01-01'",
    ),
    (
        "salary changes",
        "INSERT INTO salaries (employment_id, effective_from, amount) "
        "SELECT employment_id, date '2149-01-01', 1 FROM employments "
        "WHERE start_date < '2150-01-01' ORDER BY employment_id LIMIT :n",
    ),
    (
        "leavers: employments ended",
        "UPDATE employments SET end_date = start_date, updated_at = now() WHERE employment_id IN "
        "(SELECT employment_id FROM employments WHERE end_date IS NULL "
        "AND start_date < '2150-01-01' ORDER BY employment_id LIMIT :n)",
    ),
    (
        "book rows (5 indexes)",
        f"INSERT INTO contribution_book ({_BOOK_COLUMNS}, month, recorded_from) "
        f"SELECT {_BOOK_COLUMNS}, (month + interval '600 months')::date, now() "
        "FROM contribution_book WHERE recorded_to IS NULL AND scheme = 'compulsory' "
        "ORDER BY si_number, unit_code, month LIMIT :n",
    ),
    (
        "events (one per hire and leaver)",
        "INSERT INTO outbox_events (event_id, batch_id, name, version, payload, occurred_at) "
        "SELECT gen_random_uuid(), b.id, 'registry.employment_started', 1, "
        "jsonb_build_object('employment_id', employment_id, 'si_number', si_number, "
        "'unit_code', unit_code, 'start_date', start_date), now() "
        "FROM employments, (SELECT gen_random_uuid() AS id) b ORDER BY employment_id LIMIT :n",
    ),
    (
        "stored lines",
        "INSERT INTO contribution_declaration_lines (declaration_id, line, kind, unit_code, "
        "si_number, effective_date, salary) "
        "SELECT d.id, 10000000 + row_number() OVER (), 'salary_change', unit_code, si_number, "
        "start_date, 1 FROM (SELECT unit_code, si_number, start_date FROM employments LIMIT :n) e, "
        "(SELECT max(declaration_id) AS id FROM contribution_declarations) d",
    ),
)


@dataclass(frozen=True)
class Written:
    """How many rows of each kind a submission wrote."""

    hires: int
    salary_changes: int
    leavers: int
    book_rows: int
    lines: int


def measure(engine: Engine, written: Written) -> float:
    """Time each step's writes (backend CPU), print them, roll back; return the total CPU."""
    counts = (
        written.hires,
        None,
        written.salary_changes,
        written.leavers,
        written.book_rows,
        written.hires + written.leavers,
        written.lines,
    )
    total = 0.0
    print("the writes alone (rolled back), backend CPU:")
    with engine.connect() as connection:
        backend = psutil.Process(connection.exec_driver_sql("SELECT pg_backend_pid()").scalar())
        for (label, statement), n in zip(_STEPS, counts, strict=True):
            before = _cpu(backend)
            rows = connection.execute(text(statement), {"n": n} if n is not None else {}).rowcount
            spent = _cpu(backend) - before
            total += spent
            print(f"  {spent:6.2f} s  {rows:>9,} rows  {label}")
        connection.rollback()
    print(f"  {total:6.2f} s  in all: no submission of this size can take less on one backend")
    return total


def _cpu(process: Any) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)
