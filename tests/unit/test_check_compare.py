"""Coarse-to-fine comparison: None → type → shape → finite → value, float64, combined tolerance."""
import numpy as np
import pytest

from calcml.check.compare import allclose, compare, constant_ratio, describe_difference, fmt_value, isclose


def kind(got, expected, **kw):
    p = compare(got, expected, **kw)
    return None if p is None else p.kind


def test_pass_for_equal_and_within_tolerance():
    assert compare(1.0, 1.0) is None
    assert compare(np.float32(0.5), 0.5) is None
    assert compare(np.array(2.0), 2.0) is None  # 0-d array is a number
    assert compare(3, 3.0) is None
    assert compare(np.array([1, 2]), np.array([1.0, 2.0])) is None  # int array with the right values is fine
    assert compare(1.0 + 1e-8, 1.0, rtol=1e-6, atol=0) is None


def test_combined_tolerance_works_at_zero():
    # relative-only would fail at expected 0; atol rescues it
    assert compare(1e-12, 0.0, rtol=1e-6, atol=1e-9) is None
    assert kind(1e-6, 0.0, rtol=1e-6, atol=1e-9) == "value"
    assert isclose(1e6 + 0.5, 1e6, rtol=1e-6, atol=0)
    assert not isclose(1e6 + 2, 1e6, rtol=1e-6, atol=0)


def test_order_none_type_shape_finite_value():
    exp = np.zeros((2, 3))
    assert kind(None, exp) == "none"
    assert kind(..., exp) == "none"
    assert kind("abc", exp) == "type"
    assert kind([[0, 0, 0], [0, 0, 0]], exp) == "type"  # a list is not an array
    assert kind(np.array([True, False]), exp) == "type"
    assert kind(np.zeros((2, 3), complex), exp) == "type"
    assert kind(np.zeros((3, 2)), exp) == "shape"
    assert kind(np.full((3, 2), np.nan), exp) == "shape"  # shape before finiteness
    assert kind(np.full((2, 3), np.nan), exp) == "finite"
    assert kind(np.ones((2, 3)), exp) == "value"


def test_scalar_expected():
    assert kind([1.0], 1.0) == "type"
    assert kind(np.array([1.0]), 1.0) == "shape"
    assert "item()" in compare(np.array([1.0]), 1.0).message
    assert kind(True, 1.0) == "type"
    assert kind(float("inf"), 1.0) == "finite"


def test_shape_messages_name_the_convention_and_transpose():
    p = compare(np.zeros((3, 2)), np.zeros((2, 3)), convention="Rows = outputs.")
    assert "transpose" in p.message and "Rows = outputs." in p.message and "(3, 2)" in p.message
    p = compare(np.zeros((3, 1)), np.zeros(3))
    assert "right number of entries" in p.message


def test_nonfinite_expected_entries_must_match():
    exp = np.array([np.inf, 1.0])
    assert compare(np.array([np.inf, 1.0]), exp) is None
    assert kind(np.array([-np.inf, 1.0]), exp) == "value"


@pytest.mark.parametrize("got, expected, words", [
    (2.0, 1.0, "too large by a factor of 2"),
    (-3.0, 3.0, "opposite sign"),
    (np.array([2.0, 4.0, 6.0]), np.array([1.0, 2.0, 3.0]), "too large by a factor of 2"),
    (np.array([0.5, 1.0]), np.array([1.0, 2.0]), "too small by a factor of 2"),
    (np.array([-1.0, -2.0]), np.array([1.0, 2.0]), "opposite sign"),
    (1.5, 1.0, "too large by 0.5"),
    (np.array([1.0, 2.5, 3.0]), np.array([1.0, 2.0, 3.0]), "differs in 1 of 3 entries"),
])
def test_describe_difference(got, expected, words):
    if np.ndim(got) == 0 and words.startswith("too large by a factor"):
        # a single number: a ratio of 2 is reported as a plain difference (any wrong number is "a factor")
        assert "too large by 1" in describe_difference(got, expected, 1e-6, 1e-9)
    else:
        assert words in describe_difference(got, expected, 1e-6, 1e-9)


def test_difference_message_does_not_print_the_expected_array():
    p = compare(np.array([1.0, 2.5, 3.0]), np.array([1.0, 2.123456, 3.0]))
    assert "2.12346" not in p.message and "2.123456" not in p.message


def test_constant_ratio():
    assert constant_ratio([2, 4, 0], [1, 2, 0], atol=1e-9) == pytest.approx(2)
    assert constant_ratio([2, 4, 1], [1, 2, 0], atol=1e-9) is None
    assert constant_ratio([2, 5], [1, 2], atol=1e-9) is None


def test_allclose_requires_same_shape():
    assert not allclose(np.zeros(3), np.zeros((3, 1)), 1e-6, 1e-9)


def test_fmt_value_is_short_and_backtick_free():
    assert len(fmt_value(np.arange(10000.0))) <= 160
    assert "`" not in fmt_value("a`b")
    assert fmt_value(np.float64(0.1)) == "0.1"
    assert "\n" not in fmt_value(np.eye(3))


def test_a_ratio_that_rounds_to_one_is_not_called_a_factor():
    e = np.array([1.0, 2.0, 3.0])
    text = describe_difference(e * (1 + 1e-5), e, rtol=1e-9, atol=1e-12)
    assert "factor" not in text and "differs in 3 of 3 entries" in text


@pytest.mark.parametrize("got, words", [(4.01, "slightly too large"), (4.2, "too large by a few percent"),
                                        (5.0, "too large by tens of percent"), (9.0, "more than a factor of 2"),
                                        (0.3, "too small by more than a factor of 10"), (-4.0, "wrong sign")])
def test_value_bands_give_direction_and_size_but_not_the_answer(got, words):
    text = compare(got, 4.0, rtol=1e-9, atol=1e-12, reveal=False).message
    assert words in text and "4" not in text.replace(words, "")
