from newsflow.common.letters import has_letters


def test_a_text_with_exactly_enough_letters_has_them():
    assert has_letters("ab 12 cd", 4) is True


def test_a_text_one_letter_short_has_not():
    assert has_letters("ab 12 c", 4) is False


def test_digits_punctuation_and_spaces_are_not_letters():
    assert has_letters("1234 5678 ½ ² !?", 1) is False


def test_letters_of_every_script_count():
    assert (has_letters("æøå ß 日本 Ελ", 8), has_letters("æøå ß 日本 Ελ", 9)) == (True, False)


def test_no_letters_are_needed_for_a_count_of_zero():
    assert has_letters("", 0) is True


def test_an_empty_text_has_no_letters():
    assert has_letters("", 1) is False
