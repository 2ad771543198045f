"""Exit statuses shared by the command lines, and a quiet end when the reader goes away.

Every CLI of the project (``python -m geo.check``, ``python -m events``) uses the same codes:
0 all good, 1 validation problems found in the input, 2 bad usage or unreadable input.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Final

EXIT_OK: Final = 0
EXIT_PROBLEMS: Final = 1
EXIT_BAD_INPUT: Final = 2
#: Status after the reader of stdout went away (``| head``): 128 + SIGPIPE, as a shell reports
#: a program that SIGPIPE ended.
EXIT_BROKEN_PIPE: Final = 141


def run_cli(main: Callable[[], int]) -> int:
    """Run a CLI's ``main`` and end quietly if stdout is closed early (``... | head -1``).

    Parameters
    ----------
    main : callable
        The CLI's entry point, returning its exit status.

    Returns
    -------
    int
        ``main``'s status, or :data:`EXIT_BROKEN_PIPE` when stdout's reader went away.

    """
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would print a traceback while flushing at exit: point stdout at devnull.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    return status
