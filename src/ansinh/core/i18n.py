"""The gettext marker for every layer: a text is marked where written, translated where shown."""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802  (the gettext convention for "mark, translate later")
    """Mark `message` for extraction; it is translated where it is shown."""
    return message
