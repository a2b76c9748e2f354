"""Search keys for a guest: pinyin initials of a Chinese name, last four digits of a phone."""
from __future__ import annotations

import re


def initials(name: str) -> str:
    """张晓红 -> 'zxh'; Latin names keep their word initials ('Mary Chen' -> 'mc')."""
    from pypinyin import Style, lazy_pinyin  # lazy: the dictionary costs ~100 ms to load

    letters = []
    for part in lazy_pinyin(name.strip(), style=Style.FIRST_LETTER, errors="default"):
        words = re.findall(r"[A-Za-z]+", part)
        letters.extend(w[0].lower() for w in words)
    return "".join(letters)


def phone_last4(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return digits[-4:] if len(digits) >= 4 else ""
