"""Peak memory of one `lawgraph` command, measured inside the process that runs it.

The parent's ``ru_maxrss`` figures mislead: on Linux a child's high-water mark starts at
its parent's size when forked (and survives exec), and ``RUSAGE_CHILDREN`` is the largest of
every child so far. ``VmHWM`` in /proc/self/status belongs to the new program alone.
"""

from __future__ import annotations

import subprocess
import sys
import time

_LAUNCHER = """
import atexit, sys
def _peak():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                sys.stderr.write("\\nlawgraph-peak-kib " + line.split()[1] + "\\n")
atexit.register(_peak)
from lawgraph.cli import main
main()
"""


def run_lawgraph(args: list[str], **kwargs) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run ``lawgraph ARGS`` in a child Python; return (the completed process, its peak
    resident memory in MiB — NaN where /proc is missing —, wall seconds). The peak line is
    taken out of the child's stderr."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _LAUNCHER, *args], capture_output=True, text=True, **kwargs)
    wall = time.perf_counter() - t0
    peak = float("nan")
    lines = proc.stderr.splitlines(keepends=True)
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].startswith("lawgraph-peak-kib "):
            peak = int(lines[i].split()[1]) / 1024
            proc.stderr = "".join(lines[:i]).removesuffix("\n")
            break
    return proc, peak, wall


def self_peak_mib() -> float:
    """This process's own peak resident memory in MiB (VmHWM; ru_maxrss where /proc is
    missing, which may include the parent's size at fork)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
