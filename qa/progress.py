"""How long-running work reports progress without knowing who is watching.

The core calls ``progress(description, total)`` and advances the returned task; the CLI
passes a factory that draws a bar on stderr, the API default draws nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol


class Task(Protocol):
    def advance(self, amount: int = 1) -> None: ...


ProgressFactory = Callable[[str, "int | None"], AbstractContextManager[Task]]
Notify = Callable[[str], None]


class _Silent:
    def advance(self, amount: int = 1) -> None:
        pass


@contextmanager
def silent(description: str, total: int | None) -> Iterator[Task]:
    yield _Silent()


def quiet(message: str) -> None:
    """The default notifier: the API says nothing unless asked."""
