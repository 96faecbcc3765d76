"""Half 1 of the notebooks through the Chromium suite (tests/browser/chromium_suite.py)."""
# Any order works (chromium_suite keeps what the first run showed).
from tests.browser.chromium_suite import (test_first_run_is_clean_and_offline,  # noqa: F401
                                          test_no_serious_axe_violations_from_our_content,
                                          test_every_image_has_alt_text,
                                          test_first_slider_works_from_the_keyboard,
                                          test_reference_answers_pass_every_check)
from tests.browser.chromium_suite import halves, opened_fixture

opened = opened_fixture(halves()[0])
