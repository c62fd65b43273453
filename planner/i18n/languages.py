"""The six official languages of the United Nations, each named in itself.

`code` is what `?lang=` and the catalogues under planner/translations use; `tag` is the BCP 47 tag
for `<html lang>` and iCalendar's LANGUAGE parameter; `formatting` is the CLDR locale for dates and
numbers (English pages read as UN documents do: "16–19 May 2016", not "May 16 – 19, 2016").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    tag: str
    direction: str = "ltr"
    formatting: str | None = None

    @property
    def locale(self) -> str:
        return self.formatting or self.code


# In the order the UN lists them: alphabetical by English name, Arabic first.
LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("ar", "العربية", "ar", direction="rtl"),
        Language("zh", "中文", "zh-Hans", formatting="zh_Hans"),
        Language("en", "English", "en", formatting="en_GB"),
        Language("fr", "Français", "fr"),
        Language("ru", "Русский", "ru"),
        Language("es", "Español", "es"),
    )
}

DEFAULT = "en"


def language(code: str | None) -> Language:
    """The Language for `code` (a Babel locale or a code), English for anything unknown."""
    if code is None:
        return LANGUAGES[DEFAULT]
    return LANGUAGES.get(str(code).split("_")[0].split("-")[0].lower(), LANGUAGES[DEFAULT])
