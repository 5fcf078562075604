"""The bank's back office: take files in, then report, book, return and state when each is due.

Every step runs in its own transaction and locks what it works on (`FOR UPDATE SKIP LOCKED`),
so a step is done once even with several processors, and a crash leaves nothing half done.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sandbox.bank import checks, iso, store
from sandbox.bank.schemas import Config

log = logging.getLogger("sandbox.bank")
VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
BATCH = 5_000


def config(connection: store.Connection) -> Config:
    """The bank's current configuration (defaults for what was never set)."""
    return Config.model_validate(store.load_config(connection))


def submit(
    connection: store.Connection, *, client_id: str, body: bytes, now: datetime
) -> tuple[str, str | None, bool]:
    """Take a pain.001 in; return its file id, MsgId and whether it is new (same MsgId: not)."""
    try:
        msg_id: str | None = iso.read_payment_file(body).msg_id
    except iso.Unreadable as exc:
        msg_id = exc.msg_id
    due = now + timedelta(seconds=config(connection).status_delay_seconds)
    file_id = f"F{uuid.uuid4().hex[:16].upper()}"
    row = connection.execute(
        "INSERT INTO files (file_id, msg_id, client_id, received_at, report_due, body)"
        " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (msg_id) DO NOTHING RETURNING file_id",
        (file_id, msg_id, client_id, now, due, body),
    ).fetchone()
    if row is not None:
        return file_id, msg_id, True
    existing = connection.execute(
        "SELECT file_id FROM files WHERE msg_id = %s", (msg_id,)
    ).fetchone()
    assert existing is not None
    return str(existing["file_id"]), msg_id, False


def tick(bank: store.Bank, now: datetime | None = None) -> int:
    """Do every step that is due at `now`; return how many messages were written."""
    moment = now or datetime.now(UTC)
    written = 0
    with bank.connect() as connection:
        settings = config(connection)
        while (count := _report_one(connection, moment, settings)) is not None:
            written += count
        while (count := _book_one(connection, moment, settings)) is not None:
            written += count
        written += _return_due(connection, moment, settings)
        written += state(connection, until=_start_of_day(moment), now=moment)
    return written


def _report_one(connection: store.Connection, now: datetime, settings: Config) -> int | None:
    """Check one due file and answer it with a pain.002; None if no file is due."""
    with connection.transaction():
        row = connection.execute(
            "SELECT file_id, msg_id, body FROM files WHERE state = 'received' AND report_due <= %s"
            " ORDER BY report_due LIMIT 1 FOR UPDATE SKIP LOCKED",
            (now,),
        ).fetchone()
        if row is None:
            return None
        try:
            payment = iso.read_payment_file(row["body"])
        except iso.Unreadable as exc:
            log.info("file %s refused: %s", row["file_id"], exc)
            return _group_refusal(connection, row["file_id"], row["msg_id"], "FF01", now)
        payer = connection.execute(
            "SELECT party_id, bin, account FROM payers WHERE party_id = %s", (payment.party,)
        ).fetchone()
        reason = checks.group_reason(
            payment, payer["account"] if payer else None, settings.max_backdate_days
        )
        if reason is not None or payer is None:
            return _group_refusal(connection, row["file_id"], payment.msg_id, reason or "BE05", now)
        return _answer_lines(connection, row["file_id"], payment, payer, settings, now)


def _group_refusal(
    connection: store.Connection, file_id: str, msg_id: str | None, reason: str, now: datetime
) -> int:
    connection.execute(
        "UPDATE files SET state = 'reported', group_status = 'RJCT', group_reason = %s"
        " WHERE file_id = %s",
        (reason, file_id),
    )
    xml = iso.pain002(
        msg_id=_message_id("STS"),
        created=now,
        original_msg_id=msg_id or "NOTPROVIDED",
        group_status="RJCT",
        group_reason=reason,
        transactions=(),
    )
    store.append_message(connection, "pain.002", xml, now)
    return 1


def _answer_lines(
    connection: store.Connection,
    file_id: str,
    payment: iso.PaymentFile,
    payer: dict[str, Any],
    settings: Config,
    now: datetime,
) -> int:
    lines = payment.lines
    banks = frozenset(r["bin"] for r in connection.execute("SELECT bin FROM banks"))
    held = _accounts(connection, lines)
    reasons = [
        checks.line_reason(
            line,
            banks=banks,
            held=held.get((line.bin or "", line.account)),
            failure_rates=settings.failure_rates,
        )
        for line in lines
    ]
    fresh = _first_sightings(connection, [i for i, r in enumerate(reasons) if r is None], lines)
    passing = [i for i, r in enumerate(reasons) if r is None and i in fresh]
    for i, r in enumerate(reasons):
        if r is None and i not in fresh:
            reasons[i] = "AM05"
    covered = checks.funded([int(lines[i].amount) for i in passing], _available(connection, payer))
    unfunded = [i for i, ok in zip(passing, covered, strict=True) if not ok]
    for i in unfunded:
        reasons[i] = "AM04"
    connection.execute(  # an unfunded payment may be sent again
        "DELETE FROM end_to_end_ids WHERE end_to_end_id = ANY(%s)",
        ([lines[i].end_to_end_id for i in unfunded],),
    )
    due = now + timedelta(seconds=settings.booking_delay_seconds)
    with connection.cursor().copy(
        "COPY transactions (file_id, pmt_inf_id, instr_id, end_to_end_id, payer, bin, account,"
        " name, amount, state, reason, book_due) FROM STDIN"
    ) as copy:
        for line, reason in zip(lines, reasons, strict=True):
            copy.write_row(
                (
                    file_id,
                    line.pmt_inf_id,
                    line.instr_id,
                    line.end_to_end_id,
                    payer["party_id"],
                    line.bin,
                    line.account,
                    line.name,
                    int(line.amount),
                    "rejected" if reason else "accepted",
                    reason,
                    None if reason else due,
                )
            )
    accepted = sum(r is None for r in reasons)
    group = "ACTC" if accepted == len(lines) else "PART" if accepted else "RJCT"
    common = set(reasons) if not accepted else set()
    group_reason = common.pop() if len(common) == 1 else None
    connection.execute(
        "UPDATE files SET state = 'reported', group_status = %s, group_reason = %s"
        " WHERE file_id = %s",
        (group, group_reason, file_id),
    )
    statuses = [
        iso.TxStatus(line.pmt_inf_id, line.instr_id, line.end_to_end_id, "RJCT" if r else "ACTC", r)
        for line, r in zip(lines, reasons, strict=True)
    ]
    xml = iso.pain002(
        msg_id=_message_id("STS"),
        created=now,
        original_msg_id=payment.msg_id,
        group_status=group,
        group_reason=group_reason,
        transactions=statuses,
    )
    store.append_message(connection, "pain.002", xml, now)
    return 1


def _accounts(
    connection: store.Connection, lines: Sequence[iso.Line]
) -> dict[tuple[str, str], dict[str, Any]]:
    rows = connection.execute(
        "SELECT a.* FROM accounts a JOIN unnest(%s::text[], %s::text[]) AS l (bin, account)"
        " USING (bin, account)",
        ([line.bin or "" for line in lines], [line.account for line in lines]),
    )
    return {(r["bin"], r["account"]): r for r in rows}


def _first_sightings(
    connection: store.Connection, candidates: Sequence[int], lines: Sequence[iso.Line]
) -> set[int]:
    """Record the candidates' EndToEndIds; the positions of those never seen before."""
    first: dict[str, int] = {}
    for i in candidates:
        first.setdefault(lines[i].end_to_end_id, i)
    new = connection.execute(
        "INSERT INTO end_to_end_ids SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING"
        " RETURNING end_to_end_id",
        (list(first),),
    )
    return {first[r["end_to_end_id"]] for r in new}


def _available(connection: store.Connection, payer: dict[str, Any]) -> int:
    """The payer's balance less what accepted payments not yet booked will take."""
    row = connection.execute(
        "SELECT a.balance - coalesce((SELECT sum(t.amount) FROM transactions t"
        " WHERE t.payer = %s AND t.state = 'accepted'), 0) AS available"
        " FROM accounts a WHERE a.bin = %s AND a.account = %s FOR UPDATE",
        (payer["party_id"], payer["bin"], payer["account"]),
    ).fetchone()
    assert row is not None
    return int(row["available"])


def _book_one(connection: store.Connection, now: datetime, settings: Config) -> int | None:
    """Book the due payments of one file: ledger, balance, pain.002 ACSC and camt.054 debits."""
    with connection.transaction():
        first = connection.execute(
            "SELECT file_id FROM transactions WHERE state = 'accepted' AND book_due <= %s"
            " LIMIT 1 FOR UPDATE SKIP LOCKED",
            (now,),
        ).fetchone()
        if first is None:
            return None
        rows = connection.execute(
            "UPDATE transactions SET state = 'booked', booked_at = %s"
            " WHERE file_id = %s AND state = 'accepted' AND book_due <= %s RETURNING *",
            (now, first["file_id"], now),
        ).fetchall()
        bookings = _enter(connection, rows, now, credit=False)
        _plan_returns(connection, rows, settings)
        complete = connection.execute(
            "SELECT msg_id, NOT EXISTS (SELECT 1 FROM transactions t WHERE t.file_id = f.file_id"
            " AND t.state <> 'booked') AS whole FROM files f WHERE file_id = %s",
            (first["file_id"],),
        ).fetchone()
        assert complete is not None
        statuses = [
            iso.TxStatus(r["pmt_inf_id"], r["instr_id"], r["end_to_end_id"], "ACSC", None)
            for r in rows
        ]
        report = iso.pain002(
            msg_id=_message_id("STS"),
            created=now,
            original_msg_id=complete["msg_id"],
            group_status="ACSC" if complete["whole"] else "PART",
            group_reason=None,
            transactions=statuses,
        )
        store.append_message(connection, "pain.002", report, now)
        return 1 + _notify(connection, bookings, now)


def _plan_returns(
    connection: store.Connection, rows: Sequence[dict[str, Any]], settings: Config
) -> None:
    """Draw, at booking, which payments the configured return rates will send back later."""
    planned = [
        (reason, row["id"])
        for row in rows
        if (reason := checks.drawn(f"return:{row['end_to_end_id']}", settings.return_rates))
    ]
    connection.cursor().executemany(
        "UPDATE transactions SET planned_return = %s WHERE id = %s", planned
    )


def _return_due(connection: store.Connection, now: datetime, settings: Config) -> int:
    """Send back booked payments whose account closed or whose holder died since (camt.054)."""
    with connection.transaction():
        rows = connection.execute(
            "SELECT t.*, a.status AS account_status, a.deceased FROM transactions t"
            " LEFT JOIN accounts a USING (bin, account)"
            " WHERE t.state = 'booked' AND t.booked_at <= %s AND t.booked_at >= %s"
            " AND (a.status = 'closed' OR a.deceased OR t.planned_return IS NOT NULL)"
            " FOR UPDATE OF t SKIP LOCKED",
            (
                now - timedelta(seconds=settings.return_delay_seconds),
                now - timedelta(seconds=settings.return_window_seconds),
            ),
        ).fetchall()
        returned = []
        for row in rows:
            reason = _return_reason(row)
            if reason is not None:
                returned.append(row | {"reason": reason})
        if not returned:
            return 0
        connection.execute(
            "UPDATE transactions SET state = 'returned', returned_at = %s, reason = r.reason"
            " FROM unnest(%s::bigint[], %s::text[]) AS r (id, reason) WHERE transactions.id = r.id",
            (now, [r["id"] for r in returned], [r["reason"] for r in returned]),
        )
        return _notify(connection, _enter(connection, returned, now, credit=True), now)


def _return_reason(row: dict[str, Any]) -> str | None:
    if row["deceased"]:
        return "MD07"
    if row["account_status"] == "closed":
        return "AC04"
    return str(row["planned_return"]) if row["planned_return"] else None


def _enter(
    connection: store.Connection, rows: Sequence[dict[str, Any]], now: datetime, *, credit: bool
) -> dict[str, list[iso.Booking]]:
    """Write ledger entries on the payers' accounts and move their balances; bookings by payer."""
    sign = 1 if credit else -1
    by_payer: dict[str, list[iso.Booking]] = defaultdict(list)
    for row in rows:
        entry = connection.execute(
            "INSERT INTO entries (payer, transaction_id, amount, return_reason, booked_at)"
            " VALUES (%s, %s, %s, %s, %s) RETURNING id",
            (row["payer"], row["id"], sign * row["amount"], row["reason"] if credit else None, now),
        ).fetchone()
        assert entry is not None
        by_payer[row["payer"]].append(_booking(entry["id"], row, now, credit))
    for payer, bookings in by_payer.items():
        connection.execute(
            "UPDATE accounts a SET balance = balance + %s FROM payers p"
            " WHERE p.party_id = %s AND a.bin = p.bin AND a.account = p.account",
            (sign * sum(b.amount for b in bookings), payer),
        )
    return by_payer


def _booking(entry_id: int, row: dict[str, Any], at: datetime, credit: bool) -> iso.Booking:
    return iso.Booking(
        entry_id=entry_id,
        amount=int(row["amount"]),
        credit=credit,
        booked=at,
        end_to_end_id=row["end_to_end_id"],
        pmt_inf_id=row["pmt_inf_id"],
        instr_id=row["instr_id"],
        creditor=row["name"],
        return_reason=row["reason"] if credit else None,
    )


def _notify(
    connection: store.Connection, by_payer: dict[str, list[iso.Booking]], now: datetime
) -> int:
    for payer, bookings in by_payer.items():
        xml = iso.camt054(
            msg_id=_message_id("NTF"),
            created=now,
            account=_payer_account(connection, payer),
            bookings=bookings,
        )
        store.append_message(connection, "camt.054", xml, now)
    return len(by_payer)


def state(connection: store.Connection, *, until: datetime, now: datetime) -> int:
    """Write a camt.053 per payer and day for the entries booked before `until` not yet stated."""
    written = 0
    for payer in connection.execute("SELECT party_id FROM payers").fetchall():
        with connection.transaction():
            written += _state_payer(connection, payer["party_id"], until, now)
    return written


def _state_payer(connection: store.Connection, payer: str, until: datetime, now: datetime) -> int:
    row = connection.execute(
        "SELECT p.stated_entry, a.balance FROM payers p JOIN accounts a USING (bin, account)"
        " WHERE p.party_id = %s FOR UPDATE OF p",
        (payer,),
    ).fetchone()
    assert row is not None
    entries = connection.execute(
        "SELECT e.*, t.end_to_end_id, t.pmt_inf_id, t.instr_id, t.name, t.reason FROM entries e"
        " JOIN transactions t ON t.id = e.transaction_id"
        " WHERE e.payer = %s AND e.id > %s AND e.booked_at < %s ORDER BY e.id",
        (payer, row["stated_entry"], until),
    ).fetchall()
    if not entries:
        return 0
    later = connection.execute(
        "SELECT coalesce(sum(amount), 0) AS total FROM entries WHERE payer = %s AND id > %s",
        (payer, entries[-1]["id"]),
    ).fetchone()
    assert later is not None
    closing = int(row["balance"]) - int(later["total"])
    account = _payer_account(connection, payer)
    days = list(_by_day(entries))
    for day, rows in reversed(days):
        moved = sum(int(r["amount"]) for r in rows)
        xml = iso.camt053(
            msg_id=_message_id("STM"),
            created=now,
            account=account,
            day=day,
            opening=closing - moved,
            closing=closing,
            bookings=[
                _booking(
                    r["id"],
                    r | {"amount": abs(r["amount"]), "reason": r["return_reason"]},
                    r["booked_at"],
                    r["amount"] > 0,
                )
                for r in rows
            ],
        )
        store.append_message(connection, "camt.053", xml, now)
        closing -= moved
    connection.execute(
        "UPDATE payers SET stated_entry = %s WHERE party_id = %s", (entries[-1]["id"], payer)
    )
    return len(days)


def _by_day(entries: Sequence[dict[str, Any]]) -> Iterator[tuple[date, list[dict[str, Any]]]]:
    day: date | None = None
    rows: list[dict[str, Any]] = []
    for entry in entries:
        booked = entry["booked_at"].astimezone(VIETNAM).date()
        if day is not None and booked != day:
            yield day, rows
            rows = []
        day = booked
        rows.append(entry)
    if day is not None:
        yield day, rows


def _payer_account(connection: store.Connection, payer: str) -> iso.Account:
    row = connection.execute(
        "SELECT a.bin, a.account, a.holder FROM payers p JOIN accounts a USING (bin, account)"
        " WHERE p.party_id = %s",
        (payer,),
    ).fetchone()
    assert row is not None
    return iso.Account(row["bin"], row["account"], row["holder"])


def _start_of_day(moment: datetime) -> datetime:
    local = moment.astimezone(VIETNAM)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _message_id(kind: str) -> str:
    return f"{kind}{uuid.uuid4().hex[:24].upper()}"


class Runner:
    """Run `tick` every `poll_seconds` in a daemon thread until stopped."""

    def __init__(self, bank: store.Bank) -> None:
        self._bank = bank
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bank-processor", daemon=True)

    def start(self) -> None:
        """Start the loop."""
        self._thread.start()

    def stop(self) -> None:
        """Ask the loop to stop and wait for it."""
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                tick(self._bank)
                with self._bank.connect() as connection:
                    pause = config(connection).poll_seconds
            except Exception:  # a database outage must not end the loop
                log.exception("bank processor step failed; retrying")
                pause = 5.0
            self._stop.wait(pause)
