"""The UN's own list of States (planner/data/un_states.csv) and ICU collation, as the public
registration form shows them: 195 States under their UN short names, ordered the way readers of
each language expect, and anything else refused with a clear error."""

from __future__ import annotations

import csv
import html
import re
import threading

import babel
import pycountry
import pytest
from sqlmodel import select

from planner.collation import sort_key, sorted_by_name
from planner.registration.export import registrations_csv
from planner.registration.models import Registration
from planner.un_states import (
    DATA_FILE,
    all_states,
    is_observer_state,
    is_un_state,
    state_name,
    states_in_order,
)
from planner.validation import ModelValidationError
from tests.forms import field_error, post_form
from tests.registration.helpers import FORM, open_event

URL = "/events/sample-briefing/register"
LANGUAGES = ["en", "fr", "es", "ru", "zh", "ar"]
UN_SHORT_NAMES = {
    "BO": "Bolivia (Plurinational State of)",
    "IR": "Iran (Islamic Republic of)",
    "NL": "Netherlands (Kingdom of the)",
    "TR": "Türkiye",
    "VN": "Viet Nam",
    "CI": "Côte d'Ivoire",
    "GB": "United Kingdom of Great Britain and Northern Ireland",
    "KP": "Democratic People's Republic of Korea",
    "KR": "Republic of Korea",
    "RU": "Russian Federation",
    "SY": "Syrian Arab Republic",
    "LA": "Lao People's Democratic Republic",
    "FM": "Micronesia (Federated States of)",
    "VE": "Venezuela (Bolivarian Republic of)",
    "TZ": "United Republic of Tanzania",
    "MD": "Republic of Moldova",
    "CZ": "Czechia",
    "SZ": "Eswatini",
    "MK": "North Macedonia",
    "CV": "Cabo Verde",
    "VA": "Holy See",
    "PS": "State of Palestine",
}


def _rows() -> list[dict[str, str]]:
    with DATA_FILE.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(line for line in file if not line.startswith("#")))


def _options(page: str, name: str) -> list[tuple[str, str]]:
    """(value, label) of each <option> of the <select name=...>, in page order."""
    select_tag = re.search(rf'<select[^>]*\bname="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select_tag, f"no select named {name}"
    return [
        (html.unescape(value), html.unescape(label).strip())
        for value, label in re.findall(r'<option[^>]*value="([^"]*)"[^>]*>(.*?)</option>', select_tag.group(1), re.S)
    ]


def _state_labels(client, language: str) -> list[str]:
    options = _options(client.get(f"{URL}?lang={language}").get_data(as_text=True), "represents")
    assert options[0][0] == ""  # "— none —" first
    return [label for _value, label in options[1:]]


# --- the data file -------------------------------------------------------------------------------


def test_the_file_lists_193_members_and_2_observers_under_valid_unique_codes():
    rows = _rows()
    codes = [row["code"] for row in rows]
    assert len(rows) == 195 and len(set(codes)) == 195
    assert sum(row["kind"] == "member" for row in rows) == 193
    assert {row["code"] for row in rows if row["kind"] == "observer"} == {"VA", "PS"}
    assert all(pycountry.countries.get(alpha_2=code) is not None for code in codes)
    assert not {"AQ", "TW", "XK", "EH", "HK"} & set(codes)


def test_every_name_is_there_with_its_source_and_cldr_fallbacks_are_cldr_names():
    for row in _rows():
        for language in LANGUAGES:
            name, source = row[f"name_{language}"], row[f"source_{language}"]
            assert name.strip() == name and name, (row["code"], language)
            assert source in ("un", "cldr"), (row["code"], language)
            if source == "cldr":
                assert name == babel.Locale.parse(language).territories[row["code"]], (row["code"], language)
        assert row["source_en"] == "un"  # English is always the UN short name


def test_the_header_says_where_the_names_come_from_and_when_they_were_checked():
    header = [line for line in DATA_FILE.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    text = "\n".join(header)
    assert "Checked: 2026-12-02" in text
    assert "https://unstats.un.org/unsd/methodology/m49/" in text and "M49" in text
    assert "https://www.un.org/en/about-us/member-states" in text


def test_english_names_are_the_un_short_names():
    for code, name in UN_SHORT_NAMES.items():
        assert all_states()[code].names["en"] == name


def test_names_in_the_other_languages_are_the_un_ones():
    assert state_name("RU", "fr") == "Fédération de Russie"
    assert state_name("BO", "es") == "Bolivia (Estado Plurinacional de)"
    assert state_name("VA", "ru") == "Святой Престол"
    assert state_name("GB", "zh") == "大不列颠及北爱尔兰联合王国"
    assert state_name("PS", "ar") == "دولة فلسطين"


# --- lookups -------------------------------------------------------------------------------------


def test_membership_lookups():
    assert is_un_state("KE") and is_un_state("VA") and is_un_state("PS")
    assert not is_un_state("AQ") and not is_un_state("TW") and not is_un_state("XX")
    assert not is_un_state(None) and not is_un_state("") and not is_un_state("ke")
    assert is_observer_state("VA") and is_observer_state("PS")
    assert not is_observer_state("KE") and not is_observer_state("AQ")


def test_state_name_reads_in_the_request_language_and_english_outside_one(app):
    assert state_name("RU") == "Russian Federation"  # no request: English
    with app.test_request_context("/?lang=fr"):
        assert state_name("RU") == "Fédération de Russie"
        assert state_name("RU", "en") == "Russian Federation"
    assert state_name(None) == "" and state_name("") == ""
    assert state_name("XX") == "XX"  # not on the list: the code itself


def test_states_in_order_follows_each_languages_collation():
    for language in LANGUAGES:
        states = states_in_order(language)
        assert len(states) == 195
        names = [state.names[language] for state in states]
        assert names == sorted(names, key=sort_key(language))


# --- collation -----------------------------------------------------------------------------------


def test_collation_puts_accented_letters_with_their_base_letter():
    names = ["Zimbabwe", "Émirats arabes unis", "Espagne", "Égypte", "Danemark"]
    assert sorted_by_name(names, str, "fr") == ["Danemark", "Égypte", "Émirats arabes unis", "Espagne", "Zimbabwe"]
    assert sorted(names)[-1] == "Émirats arabes unis"  # what code-point order did


def test_spanish_sorts_n_tilde_after_n():
    assert sorted_by_name(["Ñandú", "Omán", "Nueva Zelandia", "Níger"], str, "es") == [
        "Níger",
        "Nueva Zelandia",
        "Ñandú",
        "Omán",
    ]


def test_chinese_sorts_by_pinyin():
    # ā (阿) < bā (巴) < dé (德) < tǔ (土) < zhì (智) < zhōng (中)
    assert sorted_by_name(["中国", "土耳其", "智利", "德国", "巴西", "阿富汗"], str, "zh") == [
        "阿富汗",
        "巴西",
        "德国",
        "土耳其",
        "智利",
        "中国",
    ]


def test_sort_keys_are_the_same_from_many_threads_at_once():
    names = [state.names["fr"] for state in all_states().values()]
    expected = sorted(names, key=sort_key("fr"))
    results, errors = [], []

    def sort_many():
        try:
            for _ in range(20):
                results.append(sorted(names, key=sort_key("fr")))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=sort_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(results) == 80 and all(result == expected for result in results)


# --- the public registration form ----------------------------------------------------------------


def test_the_form_offers_the_195_states_under_their_un_short_names(client, session):
    open_event(session)
    labels = _state_labels(client, "en")
    assert len(labels) == 195 and len(set(labels)) == 195
    assert set(UN_SHORT_NAMES.values()) <= set(labels)
    assert not {"Russia", "Iran", "Vatican City", "Antarctica", "Taiwan", "Turkey"} & set(labels)
    assert labels.index("Tunisia") < labels.index("Türkiye") < labels.index("Turkmenistan") < labels.index("Tuvalu")


@pytest.mark.parametrize("code", ["AQ", "TW", "XX"])
def test_a_state_that_is_not_on_the_list_is_refused_with_a_clear_error(client, session, code):
    open_event(session)
    response = post_form(client, URL, {**FORM, "represents": code})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "represents") == (
        f"“{code}” is not a UN Member State or observer State: pick a State from the list."
    )
    assert session.exec(select(Registration)).all() == []


def test_an_observer_state_is_accepted_and_shown_by_its_un_name(client, session):
    open_event(session)
    response = post_form(client, URL, {**FORM, "represents": "VA"})
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Holy See" in page and "Vatican City" not in page
    assert session.exec(select(Registration.represents)).all() == ["VA"]


def test_french_order_puts_emirats_among_the_e(client, session):
    open_event(session)
    labels = _state_labels(client, "fr")
    assert labels == sorted(labels, key=sort_key("fr"))
    assert labels.index("Égypte") < labels.index("El Salvador") < labels.index("Émirats arabes unis")
    assert labels.index("Émirats arabes unis") < labels.index("Équateur") < labels.index("Espagne")
    assert labels.index("Émirats arabes unis") < labels.index("Fidji")  # not after "Zimbabwe"
    assert "Fédération de Russie" in labels and "Saint-Siège" in labels


def test_spanish_order_follows_spanish_collation(client, session):
    open_event(session)
    labels = _state_labels(client, "es")
    assert labels == sorted(labels, key=sort_key("es"))
    assert labels.index("Trinidad y Tabago") < labels.index("Túnez") < labels.index("Türkiye")
    assert labels.index("Türkiye") < labels.index("Turkmenistán") < labels.index("Tuvalu")
    assert labels[0] == "Afganistán" and "Santa Sede" in labels


def test_chinese_order_is_icus(client, session):
    open_event(session)
    labels = _state_labels(client, "zh")
    assert labels == sorted(labels, key=sort_key("zh"))
    assert labels[0] == "阿尔巴尼亚"  # ā'ěrbāníyà
    assert labels.index("智利") < labels.index("中国")  # zhì < zhōng
    assert labels != sorted(labels)


def test_russian_and_arabic_orders_are_icus(client, session):
    open_event(session)
    for language in ("ru", "ar"):
        labels = _state_labels(client, language)
        assert len(labels) == 195 and labels == sorted(labels, key=sort_key(language))


def test_country_of_residence_keeps_cldrs_list_in_collation_order(client, session):
    open_event(session)
    page = client.get(f"{URL}?lang=fr").get_data(as_text=True)
    labels = [label for _value, label in _options(page, "country")[1:]]
    assert len(labels) == len(pycountry.countries)
    assert labels == sorted(labels, key=sort_key("fr"))
    assert labels.index("Égypte") < labels.index("Espagne") < labels.index("Fidji")


# --- the model and what is shown ----------------------------------------------------------------


def test_a_registration_cannot_hold_a_state_that_is_not_on_the_list(app):
    registration = Registration(
        event_id=1,
        token_hash="x" * 64,
        link_nonce="n",
        position=1,
        given_name="A",
        family_name="B",
        email="a@example.org",
        category="member_state",
        represents="AQ",
    )
    with app.test_request_context(), pytest.raises(ModelValidationError) as raised:
        registration.check()
    assert raised.value.field == "represents"
    assert "not a UN Member State or observer State" in str(raised.value)


def test_the_export_names_the_state_in_english_by_its_un_name(app, client, session):
    open_event(session)
    assert post_form(client, f"{URL}?lang=fr", {**FORM, "represents": "GB"}).status_code == 302
    registration = session.exec(select(Registration)).one()
    with app.test_request_context("/?lang=fr"):
        exported = registrations_csv([registration]).decode("utf-8-sig")
    assert "United Kingdom of Great Britain and Northern Ireland" in exported
