"""Against a real Slurm (start it with Notebooks/slurm/start-slurm.sh): the sbatch array of
`fundsim slurm-script` plus its dependent merge, and `python3 -m fundsim.distributed --slurm`
(dask-jobqueue). Skipped, saying why, when no Slurm controller answers."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import fundsim

from .conftest import SMALL_SCENARIO
from .test_distributed import assert_same_output

pytestmark = pytest.mark.slurm


def _slurm_available() -> str | None:
    if shutil.which("sbatch") is None or shutil.which("sinfo") is None:
        return "no sbatch/sinfo on PATH (start Slurm with Notebooks/slurm/start-slurm.sh)"
    done = subprocess.run(["sinfo", "-h", "-o", "%T"], capture_output=True, text=True, check=False)
    if done.returncode != 0 or not re.search(r"idle|mixed|allocated", done.stdout):
        return f"no Slurm node takes jobs (sinfo: {(done.stdout + done.stderr).strip() or 'nothing'})"
    return None


@pytest.fixture(scope="module")
def slurm() -> None:
    reason = _slurm_available()
    if reason:
        pytest.skip(reason)


def _job_state(job: str) -> str:
    done = subprocess.run(["scontrol", "show", "job", job], capture_output=True, text=True, check=False)
    match = re.search(r"JobState=(\S+)", done.stdout)
    return match.group(1) if match else "UNKNOWN"


def _wait_for(job: str, timeout: float = 300) -> str:
    """The final state of ``job`` (COMPLETED, FAILED, CANCELLED, …)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = _job_state(job)
        if state not in ("PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "UNKNOWN"):
            return state
        time.sleep(1)
    subprocess.run(["scancel", job], check=False)
    raise AssertionError(f"Slurm job {job} did not finish in {timeout} s (state {_job_state(job)})")


def _submit(script: Path) -> tuple[str, str]:
    done = subprocess.run(["bash", str(script)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    match = re.search(r"array job (\d+).*merge as job (\d+)", done.stdout)
    assert match, done.stdout
    return match.group(1), match.group(2)


def test_array_of_two_shards_and_merge_equal_one_process(slurm: None, tmp_path: Path, sharding_binary: str) -> None:
    whole = fundsim.run(SMALL_SCENARIO, tmp_path / "whole", draws=5, seed=3, years=2018, extra=["--keep-draws"],
                        fundsim=sharding_binary)
    script = tmp_path / "submit.sh"
    out = tmp_path / "merged"
    subprocess.run([sharding_binary, "slurm-script", str(SMALL_SCENARIO), "--shards", "2", "--work", str(tmp_path / "work"),
                    "--out", str(out), "--draws", "5", "--seed", "3", "--years", "2018", "--keep-draws",
                    "--script", str(script)], check=True)
    array, merge = _submit(script)
    assert _wait_for(merge) == "COMPLETED", (tmp_path / "work" / "logs" / "merge.out").read_text(errors="replace")
    for task in ("0", "1"):
        assert _job_state(f"{array}_{task}") == "COMPLETED"
    assert_same_output(out, whole.path)
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["logs", "shard-0", "shard-1"]


def test_failed_task_cancels_the_merge(slurm: None, tmp_path: Path, sharding_binary: str) -> None:
    script = tmp_path / "submit.sh"
    out = tmp_path / "merged"
    subprocess.run([sharding_binary, "slurm-script", str(SMALL_SCENARIO), "--shards", "2", "--work", str(tmp_path / "work"),
                    "--out", str(out), "--draws", "5", "--years", "2018", "--fundsim", str(tmp_path / "no-such-fundsim"),
                    "--script", str(script)], check=True)
    array, merge = _submit(script)
    state = _wait_for(merge)
    assert state == "CANCELLED" or state.startswith("CANCELLED"), state
    assert _job_state(f"{array}_0") == "FAILED"
    assert not out.exists()


def test_dask_jobqueue_slurm_cluster(slurm: None, tmp_path: Path, sharding_binary: str) -> None:
    whole = fundsim.run(SMALL_SCENARIO, tmp_path / "whole", draws=5, seed=3, years=2018, fundsim=sharding_binary)
    out = tmp_path / "split"
    done = subprocess.run([sys.executable, "-m", "fundsim.distributed", "run", str(SMALL_SCENARIO), "--draws", "5",
                           "--seed", "3", "--years", "2018", "--shards", "2", "--slurm", "--workers", "2",
                           "--slurm-memory", "1GB", "--slurm-walltime", "00:10:00", "--out", str(out),
                           "--fundsim", sharding_binary],
                          capture_output=True, text=True, check=False, cwd=tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr
    assert_same_output(out, whole.path)
