"""Spell a heading in lower-case Latin words, to make an id of it: ``Modèle`` -> ``modele``.

A column heading of a translated page becomes a component id, which is part
of URLs and file names: ASCII letters, digits and ``_`` only. Latin letters
lose their accents (``ß`` is ``ss``); Cyrillic and Greek go by a letter
table; Japanese kana by their syllables in Hepburn romanisation
(``プロバイダー`` -> ``purobaida``); Korean Hangul by the syllable names
Unicode gives them (``공급자`` -> ``gonggeubja``). What has no spelling
here (Chinese characters and kanji, Arabic, Thai, ...) is left out and said
so, so that the caller can tell the user and choose another id.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

LATIN_SPECIAL = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "\N{LATIN SMALL LETTER DOTLESS I}": "i",
    "ħ": "h",
}


def _alphabet(first: int, spellings: str) -> dict[str, str]:
    """The letters from code point ``first`` on, each with its spelling (``-``: none, as for ``ъ``)."""
    return {chr(first + index): latin.strip("-") for index, latin in enumerate(spellings.split())}


CYRILLIC = _alphabet(0x0430, "a b v g d e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya") | {
    "\N{CYRILLIC SMALL LETTER IO}": "yo",
    "\N{CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I}": "i",
    "\N{CYRILLIC SMALL LETTER YI}": "yi",
    "\N{CYRILLIC SMALL LETTER UKRAINIAN IE}": "ye",
    "\N{CYRILLIC SMALL LETTER GHE WITH UPTURN}": "g",
    "\N{CYRILLIC SMALL LETTER SHORT U}": "u",
}
"""Russian, Ukrainian and Belarusian letters, in a simple transliteration."""
GREEK = _alphabet(0x03B1, "a v g d e z i th i k l m n x o p r s s t y f ch ps o")
HEPBURN = {"si": "shi", "ti": "chi", "tu": "tsu", "hu": "fu", "zi": "ji", "di": "ji", "du": "zu", "wo": "o"}
"""Unicode names kana after the Nihon-shiki romanisation; ids read better in Hepburn's."""
KANA = re.compile(r"(?:HIRAGANA|KATAKANA) LETTER (SMALL )?([A-Z]+)")
HANGUL = re.compile(r"HANGUL SYLLABLE ([A-Z]+)")
LONG_MARK = "\N{KATAKANA-HIRAGANA PROLONGED SOUND MARK}"


@dataclass(frozen=True)
class Spelling:
    """A heading's words in lower-case ASCII, and what of it could not be spelled."""

    words: tuple[str, ...]
    unspelled: str
    """The letters left out, in the order of the heading (empty when every letter was spelled)."""
    transliterated: bool
    """Whether letters of another script than Latin were spelled (not only accents dropped)."""


def spell(text: str) -> Spelling:
    """``text`` in lower-case ASCII words: letters spelled in Latin, everything else a word break."""
    words: list[str] = []
    word: list[str] = []
    unspelled: list[str] = []
    transliterated = False

    def end_word() -> None:
        words.append("".join(part for part in word if part != "+"))
        word.clear()

    for char in unicodedata.normalize("NFKC", text):
        lower = char.lower()
        if lower.isascii():
            if lower.isalnum():
                word.append(lower)
            else:
                end_word()
            continue
        kana = KANA.fullmatch(unicodedata.name(char, ""))
        if kana is not None or char == LONG_MARK:
            transliterated = True
            _add_kana(word, kana)
            continue
        latin, other_script = _letter(lower)
        if latin is not None:
            transliterated = transliterated or other_script
            word.append(latin)
        elif char.isalnum():
            unspelled.append(char)
            end_word()
        else:
            end_word()
    end_word()
    words = [w for w in words if w]
    return Spelling(tuple(words), "".join(unspelled), transliterated)


def _letter(char: str) -> tuple[str | None, bool]:
    """One letter in Latin (``None`` when it has no spelling here) and whether it is of another script."""
    if char in LATIN_SPECIAL:
        return LATIN_SPECIAL[char], False
    for table in (CYRILLIC, GREEK):
        if char in table:
            return table[char], True
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base.isascii() and base.isalnum():
        return base, False
    for table in (CYRILLIC, GREEK):
        if base in table:
            return table[base], True
    hangul = HANGUL.fullmatch(unicodedata.name(char, ""))
    if hangul is not None:
        return hangul.group(1).lower(), True
    return None, False


def _add_kana(word: list[str], kana: re.Match[str] | None) -> None:
    """Append one kana to ``word``, joining small kana and the sokuon to their neighbours.

    ``word`` holds one syllable per item; a small ``tsu`` is kept as ``"+"``
    until the next syllable doubles its first consonant.
    """
    if kana is None:
        return  # the long-vowel mark: ids drop it, as "purobaida" does
    small, sound = kana.group(1) is not None, kana.group(2).lower()
    if small and sound == "tu":
        word.append("+")
        return
    syllable = HEPBURN.get(sound, sound)
    previous = word[-1] if word and word[-1] != "+" else ""
    if small and previous and sound in ("ya", "yu", "yo") and previous.endswith("i"):
        glide = "" if previous in ("shi", "chi", "ji") else "y"
        word[-1] = previous[:-1] + glide + sound[1]
        return
    if small and previous and sound in ("a", "i", "u", "e", "o"):
        word[-1] = ("w" if previous == "u" else previous[:-1]) + sound
        return
    if word and word[-1] == "+":
        word[-1] = "" if syllable[0] in "aeioun" else ("t" if syllable.startswith("ch") else syllable[0])
    word.append(syllable)
