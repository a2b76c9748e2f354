"""A contract's money figures as text: the same names and the same amounts on every screen.

    figures_text(fig)          -> "First payment 26,400.00  Total paid 88,000.00  Balance owed 0.00  Deposit held 5,000.00"
    figures_lines(fig)         -> the same, two to a line (a form's info fits 80 columns without a figure split)
    figure_parts(fig)          -> [("First payment", "26,400.00"), ...] for screens that lay them out themselves

The figures come from store.payments.figures(); the names from tui/locales/money.toml.
"""
from __future__ import annotations

from tui.i18n import t

ORDER = ("first_payment", "paid", "balance", "deposit")


def yuan(cents: int) -> str:
    """26400.00 yuan as '26,400.00' (fen shown; the same in both languages)."""
    return f"{cents / 100:,.2f}"


def figure_parts(fig) -> list[tuple[str, str]]:
    """(name, amount) of each figure in the one order; a refunded deposit only once there is one."""
    parts = [(t(f"money.{name}"), yuan(getattr(fig, f"{name}_cents"))) for name in ORDER]
    if fig.deposit_refunded_cents:
        parts.append((t("money.deposit_refunded"), yuan(fig.deposit_refunded_cents)))
    return parts


def figures_text(fig, sep: str = "  ") -> str:
    return sep.join(f"{name} {amount}" for name, amount in figure_parts(fig))


def figures_lines(fig) -> str:
    """The figures two to a line, so a form on an 80x24 screen never splits one across lines."""
    parts = [f"{name} {amount}" for name, amount in figure_parts(fig)]
    return "\n".join("  ".join(parts[i:i + 2]) for i in range(0, len(parts), 2))
