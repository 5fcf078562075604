"""Errors raised by the identifier parsers."""


class InvalidIdentifier(ValueError):
    """An identifier failed validation; `reason` says what is wrong without quoting the value."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(kind, reason)
        self.kind = kind
        self.reason = reason

    def __str__(self) -> str:
        return self.reason
