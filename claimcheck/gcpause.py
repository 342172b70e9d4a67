"""Pausing the garbage collector while a registry is built or checked.

Loading and checking make many objects at once, all new and (nearly all) free of cycles; the
cyclic collector, triggered by the allocations alone, would walk them again and again. This
module imports nothing heavy, so the command line can set it up before parsing arguments.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_freeze_after_pause = False


def freeze_after_pauses(enabled: bool = True) -> None:
    """For a process that runs one command: after each pause, move what was built out of the
    collector's sight (gc.freeze), so it is not walked again and again. A library user that
    loads many registries in one process should leave this off: frozen objects stay."""
    global _freeze_after_pause
    _freeze_after_pause = enabled


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a burst of allocations."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _freeze_after_pause:
            gc.freeze()
        if was_enabled:
            gc.enable()


@contextmanager
def unfrozen() -> Iterator[None]:
    """Pauses without freezing, for code that drops what it builds as it goes (a stream of
    records): frozen, the few reference cycles each record leaves would never be collected."""
    global _freeze_after_pause
    was = _freeze_after_pause
    _freeze_after_pause = False
    try:
        yield
    finally:
        _freeze_after_pause = was
