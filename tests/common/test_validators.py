"""Identifier checksums: a clerk is told at once when an ID or credit code was mistyped."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.common import validators
from tests.factories import COMPANY, PERSON


def test_factory_identifiers_are_valid():
    assert validators.id_number_error(PERSON["id_number"]) is None
    assert validators.credit_code_error(COMPANY["credit_code"]) is None


@pytest.mark.parametrize("value", ["11010519491231002X", "11010519491231002x", " 11010519491231002X "])
def test_published_sample_id_number_with_x_check_digit(value):
    # GB 11643-1999 annex sample; lower-case x and stray spaces are accepted.
    assert validators.id_number_error(value) is None


def test_id_number_wrong_check_digit_is_rejected():
    assert "校验位" in validators.id_number_error("110105194912310021")


def test_id_number_impossible_birth_date_is_rejected():
    first17 = "11010519490231002"
    value = first17 + validators.id_number_check_char(first17)
    assert "出生日期" in validators.id_number_error(value)


def test_id_number_wrong_length_is_rejected():
    assert validators.id_number_error("1101051949123100") is not None


# ASCII digits: other scripts' digits are folded before validation (backend.common.text), not here.
FIRST17 = r"[0-9]{6}(19[5-9][0-9]|20[01][0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}"


@given(st.from_regex(FIRST17, fullmatch=True))
def test_any_id_with_computed_check_char_passes_and_any_other_fails(first17):
    good = first17 + validators.id_number_check_char(first17)
    assert validators.id_number_error(good) is None
    for other in "0123456789X":
        if other != good[-1]:
            assert validators.id_number_error(first17 + other) is not None


def test_credit_code_with_remainder_zero_has_check_char_0():
    # Find a body whose weighted sum is divisible by 31: the check char must be "0", not "31".
    body = "91350100M00010" + "000"
    for a in validators.CREDIT_ALPHABET:
        for b in validators.CREDIT_ALPHABET:
            candidate = body[:15] + a + b
            total = sum(validators.CREDIT_ALPHABET.index(c) * w
                        for c, w in zip(candidate, validators.CREDIT_WEIGHTS, strict=True))
            if total % 31 == 0:
                assert validators.credit_code_check_char(candidate) == "0"
                assert validators.credit_code_error(candidate + "0") is None
                return
    pytest.fail("no remainder-0 body found")


def test_published_credit_code_sample_is_valid():
    # The GB 32100-2015 style sample used across Fujian's published examples.
    assert validators.credit_code_error("91350100M000100Y43") is None


def test_credit_code_with_forbidden_letters_is_rejected():
    assert validators.credit_code_error("91350100M000100Y4O") is not None
    assert validators.credit_code_error("91350100M000100Y42") is not None


@pytest.mark.parametrize("mobile,ok", [("13812341234", True), ("19912341234", True), ("12812341234", False),
                                       ("1381234123", False), ("138123412345", False), ("1381234123a", False)])
def test_mobile_numbers(mobile, ok):
    assert (validators.mobile_error(mobile) is None) is ok


def test_a_day_is_read_only_as_yyyy_mm_dd():
    from datetime import date

    from backend.common.validators import parse_day

    assert parse_day(" 2026-11-04 ") == date(2026, 11, 4)
    for written in ("20261104", "2026-W45-3", "2026-11-4", "2026-02-30", "", "明天"):
        assert parse_day(written) is None, written
