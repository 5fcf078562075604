"""Helpers shared by the identifier parsers: digit checks and masking."""

from dataclasses import dataclass

from ansinh.identity.exceptions import InvalidIdentifier

_ASCII_DIGITS = frozenset("0123456789")
VISIBLE_DIGITS = 3


def require_digits(
    text: str, *, kind: str, label: str, length: int, first_position: int = 1
) -> str:
    """Return `text` if it is exactly `length` ASCII digits, else raise InvalidIdentifier."""
    if len(text) == length and text.isascii() and text.isdigit():
        return text  # the common case, without the character loop that names the bad one
    if len(text) != length:
        raise InvalidIdentifier(
            kind, f"{label} must be {length} digits; got {len(text)} characters"
        )
    for offset, char in enumerate(text):
        if char not in _ASCII_DIGITS:
            position = first_position + offset
            raise InvalidIdentifier(
                kind,
                f"{label} must contain only digits 0–9; character {position} ({char!r}) "
                "is not a digit",
            )
    return text


def mask(value: str) -> str:
    """Replace all but the last three characters of `value` with '*'."""
    hidden = max(len(value) - VISIBLE_DIGITS, 0)
    return "*" * hidden + value[hidden:]


@dataclass(frozen=True, repr=False)
class MaskedIdentifier:
    """Base for personal identifiers whose repr and str show only the last three digits."""

    value: str

    def __repr__(self) -> str:
        return f"{type(self).__name__}({mask(self.value)})"
