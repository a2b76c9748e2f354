"""Key bindings: descriptions are i18n keys, translated per instance so zh and en can share a class.

Write bindings as `Binding("slash", "filter", "board.key.filter", id="board.filter")`: the
description is a key in tui/locales/*.toml, the id is what a center remaps in config [keymap].
`translate_bindings(node)` (called by CarefloorApp and CareScreen) swaps in the translation.
"""
from __future__ import annotations

from dataclasses import replace

from tui.i18n import t


def translate_bindings(node) -> None:
    """Replace i18n-key descriptions and tooltips on `node`'s bindings with the current language."""
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [
            replace(b, description=t(b.description) if b.description else "",
                    tooltip=t(b.tooltip) if b.tooltip else "")
            for b in bindings
        ]
