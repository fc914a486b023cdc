"""A ``fundsim run`` or ``fundsim sweep`` as shards on a Dask cluster, merged by ``fundsim merge``.

Each shard is one task: ``fundsim run … --shard I/N --out STAGING/shard-I``
(shards count from 0). The shard folders go to a staging folder beside the
output (it must be on a filesystem the workers share with this process); when
every shard is done, ``fundsim merge`` writes the output folder, byte-identical
to the unsharded command's tables. Dask retries a failed shard once (``retries``);
if it fails again the job stops, the other shards are cancelled, the staging
folder is removed, no output folder is written, and :class:`ShardFailedError`
names the shard and carries its standard error.

The cluster: a ``LocalCluster`` made for the job (one single-threaded worker
per core, at most one per shard, as threads of this process: a task only
starts a fundsim process and waits for it) by default; a running scheduler by address;
or a ``SLURMCluster`` from dask-jobqueue (``--slurm``). From the shell::

    python3 -m fundsim.distributed run yunnan-2017 --draws 200 --seed 7 --years 2018 --shards 4 --out Output/y200
    python3 -m fundsim.distributed sweep Scenarios/my-sweep.yaml --draws 100 --shards 8 --out Output/s --scheduler tcp://host:8786
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from .binary import locate, run_command
from .errors import FundsimCommandError, FundsimError, ShardFailedError
from .tables import OutputFolder, read_run, read_sweep

PathLike = str | os.PathLike[str]
Command = Literal["run", "sweep"]


class ShardAttemptError(Exception):
    """One attempt at a shard exited non-zero (raised on the worker; Dask retries it)."""

    def __init__(self, shard: str, returncode: int, stderr: str) -> None:
        super().__init__(shard, returncode, stderr)
        self.shard = shard
        self.returncode = returncode
        self.stderr = stderr

    def __str__(self) -> str:
        return f"shard {self.shard}: fundsim exited with status {self.returncode}"


def _die_with_parent() -> None:
    # Linux: the shard's process is killed when the worker that started it dies (a cancelled job, a
    # closed cluster), so no orphan keeps computing. Elsewhere a no-op.
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except OSError:
            pass


class ShardAbortedError(Exception):
    """The job was stopped (another shard failed) before or while this shard ran."""


#: Seconds between a running shard's checks of its job's abort event.
ABORT_POLL_SECONDS = 0.5


def run_shard(binary: str, arguments: Sequence[str], index: int, count: int, folder: str,
              abort_event: str | None = None) -> str:
    """Runs shard ``index``/``count`` of ``fundsim ARGUMENTS…`` into ``folder`` (on a worker); returns ``folder``.

    A folder left by an earlier attempt is removed first. Raises
    :class:`ShardAttemptError` with the process's standard error on failure.
    With ``abort_event`` (the name of a ``distributed.Event``), the shard is not
    started, or its process is killed, once the event is set, and
    :class:`ShardAbortedError` is raised.
    """
    abort = None
    if abort_event is not None:
        from distributed import Event

        abort = Event(abort_event)
        if abort.is_set():
            raise ShardAbortedError(f"{index}/{count}")
    shutil.rmtree(folder, ignore_errors=True)
    command = [binary, *arguments, "--shard", f"{index}/{count}", "--quiet", "--out", folder]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_die_with_parent)
    while True:
        try:
            _, stderr = process.communicate(timeout=ABORT_POLL_SECONDS if abort is not None else None)
            break
        except subprocess.TimeoutExpired:
            if abort is not None and abort.is_set():
                process.kill()
                process.communicate()
                shutil.rmtree(folder, ignore_errors=True)
                raise ShardAbortedError(f"{index}/{count}") from None
    if process.returncode != 0:
        raise ShardAttemptError(f"{index}/{count}", process.returncode, stderr)
    return folder


def _absolute_if_file(argument: str) -> str:
    # A scenario or spec given as a relative path must resolve the same on every worker.
    path = Path(argument)
    return str(path.resolve()) if not argument.startswith("-") and path.is_file() else argument


@contextmanager
def _client(client: Any | None, scheduler: str | None, workers: int) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    if client is not None:
        yield client
    elif scheduler is not None:
        with Client(scheduler) as connected:
            yield connected
    else:
        # Worker threads in this process, not worker processes: each task only starts a fundsim process and
        # waits for it, so the GIL costs nothing, and the cluster starts in milliseconds instead of seconds.
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster, \
                Client(cluster) as local:
            yield local


def run_shards(arguments: Sequence[str], *, shards: int, out: PathLike, fundsim: PathLike | None = None,
               client: Any | None = None, scheduler: str | None = None, workers: int | None = None,
               threads: int | None = 1, retries: int = 1, staging: PathLike | None = None,
               progress: Callable[[str], None] | None = None) -> Path:
    """Runs ``fundsim ARGUMENTS…`` (a ``run`` or ``sweep`` command line without ``--shard``/``--out``)
    as ``shards`` shards on a Dask cluster, then ``fundsim merge`` into ``out``; returns ``out``.

    ``client`` (a ``distributed.Client``) or ``scheduler`` (an address) picks a
    running cluster; otherwise a ``LocalCluster`` of ``workers`` single-threaded
    workers (default: one per core, at most ``shards``) is made for the job.
    ``threads`` is passed to each shard as ``--threads`` unless the arguments
    set it. ``staging`` (default: beside ``out``) holds the shard folders until
    the merge; it must be visible to every worker.
    """
    if shards < 1:
        raise FundsimError(f"--shards must be at least 1, got {shards}")
    if retries < 0:
        raise FundsimError(f"retries must be at least 0, got {retries}")
    arguments = [_absolute_if_file(str(a)) for a in arguments]
    if arguments[:1] not in (["run"], ["sweep"]):
        raise FundsimError(f"expected a `run` or `sweep` command line, got {' '.join(arguments[:1]) or 'nothing'}")
    for forbidden in ("--shard", "--out"):
        if forbidden in arguments:
            raise FundsimError(f"{forbidden} is set by the distributed runner; leave it out of the arguments")
    if threads is not None and "--threads" not in arguments:
        arguments += ["--threads", str(threads)]
    binary = locate(fundsim)
    out_path = Path(out).resolve()
    staging_root = Path(staging).resolve() if staging is not None else out_path.parent
    staging_root.mkdir(parents=True, exist_ok=True)
    job_folder = staging_root / f".{out_path.name}.shards-{uuid.uuid4().hex[:12]}"
    job_folder.mkdir()
    say = progress or (lambda _message: None)
    try:
        from distributed import Event, as_completed, wait

        local_workers = workers or max(1, min(shards, os.cpu_count() or 1))
        with _client(client, scheduler, local_workers) as dask:
            job = uuid.uuid4().hex[:8]
            abort = Event(f"fundsim-abort-{job}", client=dask)
            futures = {}
            for index in range(shards):
                folder = str(job_folder / f"shard-{index:05d}")
                future = dask.submit(run_shard, binary, arguments, index, shards, folder, abort.name, retries=retries,
                                     pure=False, key=f"fundsim-shard-{index}-of-{shards}-{job}")
                futures[future] = index
            folders: dict[int, str] = {}
            started = time.monotonic()
            try:
                for future in as_completed(list(futures)):
                    index = futures[future]
                    if future.status != "finished":
                        raise _failure(future.exception(), f"{index}/{shards}", retries)
                    folders[index] = future.result()
                    say(f"shard {index}/{shards} done ({len(folders)} of {shards}, {time.monotonic() - started:.1f} s)")
            except BaseException:
                # Stop the other shards and wait until they have: none may write into the staging folder after it is removed.
                abort.set()
                wait(list(futures), timeout=120)
                raise
        say(f"merging {shards} shards into {out_path}")
        run_command(["merge", *[folders[i] for i in range(shards)], "--quiet", "--out", str(out_path)], fundsim=binary)
        return out_path
    finally:
        shutil.rmtree(job_folder, ignore_errors=True)


def _failure(error: BaseException | None, shard: str, retries: int) -> ShardFailedError:
    if isinstance(error, ShardAttemptError):
        return ShardFailedError(error.shard, retries + 1, f"fundsim exited with status {error.returncode}", error.stderr)
    # The worker running it died (e.g. out of memory), or the task could not run at all.
    return ShardFailedError(shard, retries + 1, f"{type(error).__name__}: {error}", "")


def run(scenario: PathLike, out: PathLike, *, shards: int, draws: int | None = None, seed: int | None = None,
        years: str | int | None = None, extra: Sequence[str] = (), **options: Any) -> OutputFolder:
    """``fundsim run SCENARIO …`` as ``shards`` shards on Dask, merged into ``out``; returns its tables.

    ``options`` are those of :func:`run_shards` (``client``, ``scheduler``, ``fundsim``, ``workers``, …).
    """
    from .commands import monte_carlo_arguments

    arguments = ["run", os.fspath(scenario), *monte_carlo_arguments(draws=draws, seed=seed, years=years, extra=extra)]
    return read_run(run_shards(arguments, shards=shards, out=out, **options))


def sweep(spec: PathLike, out: PathLike, *, shards: int, draws: int | None = None, seed: int | None = None,
          years: str | int | None = None, extra: Sequence[str] = (), **options: Any) -> OutputFolder:
    """``fundsim sweep SPEC …`` as ``shards`` shards on Dask, merged into ``out``; returns its tables."""
    from .commands import monte_carlo_arguments

    arguments = ["sweep", os.fspath(spec), *monte_carlo_arguments(draws=draws, seed=seed, years=years, extra=extra)]
    return read_sweep(run_shards(arguments, shards=shards, out=out, **options))


def slurm_cluster(*, jobs: int, cores: int = 1, memory: str = "4GB", walltime: str = "01:00:00",
                  queue: str | None = None, account: str | None = None, job_extra: Sequence[str] = ()) -> Any:
    """A dask-jobqueue ``SLURMCluster`` of ``jobs`` single-worker jobs (needs ``pip install 'fundsim[slurm]'``)."""
    try:
        from dask_jobqueue import SLURMCluster
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise FundsimError("--slurm needs dask-jobqueue: pip install 'fundsim[slurm]'") from error
    cluster = SLURMCluster(cores=cores, processes=1, memory=memory, walltime=walltime, queue=queue, account=account,
                           job_extra_directives=list(job_extra))
    cluster.scale(jobs=jobs)
    return cluster


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python3 -m fundsim.distributed",
        description="Run a fundsim run or sweep as shards on a Dask cluster and merge them with `fundsim merge`. "
                    "Options not listed here (e.g. --set PATH=VALUE, --keep-draws) are passed to fundsim.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, target, help_text in (("run", "scenario", "built-in scenario name or .yaml path"),
                                    ("sweep", "spec", "sweep spec .yaml")):
        sub = commands.add_parser(name, help=f"fundsim {name} in shards")
        sub.add_argument(target, help=help_text)
        sub.add_argument("--draws", type=int, help="Monte Carlo draws (fundsim's default when absent)")
        sub.add_argument("--seed", type=int, help="seed of every random stream")
        sub.add_argument("--years", help="years, e.g. 2018 or 2017-2020")
        sub.add_argument("--shards", type=int, required=True, help="how many shards to split the job into")
        sub.add_argument("--out", required=True, help="output folder (written only if every shard and the merge succeed)")
        sub.add_argument("--fundsim", help="the fundsim binary (default: $FUNDSIM, else fundsim on PATH)")
        where = sub.add_mutually_exclusive_group()
        where.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://host:8786")
        where.add_argument("--slurm", action="store_true", help="start a SLURMCluster (dask-jobqueue) for the job")
        sub.add_argument("--workers", type=int, help="workers (local) or Slurm jobs (default: cores, at most --shards)")
        sub.add_argument("--threads", type=int, default=1, help="--threads of each shard's fundsim (default 1)")
        sub.add_argument("--retries", type=int, default=1, help="attempts after a shard's first failure (default 1)")
        sub.add_argument("--staging", help="folder for the shard folders (default: beside --out; shared with workers)")
        sub.add_argument("--slurm-queue", help="Slurm partition")
        sub.add_argument("--slurm-account", help="Slurm account")
        sub.add_argument("--slurm-memory", default="4GB", help="memory per Slurm job (default 4GB)")
        sub.add_argument("--slurm-walltime", default="01:00:00", help="walltime per Slurm job (default 01:00:00)")
        sub.add_argument("--quiet", action="store_true", help="no progress on standard error")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; returns the exit status."""
    parser = _parser()
    arguments, passed_on = parser.parse_known_args(argv)
    target = arguments.scenario if arguments.command == "run" else arguments.spec
    from .commands import monte_carlo_arguments

    command = [arguments.command, target,
               *monte_carlo_arguments(draws=arguments.draws, seed=arguments.seed, years=arguments.years, extra=passed_on)]
    say = (lambda message: None) if arguments.quiet else (lambda message: print(message, file=sys.stderr))
    cluster = None
    try:
        client = None
        if arguments.slurm:
            from distributed import Client

            cluster = slurm_cluster(jobs=arguments.workers or arguments.shards, memory=arguments.slurm_memory,
                                    walltime=arguments.slurm_walltime, queue=arguments.slurm_queue,
                                    account=arguments.slurm_account)
            client = Client(cluster)
        started = time.monotonic()
        out = run_shards(command, shards=arguments.shards, out=arguments.out, fundsim=arguments.fundsim, client=client,
                         scheduler=arguments.scheduler, workers=arguments.workers, threads=arguments.threads,
                         retries=arguments.retries, staging=arguments.staging, progress=say)
        say(f"wrote {out} in {time.monotonic() - started:.1f} s")
        if client is not None:
            client.close()
    except (FundsimError, FundsimCommandError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        if cluster is not None:
            cluster.close()
    return 0


if __name__ == "__main__":
    # Run the importable module's main, so the tasks Dask ships name `fundsim.distributed.run_shard`
    # (importable on every worker) rather than functions of `__main__`.
    from fundsim.distributed import main as _main

    sys.exit(_main())
