"""An English claim's names found in Persian text by their consonants, and the things figures
count matched across the two languages."""

from __future__ import annotations

import pytest

from kb.measures import measure_of, same_measure
from kb.names import skeleton


@pytest.mark.parametrize("latin,persian", [
    ("Tehran", "تهران"), ("Khuzestan", "خوزستان"), ("Persepolis", "پرسپولیس"), ("Hormozgan", "هرمزگان"),
    ("Mashhad", "مشهد"), ("Goharrud", "گوهررود"), ("Lebanon", "لبنان"), ("Qazvin", "قزوین"),
])
def test_a_name_and_its_persian_spelling_share_a_skeleton(latin, persian):
    assert skeleton(latin) == skeleton(persian)


def test_different_names_do_not():
    assert skeleton("Tabriz") != skeleton("تهران") and skeleton("Isfahan") != skeleton("شیراز")


def test_what_a_figure_counts_across_languages():
    assert same_measure("candidates", "کاندیدا") and same_measure("نامزد", "کاندیدا")
    assert same_measure("goals", "گل") and same_measure("گل", "تیم") is False
    assert same_measure("hectares", "هکتار") and same_measure("hectares", "تن") is False
    assert same_measure("", "نفر") is None and not measure_of("widgets")


def test_an_english_measure_is_found_among_the_words_after_the_number():
    assert same_measure("state hospitals", "بیمارستان") and same_measure("metres tall", "متر")
    assert same_measure("goldquest members", "نفر") and same_measure("hectare", "هکتار")
    # the first plural the list knows is what is counted, not a verb after it
    assert same_measure("people work", "نفر") and same_measure("teams head", "تیم")
    assert same_measure("students file complaints", "دانشجو") and same_measure("companies plan", "شرکت")
    assert same_measure("state hospitals", "تن") is False and not measure_of("state budget")
    assert same_measure("school health instructors", "مربی") and same_measure("school health instructors", "مدرسه") is False


def test_the_fine_skeleton_keeps_a_consonant_twice_across_a_vowel():
    assert skeleton("Babol", fine=True) == skeleton("بابل", fine=True) != skeleton("بالا", fine=True)
    assert skeleton("Babol") == skeleton("بالا")  # why the lookup of spellings uses the fine one
    assert skeleton("Goharrud", fine=True) == skeleton("گوهررود", fine=True)
    assert skeleton("Lebanon", fine=True) == skeleton("لبنان", fine=True)
