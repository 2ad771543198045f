"""Run independent build steps on every core, in order, with the same answer as one core.

The build's heavy steps (equidistance tile by tile, buffers claimant by claimant) are pure
functions of data fixed before they start. Forked worker processes inherit that data, so only
the small step arguments and the resulting geometries cross between processes, and results
come back in submission order: a rebuild stays byte-identical whatever the core count.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: The function each forked worker runs, set before the pool forks (inherited, not pickled).
_TASK: list[Callable[[Any], Any]] = []


def _run_task(argument: Any) -> Any:
    return _TASK[0](argument)


def ordered_map(function: Callable[[T], R], arguments: Iterable[T]) -> list[R]:
    """``[function(a) for a in arguments]``, spread over the machine's cores.

    Falls back to one process where ``fork`` is unavailable or there is one core.
    """
    items = list(arguments)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if cores < 2 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    _TASK[:] = [function]
    try:
        with multiprocessing.get_context("fork").Pool(cores) as pool:
            return pool.map(_run_task, items, chunksize=max(1, len(items) // (cores * 8)))
    finally:
        _TASK.clear()
