"""carefloor's Textual themes. Room-status colours are theme variables used by the .tcss files.

Variables every theme defines (and `STATUS_DEFAULTS` supplies for Textual's built-in themes):
`$status-vacant`, `$status-reserved`, `$status-occupied`, `$status-cleaning`,
`$status-out-of-service` (card backgrounds), `$status-text` (text on them), `$flag` (flag text),
`$overdue` (a visit past due). `carefloor-contrast` is the high-contrast theme.
"""
from __future__ import annotations

from textual.theme import Theme

DEFAULT_THEME = "carefloor-dark"

STATUS_DEFAULTS = {
    "status-vacant": "#2e3b33",
    "status-reserved": "#2f3c57",
    "status-occupied": "#4a3a22",
    "status-cleaning": "#3d3350",
    "status-out-of-service": "#3a3a3a",
    "status-text": "#e8e8e8",
    "flag": "#ffb86b",
    "overdue": "#ff6e6e",
}

THEMES = [
    Theme(
        name="carefloor-dark", primary="#5fa8d3", secondary="#7fb685", accent="#f2b134",
        warning="#f2b134", error="#e5534b", success="#57ab5a",
        background="#1b1e23", surface="#242830", panel="#2d323c", dark=True,
        variables=dict(STATUS_DEFAULTS),
    ),
    Theme(
        name="carefloor-light", primary="#1f6feb", secondary="#2f8a4d", accent="#b35900",
        warning="#9a6700", error="#cf222e", success="#1a7f37", foreground="#1f2328",
        background="#f6f8fa", surface="#ffffff", panel="#eaeef2", dark=False,
        variables={
            "status-vacant": "#dcefe0", "status-reserved": "#dbe7fb", "status-occupied": "#fbe7c6",
            "status-cleaning": "#eadff7", "status-out-of-service": "#dddddd", "status-text": "#1f2328",
            "flag": "#9a3412", "overdue": "#cf222e",
        },
    ),
    Theme(
        name="carefloor-contrast", primary="#ffff00", secondary="#00ffff", accent="#ffff00",
        warning="#ffff00", error="#ff0000", success="#00ff00", foreground="#ffffff",
        background="#000000", surface="#000000", panel="#000000", boost="#000000", dark=True,
        variables={
            "status-vacant": "#006400", "status-reserved": "#00008b", "status-occupied": "#8b4500",
            "status-cleaning": "#5b0080", "status-out-of-service": "#000000", "status-text": "#ffffff",
            "flag": "#ffff00", "overdue": "#ff5555", "block-cursor-background": "#ffff00",
            "block-cursor-foreground": "#000000", "footer-key-foreground": "#ffff00",
        },
    ),
]


def theme_names() -> list[str]:
    return [theme.name for theme in THEMES]
