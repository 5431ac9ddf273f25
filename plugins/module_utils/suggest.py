# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
""""Did you mean ...?" for names and keys users mistype, so an error names the fix.

Panel keys are made of words (``control.console``, ``backup.create``), and
a typo usually keeps the word that matters: ``console.read`` means the
console, not one of the many ``*.read`` keys. So candidates are scored word
by word, each matched word weighted by how rare it is among the candidates
(a word most keys share says little), with the similarity of the whole
string only breaking ties. No Ansible imports here.
"""

from __future__ import annotations

import difflib
import math
import re

#: how alike two words must be (difflib ratio) to count as the same word mistyped
WORD_CUTOFF = 0.75
#: how alike two whole strings must be when no word matches
STRING_CUTOFF = 0.6

_WORD = re.compile(r"[^a-z0-9]+")


def _words(text):
    return [w for w in _WORD.split(str(text).lower()) if w]


def _ratio(first, second):
    return difflib.SequenceMatcher(None, first, second).ratio()


def closest(word, candidates):
    """The candidate ``word`` most likely meant, or None when nothing is close."""
    candidates = [c for c in dict.fromkeys(candidates) if c is not None]
    if not candidates:
        return None
    split = dict((c, set(_words(c))) for c in candidates)
    frequency = {}
    for words in split.values():
        for each in words:
            frequency[each] = frequency.get(each, 0) + 1
    total = len(candidates)

    def score(candidate):
        words = 0.0
        for typed in _words(word):
            best = max([(_ratio(typed, known), known) for known in split[candidate]] or [(0.0, None)])
            if best[0] >= WORD_CUTOFF:
                # steep in the ratio, so a word typed right beats a rarer word typed almost right
                words += best[0] ** 4 * math.log(1.0 + float(total) / frequency[best[1]])
        return (words, _ratio(str(word).lower(), str(candidate).lower()))

    best = max(candidates, key=score)
    words, whole = score(best)
    return best if words > 0 or whole >= STRING_CUTOFF else None


def same_but_case(word, candidates):
    """The candidate that differs from ``word`` only in letter case, or None."""
    for candidate in candidates:
        if candidate is not None and str(candidate).lower() == str(word).lower() and str(candidate) != str(word):
            return candidate
    return None


def did_you_mean(word, candidates):
    """``; did you mean '<name>'?`` (saying so when only the case differs), or ``""`` when nothing is close."""
    names = sorted(set(str(c) for c in candidates if c is not None))
    case = same_but_case(word, names)
    if case is not None:
        return "; names are case-sensitive: did you mean %r?" % case
    near = closest(word, names)
    return "" if near is None else "; did you mean %r?" % near


def unknown(what, word, candidates, where="on the panel"):
    """``no <what> '<word>' <where>``, with the fix: the same name in another case, the closest name, and the names that exist."""
    names = sorted(set(str(c) for c in candidates if c is not None))
    message = "no %s %r %s" % (what, word, where) + did_you_mean(word, names)
    return message + " (known: %s)" % (", ".join(names) if names else "none")
