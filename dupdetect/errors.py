"""Exceptions raised by dupdetect.

Every exception the library raises on purpose derives from :class:`DupdetectError`, so callers can
catch one class. Errors of third-party libraries are re-raised as ours ``from`` the original.
"""

from __future__ import annotations

__all__ = [
    "DupdetectError",
    "IndexMismatchError",
    "InputError",
    "InputWarning",
    "InvalidParameterError",
    "NotFittedError",
]


class DupdetectError(Exception):
    """Base class of every error raised by dupdetect."""


class InputError(DupdetectError):
    """Raised when an input record cannot be used; names the source (file and line or record)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class InvalidParameterError(DupdetectError, ValueError):
    """Raised when a parameter has a wrong type or a value outside its range."""


class IndexMismatchError(DupdetectError):
    """Raised when a stored index was built with parameters different from the ones in use."""


class NotFittedError(DupdetectError, AttributeError):
    """Raised when results are asked of a Detector before ``fit`` was called."""


class InputWarning(UserWarning):
    """Warned when a bad input record is skipped (the run goes on)."""
