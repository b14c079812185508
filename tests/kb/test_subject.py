"""Whether an article names a brief's subject (kb/subject.py): parts, two thirds of a part's words,
the adjective's «ی», words the archive never uses left out."""

from __future__ import annotations

from kb.subject import Subject


def every_word(tokens):
    return set(tokens)


def test_a_subject_is_read_as_the_parts_the_editor_joined_with_and():
    s = Subject.of("بارندگی و کم‌آبی، دریاچه‌ها", every_word)
    assert len(s.parts) == 3
    assert s.named_in("تراز دریاچه ارومیه") and s.named_in("کم آبی در شهرها")
    assert not s.named_in("قیمت طلا کاهش یافت")


def test_a_part_of_several_words_needs_two_thirds_of_them():
    s = Subject.of("قیمت مسکن در تهران", every_word)  # one part: قیمت، مسکن، تهران («در» is no word of it)
    assert s.named_in("میانگین قیمت هر متر مسکن کاهش یافت")  # two of three
    assert not s.named_in("قیمت میوه در یزد بالا رفت")  # one of three: fruit prices
    assert not s.named_in("بخشنامه‌های ساخت و ساز شهرداری تهران")
    two = Subject.of("دولت عراق", every_word)
    assert two.named_in("دولت جدید عراق") and not two.named_in("دولت و مجلس")


def test_a_word_is_named_in_its_indexed_forms_and_as_an_adjective():
    assert Subject.of("فضا", every_word).named_in("ایستگاه فضایی بین‌المللی")
    assert Subject.of("تسهیلات بانک", every_word).named_in("تسهیلات بانکی")
    assert Subject.of("بیمارستان", every_word).named_in("بیمارستان‌های تهران")
    assert Subject.of("مدارس", every_word).named_in("مدارس\u200cاش")
    assert not Subject.of("کشتی", every_word).named_in("کشت گندم")  # a shorter word is another word


def test_words_the_archive_never_uses_are_left_out_and_a_subject_without_any_names_everything():
    known = {"زلزله"}.__and__
    s = Subject.of("زلزله و امدادرسانی", lambda tokens: known(set(tokens)))
    assert len(s.parts) == 1 and s.named_in("زلزله‌ای در کرمان")
    english = Subject.of("housing prices", lambda tokens: set())
    assert not english and english.named_in("هر متنی")
