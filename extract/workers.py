"""Extraction in worker processes, where a worker that dies costs one document, not the run.

``multiprocessing.Pool`` waits forever for the result of a worker killed by the kernel (out
of memory) or by a user, and prints tracebacks from workers whose parent died. Here each
worker holds at most one document at a time and the parent watches every worker's pipe
and process sentinel: when a worker dies, the document it held becomes a failure ("worker
process died (killed by SIGKILL: out of memory?)"), a new worker takes its place, and the
run goes on. Results still come out in input order, identical to one process.

A worker whose parent is gone (killed, or the pipe closed) exits quietly at its next message;
on Linux it is also sent SIGKILL by the kernel when the parent dies (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import logging
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

#: Documents handed out or finished ahead of the one next in input order, per worker: bounds
#: the parent's memory when one document is slow (finished records wait in order).
AHEAD_PER_WORKER = 4


@dataclass
class _Worker:
    process: Any
    conn: Any  # the parent's end of the worker's pipe
    task: tuple[int, str] | None = None  # (sequence number, path) it is working on


def died_reason(exitcode: int | None) -> str:
    """Why a worker is gone, in words."""
    if exitcode is None:
        return "worker process stopped answering"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = ": out of memory?" if -exitcode == signal.SIGKILL else ""
        return f"worker process died (killed by {name}{hint})"
    return f"worker process died (exit status {exitcode})"


def run_in_workers(
    items: Iterable[Any],
    jobs: int,
    *,
    is_task: Callable[[Any], bool],
    local: Callable[[Any], Any],
    died: Callable[[str, str], Any],
    initializer: Callable[..., None],
    initargs: tuple,
    work: Callable[[str], Any],
) -> Iterator[Any]:
    """Yield one result per item, in order: ``work(path)`` in a worker for items where
    ``is_task(item)``, ``local(item)`` in the parent for the others, and ``died(path,
    reason)`` for a task whose worker died. At most ``jobs`` workers, started as needed."""
    import multiprocessing as mp
    from multiprocessing.connection import wait

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context("spawn")
    source = iter(items)
    exhausted = False
    seq_in = 0  # next sequence number to hand out
    seq_out = 0  # next sequence number to yield
    done: dict[int, Any] = {}
    workers: list[_Worker] = []
    idle: deque[_Worker] = deque()
    window = max(1, jobs) * AHEAD_PER_WORKER

    def start() -> _Worker:
        parent_end, child_end = ctx.Pipe(duplex=True)
        others = [w.conn for w in workers] + [parent_end]
        p = ctx.Process(target=_worker_main, args=(child_end, others, initializer, initargs, work), daemon=True)
        p.start()
        child_end.close()
        w = _Worker(p, parent_end)
        workers.append(w)
        return w

    def retire(w: _Worker) -> None:
        workers.remove(w)
        if w in idle:
            idle.remove(w)
        w.conn.close()
        w.process.join(timeout=5)

    queue: deque[tuple[int, Any]] = deque()  # tasks read ahead, not yet handed out
    try:
        while True:
            # Read ahead while there is room before the next result to yield.
            while not exhausted and seq_in - seq_out < window:
                try:
                    item = next(source)
                except StopIteration:
                    exhausted = True
                    break
                if is_task(item):
                    queue.append((seq_in, item))
                else:
                    done[seq_in] = local(item)
                seq_in += 1
            while queue:
                w = idle.popleft() if idle else (start() if len(workers) < jobs else None)
                if w is None:
                    break
                _hand(w, *queue.popleft())
            while seq_out in done:
                yield done.pop(seq_out)
                seq_out += 1
            busy = [w for w in workers if w.task is not None]
            if not busy:
                if exhausted and not queue and seq_out == seq_in:
                    return
                continue
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
            for w in busy:
                if w.conn in ready or w.conn.poll():
                    try:
                        seq, result = w.conn.recv()
                    except (EOFError, OSError):
                        pass  # died while sending: its sentinel says so below
                    else:
                        done[seq] = result
                        w.task = None
                        idle.append(w)
                        continue
                if w.process.sentinel in ready or not w.process.is_alive():
                    w.process.join(timeout=5)
                    seq, path = w.task  # type: ignore[misc]
                    reason = died_reason(w.process.exitcode)
                    log.warning("%s: %s", path, reason)
                    done[seq] = died(path, reason)
                    w.task = None
                    retire(w)
    finally:
        for w in workers:
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
            w.conn.close()
        for w in workers:
            w.process.join(timeout=2)
            if w.process.is_alive():
                w.process.kill()
                w.process.join(timeout=2)


def _hand(w: _Worker, seq: int, path: str) -> None:
    w.task = (seq, path)
    w.conn.send((seq, path))


def _worker_main(conn, others, initializer, initargs, work) -> None:
    """A worker: documents in, results out, until told to stop or the parent is gone."""
    for c in others:  # the parent's ends of other workers' pipes, inherited at fork
        try:
            c.close()
        except OSError:
            pass
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        initializer(*initargs)
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                break  # the parent is gone
            if msg is None:
                break
            seq, path = msg
            result = work(path)
            try:
                conn.send((seq, result))
            except (OSError, ValueError):
                break
    except BaseException:  # never a traceback from a worker
        log.debug("worker stopped", exc_info=True)
    finally:
        os._exit(0)


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker when its parent dies."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(0)
