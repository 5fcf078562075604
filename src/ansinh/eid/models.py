"""e-ID tables: daily usage counters (logins through the e-ID, e-ID app queries)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from ansinh.core.db import Base


class UsageCount(Base):
    """How many times a countable event (an e-ID login, an e-ID app query) happened in a day."""

    __tablename__ = "usage_counts"

    metric: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger)
