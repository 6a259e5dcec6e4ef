"""Text folding shared by validation (alias collisions) and matching."""

import re
import unicodedata

_SPACE = re.compile(r"\s+")
# Letters that NFD does not decompose into a base letter plus a combining mark.
_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss"})


def fold(text: str) -> str:
    """Case- and diacritics-insensitive form of ``text``: 'Lê Thái Hà' -> 'le thai ha'."""
    if text.isascii():
        return " ".join(text.lower().split())
    text = unicodedata.normalize("NFC", text).translate(_EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", stripped.casefold()).strip()
