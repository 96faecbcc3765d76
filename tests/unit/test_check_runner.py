"""The safe runner: copies, mutation report, exceptions, the settrace deadline, output capture."""
import sys
import time

import numpy as np
import pytest

from calcml.check.runner import CheckTimeout, deadline_trace, describe_exception, make_tracer, safe_call, same_value


def test_returns_value_and_copies_inputs():
    x = np.arange(3.0)
    r = safe_call(lambda a: a * 2, (x,))
    assert r.ok and np.array_equal(r.value, [0, 2, 4]) and r.mutated == []


def test_mutation_is_reported_and_caller_untouched():
    x = np.arange(3.0)

    def f(a, b):
        a -= 1
        return a

    r = safe_call(f, (x, 5))
    assert r.mutated == [0]
    assert np.array_equal(x, [0, 1, 2])  # the caller's array is untouched


def test_list_mutation_reported():
    r = safe_call(lambda lst: lst.append(1), ([1, 2],))
    assert r.mutated == [0]


def test_exception_caught_with_student_line():
    def f(x):
        y = x + 1
        return y / 0

    r = safe_call(f, (1,))
    assert isinstance(r.exception, ZeroDivisionError)
    assert "return y / 0" in r.where
    assert describe_exception(r.exception) == "ZeroDivisionError: division by zero"


def test_system_exit_and_recursion_are_caught():
    assert isinstance(safe_call(lambda: sys.exit(3)).exception, SystemExit)

    def rec(n):
        return rec(n + 1)

    old = sys.getrecursionlimit()
    r = safe_call(rec, (0,))
    assert isinstance(r.exception, RecursionError)
    assert sys.getrecursionlimit() == old


def _loop_one_line():
    while True: pass  # noqa: E701  (the form CPython 3.11 emits no line events for)


def _loop_two_lines():
    i = 0
    while True:
        i += 1


def _loop_swallowing():
    while True:
        try:
            sum(range(10))
        except Exception:  # must not swallow the timeout
            pass


@pytest.mark.parametrize("loop", [_loop_one_line, _loop_two_lines, _loop_swallowing])
def test_endless_loop_stops_near_the_deadline(loop):
    t = time.perf_counter()
    r = safe_call(loop, timeout=0.2)
    elapsed = time.perf_counter() - t
    assert r.timed_out and not r.ok
    # Never before the deadline; the upper bound only tells "stopped" from "ran on" with room for a
    # loaded machine (how near the deadline it stops is the benchmark's business).
    assert 0.2 <= elapsed < 10, elapsed


def test_previous_tracer_is_restored():
    calls = []

    def outer(frame, event, arg):
        calls.append(event)
        return None

    sys.settrace(outer)
    try:
        safe_call(lambda: 1)
        assert sys.gettrace() is outer
    finally:
        sys.settrace(None)
    safe_call(_loop_two_lines, timeout=0.05)
    assert sys.gettrace() is None


def test_deadline_in_the_past_stops_immediately():
    r = safe_call(lambda: 1, deadline=time.perf_counter() - 1)
    assert r.timed_out


def test_tracer_checks_the_clock_only_every_n_events():
    now = [0.0]
    reads = []

    def clock():
        reads.append(1)
        return now[0]

    tr = make_tracer(deadline=10.0, check_every=50, clock=clock)
    for _ in range(500):
        tr(sys._getframe(), "line", None)
    assert len(reads) == 10
    now[0] = 11.0
    with pytest.raises(CheckTimeout):
        for _ in range(50):
            tr(sys._getframe(), "line", None)


def test_output_is_captured_and_truncated():
    def noisy():
        print("x" * 3_000_000)
        for _ in range(1000):
            print("y" * 100)
        return 7

    r = safe_call(noisy, max_output=1000)
    assert r.ok and r.value == 7
    assert r.output_chars > 3_000_000
    assert len(r.output) < 1100 and "more characters not shown" in r.output


def test_same_value_handles_nan_and_odd_types():
    assert same_value(np.array([np.nan, 1.0]), np.array([np.nan, 1.0]))
    assert not same_value(np.array([1.0]), np.array([2.0]))
    assert same_value({"a": [1, 2]}, {"a": [1, 2]})
    assert same_value(float("nan"), float("nan"))


def _student_function(x):
    """A typical student function: a small loop in Python plus numpy calls."""
    total = 0.0
    for k in range(20):
        total += np.sin(x + k) * k
    return total


def _seconds_per_call(n: int, traced: bool) -> float:
    t = time.perf_counter()
    if traced:
        with deadline_trace(time.perf_counter() + 60):
            for _ in range(n):
                _student_function(0.3)
    else:
        for _ in range(n):
            _student_function(0.3)
    return (time.perf_counter() - t) / n


def test_settrace_overhead_is_modest():
    """Measured, not assumed: a traced call costs at most a small multiple of an untraced one.
    Robust on a loaded machine: the two are timed alternately and each keeps its fastest of 9
    rounds (load only ever adds time), so a busy neighbour cannot decide the ratio."""
    plain = traced = float("inf")
    for _ in range(9):
        plain = min(plain, _seconds_per_call(50, traced=False))
        traced = min(traced, _seconds_per_call(50, traced=True))
    assert traced < 6 * plain + 20e-6, (plain, traced)


def _switches_the_time_limit_off():
    sys.settrace(None)
    return 1.0


def test_a_function_that_switches_the_tracer_off_is_reported():
    r = safe_call(_switches_the_time_limit_off, timeout=1.0)
    assert r.trace_switched_off and r.value == 1.0
    assert not safe_call(lambda: 1.0, timeout=1.0).trace_switched_off
    assert not safe_call(_loop_one_line, timeout=0.1).trace_switched_off  # a time-out is not the student's doing
