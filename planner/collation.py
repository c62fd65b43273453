"""Sorting names as readers of each language expect: ICU collation (PyICU), one rule set per language.

Python's `sorted` orders by code point, which puts "Türkiye" after "Tuvalu", "Émirats arabes unis"
after "Zimbabwe" and Chinese names in the order of their characters' numbers. ICU's collators follow
the Unicode Collation Algorithm with CLDR's tailoring for each language: French É among the E's,
Spanish ñ after n, Chinese by pinyin (ICU's default for zh), Russian and Arabic by their alphabets.

ICU's documentation does not promise that one Collator may be used by several threads at once,
and gunicorn's threaded workers or a test server may sort in parallel. Each thread therefore keeps
its own Collator per language (a `threading.local`): no lock on the sorting path, and at most six
small objects per thread, created on first use.
"""

from __future__ import annotations

import threading
from typing import Callable, Iterable, TypeVar

import icu

T = TypeVar("T")

# The ICU locale for each interface language; any other code sorts by ICU's root order.
_LOCALES = {"ar": "ar", "zh": "zh", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}

_per_thread = threading.local()


def _collator(language_code: str) -> icu.Collator:
    """This thread's Collator for `language_code`, made on first use."""
    collators = getattr(_per_thread, "collators", None)
    if collators is None:
        collators = _per_thread.collators = {}
    collator = collators.get(language_code)
    if collator is None:
        collator = icu.Collator.createInstance(icu.Locale(_LOCALES.get(language_code, "root")))
        # Composed and decomposed accents ("é" typed either way) sort the same.
        collator.setAttribute(icu.UCollAttribute.NORMALIZATION_MODE, icu.UCollAttributeValue.ON)
        collators[language_code] = collator
    return collator


def sort_key(language_code: str) -> Callable[[str], bytes]:
    """A `key=` function giving ICU sort keys for `language_code` ("fr", "zh", ...).

    The returned function looks up the calling thread's Collator on each call, so it stays safe
    when handed to another thread."""

    def key(text: str) -> bytes:
        return _collator(language_code).getSortKey(text)

    return key


def sorted_by_name(items: Iterable[T], name: Callable[[T], str], language_code: str) -> list[T]:
    """`items` ordered by `name(item)` as a reader of `language_code` expects."""
    key = sort_key(language_code)
    return sorted(items, key=lambda item: key(name(item)))
