"""Finding and running the ``fundsim`` binary.

The Python package holds no model or settlement logic: every number comes from
the Swift CLI. This module is the one place that starts it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from .errors import FundsimCommandError, FundsimError

#: Environment variable naming the binary when no path is given.
ENVIRONMENT_VARIABLE = "FUNDSIM"


def locate(fundsim: str | os.PathLike[str] | None = None) -> str:
    """The fundsim binary to run, as an absolute path.

    Order: ``fundsim`` when given (a path, or a name looked up on ``PATH``),
    then the ``FUNDSIM`` environment variable, then ``fundsim`` on ``PATH``.
    Raises :class:`FundsimError` saying what was tried when none is found.
    """
    tried: list[str] = []
    candidates: list[tuple[str, str]] = []
    if fundsim is not None:
        candidates.append(("argument", os.fspath(fundsim)))
    elif os.environ.get(ENVIRONMENT_VARIABLE):
        candidates.append((f"${ENVIRONMENT_VARIABLE}", os.environ[ENVIRONMENT_VARIABLE]))
    else:
        candidates.append(("PATH", "fundsim"))
    for origin, name in candidates:
        if os.sep in name or (os.altsep and os.altsep in name):
            path = Path(name).expanduser().resolve()
            if path.is_file() and os.access(path, os.X_OK):
                return str(path)
            tried.append(f"{name} ({origin}): not an executable file")
        else:
            found = shutil.which(name)
            if found:
                return str(Path(found).resolve())
            tried.append(f"{name} ({origin}): not found on PATH")
    raise FundsimError(
        "cannot find the fundsim binary: " + "; ".join(tried)
        + ". Build it with `swift build -c release` and pass its path "
        "(.build/release/fundsim) or set FUNDSIM."
    )


def run_command(arguments: Sequence[str], *, fundsim: str | os.PathLike[str] | None = None,
                cwd: str | os.PathLike[str] | None = None) -> subprocess.CompletedProcess[str]:
    """Runs ``fundsim ARGUMENTS…`` to completion and returns the finished process.

    Raises :class:`FundsimCommandError` (with the exit status and standard
    error) when it exits non-zero.
    """
    binary = locate(fundsim)
    command = [binary, *map(str, arguments)]
    process = subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)
    if process.returncode != 0:
        raise FundsimCommandError(command, process.returncode, process.stderr)
    return process

