"""Start-up: what the imports made lives as long as the app, so the garbage collector may skip it.

    hold_collector()            # first thing of `carefloor` (tui/cli.main): no collections while importing
    freeze_imported_objects()   # make_app: what was made so far is permanent; collections resume
"""
from __future__ import annotations

import gc

_frozen = False


def hold_collector() -> None:
    """No cyclic garbage collection until the app is built (or release_collector). The imports
    make only objects that live as long as the process, and a board start spent 12 ms in ~90
    collections passing over them (gc.callbacks)."""
    gc.disable()


def release_collector() -> None:
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
        gc.enable()  # held by a command that built no app before (tests run many in one process)
        return False
    _frozen = True
    gc.freeze()
    gc.enable()  # collections resume for what the app makes from now on (hold_collector)
    return True
