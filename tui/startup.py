"""Start-up: what the imports made lives as long as the app, so the garbage collector may skip it.

    hold_collector()            # first thing of `carefloor` (tui/cli.main): no collections while starting
    freeze_imported_objects()   # make_app: what was made so far is permanent
    release_collector()         # the app, once its first screen is drawn (and cli.main when it returns)
"""
from __future__ import annotations

import gc

_frozen = False
_held = False


def hold_collector() -> None:
    """No cyclic garbage collection until release_collector. Starting makes mostly objects that
    live as long as the process (modules, classes, CSS, the first screen's widgets), and a board
    start spent 12 ms in ~90 collections during the imports and 4 ms in ~25 more before its
    first frame (gc.callbacks)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release_collector() -> None:
    """Collections resume, if hold_collector stopped them (never a collector someone else stopped)."""
    global _held
    if _held:
        _held = False
        gc.enable()


def freeze_imported_objects() -> bool:
    """Once per process, before the first app is built: move every object made so far (modules,
    classes, Textual's parsed CSS) into the collector's permanent generation.

    Python's collector walks every tracked object on each full collection. Starting on a 300-room
    board, the first full one fell inside the first frame and took 20 ms of the start (measured
    with gc.callbacks). Objects made later are collected as usual. Only the first call freezes,
    so a process that builds many apps (the tests) never freezes an earlier app's garbage.
    Returns whether this call froze."""
    global _frozen
    if _frozen:
        return False
    _frozen = True
    gc.freeze()
    return True
