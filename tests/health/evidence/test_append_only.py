"""The platform's role may add certificates and receipts, never change or remove them."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE medical_certificates SET to_date = from_date",
        "DELETE FROM medical_certificates",
        "UPDATE evidence_receipts SET result_code = '200'",
        "DELETE FROM evidence_receipts",
    ],
)
def test_certificates_and_receipts_are_append_only(engine: Engine, statement: str) -> None:
    with engine.connect() as connection:
        with pytest.raises(DBAPIError, match="permission denied"):
            connection.execute(text(statement))
        connection.rollback()
