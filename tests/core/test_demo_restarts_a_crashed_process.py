"""`make demo` (bin/run-demo): a process that crashes is restarted alone, the others keep
running; Ctrl-C (SIGTERM) still stops everything."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_crashed_worker_is_restarted_and_web_and_beat_keep_running(tmp_path):
    starts = tmp_path / "starts"
    starts.mkdir()

    env = {
        **os.environ,
        "COURTOPS_DEMO_WEB_CMD": f"bash {tmp_path / 'web.sh'}",
        "COURTOPS_DEMO_WORKER_CMD": f"bash {tmp_path / 'worker.sh'}",
        "COURTOPS_DEMO_BEAT_CMD": f"bash {tmp_path / 'beat.sh'}",
    }
    for name, crash in (("web", False), ("worker", True), ("beat", False)):
        action = "sleep 0.3; exit 3" if crash else "exec sleep 60"
        (tmp_path / f"{name}.sh").write_text(f"echo x >> {starts / name}\n{action}\n")
    demo = subprocess.Popen(
        ["bash", str(ROOT / "bin" / "run-demo")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        time.sleep(4)
        assert demo.poll() is None, "the demo stopped because one process crashed"
        counts = {n: len((starts / n).read_text().split()) for n in ("web", "worker", "beat")}
        assert counts["worker"] >= 2  # restarted
        assert counts["web"] == 1 and counts["beat"] == 1  # untouched
    finally:
        demo.send_signal(signal.SIGTERM)
        out, _ = demo.communicate(timeout=15)
    assert "worker stopped (exit status 3); restarting it" in out
    assert "Stopping CourtOps" in out


def test_a_process_that_keeps_crashing_stops_the_demo(tmp_path):
    for name in ("web", "worker", "beat"):
        action = "exit 3" if name == "beat" else "exec sleep 60"
        (tmp_path / f"{name}.sh").write_text(f"{action}\n")
    env = {
        **os.environ,
        "COURTOPS_DEMO_MAX_CRASHES": "2",
        **{
            f"COURTOPS_DEMO_{n.upper()}_CMD": f"bash {tmp_path / f'{n}.sh'}"
            for n in ("web", "worker", "beat")
        },
    }
    demo = subprocess.run(
        ["bash", str(ROOT / "bin" / "run-demo")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        start_new_session=True,
    )
    assert demo.returncode != 0
    assert "beat stopped 2 times within a minute" in demo.stdout
