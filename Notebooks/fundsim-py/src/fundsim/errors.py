"""Errors of the fundsim Python package; each message names the file, shard or command at fault."""

from __future__ import annotations

from collections.abc import Sequence


class FundsimError(Exception):
    """Anything the package refuses or cannot do."""


class OutputFolderError(FundsimError, ValueError):
    """An output folder or one of its tables is missing or does not match its schema."""


class FundsimCommandError(FundsimError):
    """The ``fundsim`` binary exited non-zero."""

    def __init__(self, command: Sequence[str], returncode: int, stderr: str) -> None:
        self.command = list(command)
        self.returncode = returncode
        self.stderr = stderr
        super().__init__(f"`{' '.join(self.command)}` exited with status {returncode}: {stderr.strip() or '(no stderr)'}")


class ShardFailedError(FundsimError):
    """A shard of a distributed job failed on every attempt.

    ``shard`` is ``I/N`` (counted from 0), ``stderr`` the last attempt's
    standard error.
    """

    def __init__(self, shard: str, attempts: int, detail: str, stderr: str) -> None:
        self.shard = shard
        self.attempts = attempts
        self.stderr = stderr
        super().__init__(f"shard {shard} failed after {attempts} attempt{'s' if attempts != 1 else ''}: {detail}"
                         + (f"\n--- stderr of shard {shard} ---\n{stderr.rstrip()}" if stderr.strip() else ""))
