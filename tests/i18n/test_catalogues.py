"""The six catalogues: complete, in step with the code, and safe to format.

A string added to a template or a form without a translation fails here, with the list of what is
missing: run scripts/update-translations and translate the new entries.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, gettext

from planner.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "planner" / "translations"
TRANSLATED = [code for code in LANGUAGES if code != "en"]  # English msgids are the English text
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*\w+\s*\}\}")
TAG = re.compile(r"</?[a-z]+[^>]*>")


def catalogue(code: str):
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=code)


def texts(message) -> list[str]:
    return [s for s in (message.string if isinstance(message.string, (list, tuple)) else [message.string])]


def ids(message) -> list[str]:
    return list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """What the sources mark today, extracted as scripts/update-translations does."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from babel.messages.frontend import main; main()",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "lazy_ngettext:1,2",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    with open(pot, "rb") as handle:
        return {
            message.id if isinstance(message.id, str) else message.id[0] for message in read_po(handle) if message.id
        }


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_marked_string_is_in_the_catalogue(code, extracted):
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(code) if m.id}
    missing = sorted(extracted - known)
    assert not missing, (
        f"{len(missing)} strings are not in the {code} catalogue; run scripts/update-translations: {missing[:10]}"
    )


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_entry_is_translated_and_none_is_fuzzy(code):
    untranslated = [ids(m)[0] for m in catalogue(code) if m.id and not all(texts(m))]
    fuzzy = [ids(m)[0] for m in catalogue(code) if m.id and m.fuzzy]
    assert not untranslated, f"{len(untranslated)} untranslated in {code}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy entries in {code} (compile skips them): {fuzzy[:10]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_placeholders_and_markup(code):
    broken = []
    for message in catalogue(code):
        if not message.id:
            continue
        wanted_names = set(PLACEHOLDER.findall(" ".join(ids(message))))
        wanted_tags = sorted(TAG.findall(ids(message)[0]))
        for text in texts(message):
            names = set(PLACEHOLDER.findall(text))
            # a plural form may leave the number out ("one seat"), never invent a name
            if not names <= wanted_names or (len(texts(message)) == 1 and names != wanted_names):
                broken.append((ids(message)[0], text))
            elif sorted(TAG.findall(text)) != wanted_tags:
                broken.append((ids(message)[0], text))
    assert not broken, f"{code}: placeholders or markup differ from the English: {broken[:5]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_babel_finds_no_format_errors(code):
    errors = [(message.id, [str(e) for e in errs]) for message, errs in catalogue(code).check()]
    assert not errors, errors[:5]


def test_the_compiled_catalogues_are_used(seeded_app):
    """make compiles the .po files at install; without the .mo the pages would stay English."""
    with seeded_app.test_request_context("/"):
        seen = {}
        for code in LANGUAGES:
            with force_locale(code):
                seen[code] = gettext("Sign in")
    assert seen["en"] == "Sign in"
    assert all(seen[code] != "Sign in" for code in TRANSLATED), seen
    assert len(set(seen.values())) == len(LANGUAGES)


def test_arabic_plural_forms_follow_cldr():
    """Babel's built-in Arabic rule swaps "many" (11–99) and "other" (100–102); the catalogue
    carries GNU gettext's rule, which matches CLDR and the order the forms are translated in."""
    from gettext import c2py

    form = c2py(catalogue("ar").plural_expr)
    assert [form(n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111)] == [0, 1, 2, 3, 3, 4, 4, 5, 5, 3, 4]
