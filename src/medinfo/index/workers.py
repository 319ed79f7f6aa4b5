"""Work spread over the cores: worker processes that leave Ctrl-C to the main process."""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import TypeVar

    Job = TypeVar("Job")
    Result = TypeVar("Result")


def cores() -> int:
    """Return the cores this process may use (in a container, maybe fewer than the machine's)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def batch_size(jobs: int, workers: int) -> int:
    """Return how many jobs a worker takes at once: worth the hand-over, few enough to share."""
    return max(8, min(64, jobs // (workers * 16) or 8))


def spread(work: Callable[[Job], Result], batches: Iterable[Job], workers: int) -> Iterator[Result]:
    """Yield what the workers make of each batch, as they finish, in any order.

    Modules the work needs are best imported before this is called: forked workers
    start with them loaded.
    """
    import gc
    import multiprocessing
    import signal

    gc.enable()  # the console script turns it off for lookups; forked workers inherit this
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    # Workers are forked with Ctrl-C held back, then ignore it: only the main process
    # sees it. Held back, not ignored, here: one pressed while the pool starts reaches
    # the main process once it has (ignored, it would be lost and the build go on).
    held = hasattr(signal, "pthread_sigmask")
    previous = signal.getsignal(signal.SIGINT)
    if held:
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    else:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pool = context.Pool(workers, initializer=_ignore_interrupts)
    except BaseException:
        if held:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        raise
    finally:
        if not held:
            signal.signal(signal.SIGINT, previous)
    with pool:  # a Ctrl-C held back arrives inside: leaving, the pool's workers are stopped
        if held:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        yield from pool.imap_unordered(work, batches)


def _ignore_interrupts() -> None:
    """Leave Ctrl-C to the main process, which stops the workers (and prints nothing)."""
    import gc
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # held back by spread while the pool started
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    # What the worker was forked with (the readers, their tables) lives as long as it
    # does: out of the collector's way, a collection scans only what a label makes.
    gc.freeze()
