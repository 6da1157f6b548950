"""The one exception tree of qa.

Every failure a user can cause or fix (bad input, missing files, a wrong checksum) is a
``QAError`` whose message is a single line saying what went wrong and what to do next.
Anything else escaping the package is a bug.

::

    QAError
    ├── ConfigError
    ├── CorpusError     missing/empty folder, unreadable or non-UTF-8 file
    ├── StoreError
    │   ├── IndexMissing
    │   └── IndexCorrupt
    ├── ModelError
    │   ├── ModelMissing
    │   └── ChecksumMismatch
    └── QuestionError   empty or too long

``UsageError`` (a ``RuntimeError``) marks misuse of the API, such as reading a stream twice.
"""

from __future__ import annotations

from pathlib import Path


class QAError(Exception):
    """Base of every error a user can act on."""

    def __init__(self, message: str, *, path: Path | str | None = None, paragraph: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.paragraph = paragraph

    def __str__(self) -> str:
        return self.message


class ConfigError(QAError):
    """A setting or environment variable has an unusable value."""


class CorpusError(QAError):
    """The article folder or one of its files cannot be read."""


class StoreError(QAError):
    """The on-disk index cannot be used."""


class IndexMissing(StoreError):
    """No index has been built where one was expected."""


class IndexCorrupt(StoreError):
    """An index exists but its files are damaged or inconsistent."""


class IndexOutdated(StoreError):
    """An index written by an older qa: rebuilt without asking, since nothing in it is the user's."""


class IndexMismatch(StoreError):
    """An index built with another embedding model: only an explicit rebuild may replace it."""


class ModelError(QAError):
    """The generator model cannot be found, assembled or loaded."""


class ModelMissing(ModelError):
    """The model file (or the packages it is assembled from) is absent."""


class ChecksumMismatch(ModelError):
    """A model file's sha256 differs from the expected one."""


class QuestionError(QAError):
    """The question is empty or too long."""


class QuestionTooLong(QuestionError):
    """The question is over ``QA_MAX_QUESTION_CHARS``; the server answers it with 413."""


class InputError(QAError):
    """A file the user handed in (saved answers, a gold set) cannot be used as it is."""


class UsageError(RuntimeError):
    """The API was used in a way it does not support (a bug in the caller)."""


__all__ = [
    "ChecksumMismatch",
    "ConfigError",
    "CorpusError",
    "IndexCorrupt",
    "IndexMissing",
    "ModelError",
    "ModelMissing",
    "QAError",
    "QuestionError",
    "StoreError",
    "UsageError",
]
