"""The claim markers themselves: found, unique, and read as numbers the way the course writes them."""
import pytest

from tests.content.claims import CLAIM, all_claims, number


@pytest.mark.parametrize("text, value", [("1e-11", 1e-11), ("0.25", 0.25), ("−3", -3.0), ("6×10^{-6}", 6e-6),
                                         ("6\\times10^{-6}", 6e-6), ("$10^{-5}$", 1e-5), ("10^-8", 1e-8)])
def test_numbers_are_read_as_written(text, value):
    assert number(text) == pytest.approx(value)


def test_markers_are_found_and_unique():
    text = "a <!-- claim:x -->1.5<!-- /claim --> b <!-- claim:y-2 -->−2<!-- /claim -->"
    assert dict(CLAIM.findall(text)) == {"x": "1.5", "y-2": "−2"}
    all_claims()  # raises if a key is marked twice anywhere in the course
