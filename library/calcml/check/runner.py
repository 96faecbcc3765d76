"""Call student code safely: copied inputs, a cooperative time limit, captured output.

The browser kernel (Pyodide) has no threads or signals, and a plain static host cannot interrupt it,
so the time limit is enforced by a ``sys.settrace`` tracer that looks at the clock every
``check_every`` trace events and raises ``CheckTimeout`` inside the student's frame. It cannot stop
a single long-running C call (e.g. one giant numpy operation); everything else stops.
"""
from __future__ import annotations

import copy
import dis
import io
import linecache
import os
import sys
import time
from contextlib import redirect_stderr, redirect_stdout

import numpy as np

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_NUMPY_DIR = os.path.dirname(os.path.abspath(np.__file__))


class CheckTimeout(BaseException):
    """Raised inside student code when the check's deadline has passed.

    A ``BaseException`` so that a student's ``except Exception:`` does not swallow it.
    """


class _CappedWriter(io.TextIOBase):
    """A text stream that keeps the first ``limit`` characters and counts the rest."""

    def __init__(self, limit: int):
        self.limit = limit
        self.parts: list[str] = []
        self.kept = 0
        self.total = 0

    def writable(self):
        return True

    def write(self, s):
        s = str(s)
        self.total += len(s)
        if self.kept < self.limit:
            piece = s[: self.limit - self.kept]
            self.parts.append(piece)
            self.kept += len(piece)
        return len(s)

    def text(self) -> str:
        out = "".join(self.parts)
        if self.total > self.kept:
            out += f"\n… ({self.total - self.kept:,} more characters not shown)"
        return out


class CallResult:
    """What happened when the student's function was called once."""

    __slots__ = ("value", "exception", "timed_out", "output", "output_chars", "mutated", "where",
                 "trace_switched_off")

    def __init__(self):
        self.value = None
        self.exception = None  # the student's exception, if any
        self.timed_out = False
        self.output = ""  # captured stdout + stderr (truncated)
        self.output_chars = 0
        self.mutated: list[int] = []  # positions of arguments the call changed in place
        self.where = ""  # "line 3: return x / 0" for the student's frame that raised
        self.trace_switched_off = False  # the call replaced the time-limit tracer (sys.settrace)

    @property
    def ok(self) -> bool:
        return self.exception is None and not self.timed_out


# CPython 3.11 emits no 'line' events for a loop that jumps to itself (``while True: pass`` on one
# line). For code objects that contain such a self-jump, the tracer asks for 'opcode' events too.
_OPCODE_FALLBACK = sys.version_info < (3, 12)
_SELF_LOOP: dict = {}


def _has_self_loop(code) -> bool:
    found = _SELF_LOOP.get(code)
    if found is None:
        try:
            found = any(ins.opname.startswith("JUMP_BACKWARD") and ins.argval == ins.offset
                        for ins in dis.get_instructions(code))
        except Exception:
            found = False
        if len(_SELF_LOOP) > 10_000:
            _SELF_LOOP.clear()
        _SELF_LOOP[code] = found
    return found


def make_tracer(deadline: float, check_every: int = 1000, clock=time.perf_counter):
    """A trace function that raises ``CheckTimeout`` once ``clock() > deadline``.

    Used as both the global and the local tracer, so it sees 'call' and 'line' events in every
    new frame; the clock is read only every ``check_every`` events to keep the overhead low.
    """
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        count += 1
        if event == "call" and _OPCODE_FALLBACK and _has_self_loop(frame.f_code):
            frame.f_trace_opcodes = True
        if count >= check_every:
            count = 0
            if clock() > deadline:
                raise CheckTimeout()
        return tracer

    return tracer


class deadline_trace:
    """Context manager: trace new frames with a deadline tracer; restore the previous tracer after."""

    def __init__(self, deadline: float, check_every: int = 1000):
        self.deadline = deadline
        self.check_every = check_every
        self.previous = None

    def __enter__(self):
        self.previous = sys.gettrace()
        self.tracer = make_tracer(self.deadline, self.check_every)
        sys.settrace(self.tracer)
        return self

    def __exit__(self, *exc):
        sys.settrace(self.previous)
        return False


def same_value(a, b) -> bool:
    """Deep equality that treats NaN == NaN and never raises."""
    try:
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
                return False
            if a.shape != b.shape or a.dtype != b.dtype:
                return False
            if a.dtype.kind in "fc":
                return bool(np.array_equal(a, b, equal_nan=True))
            return bool(np.array_equal(a, b))
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
            return type(a) is type(b) and len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
        if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
            return True
        return bool(a == b)
    except Exception:
        return True  # cannot compare: do not accuse the student of mutating


def _student_line(tb) -> str:
    """The last traceback frame outside calcml and numpy, as 'line N: source'."""
    found = ""
    while tb is not None:
        filename = os.path.abspath(tb.tb_frame.f_code.co_filename) if tb.tb_frame.f_code.co_filename else ""
        if not filename.startswith(_PACKAGE_DIR) and not filename.startswith(_NUMPY_DIR):
            line = linecache.getline(tb.tb_frame.f_code.co_filename, tb.tb_lineno).strip()
            found = f"line {tb.tb_lineno}" + (f": `{line}`" if line and "`" not in line else "")
        tb = tb.tb_next
    return found


def _frame_depth() -> int:
    depth, f = 0, sys._getframe()
    while f is not None:
        depth += 1
        f = f.f_back
    return depth


def safe_call(func, args=(), *, deadline: float | None = None, timeout: float = 2.0, check_every: int = 1000,
              max_output: int = 2000, recursion_headroom: int = 400) -> CallResult:
    """Call ``func(*args)`` defensively and report what happened; never raises (except KeyboardInterrupt).

    - the function gets deep copies of ``args``; ``result.mutated`` lists arguments it changed;
    - exceptions (including SystemExit and RecursionError) are caught into ``result.exception``;
    - a deadline (absolute ``time.perf_counter()`` value, or ``timeout`` seconds from now) is enforced
      cooperatively with ``sys.settrace``;
    - stdout/stderr are captured and truncated to ``max_output`` characters;
    - the recursion limit is lowered to ``recursion_headroom`` frames above the current depth.
    """
    res = CallResult()
    if deadline is None:
        deadline = time.perf_counter() + timeout
    pristine = copy.deepcopy(args)
    given = copy.deepcopy(args)
    writer = _CappedWriter(max_output)
    old_limit = sys.getrecursionlimit()
    new_limit = min(old_limit, _frame_depth() + recursion_headroom)
    try:
        sys.setrecursionlimit(new_limit)
        # warnings raised by the student's code are written to stderr, i.e. captured with the output
        with redirect_stdout(writer), redirect_stderr(writer), np.errstate(all="ignore"):
            if time.perf_counter() > deadline:
                raise CheckTimeout()
            with deadline_trace(deadline, check_every) as trace:
                try:
                    res.value = func(*given)
                finally:  # a call to sys.settrace in the student's code switches the time limit off
                    res.trace_switched_off = sys.gettrace() is not trace.tracer
    except CheckTimeout:
        res.timed_out = True
        res.trace_switched_off = False  # a tracer that raises is removed by Python itself
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # the student's exception, whatever it is
        res.exception = exc
        res.where = _student_line(exc.__traceback__)
    finally:
        sys.setrecursionlimit(old_limit)
    res.output = writer.text()
    res.output_chars = writer.total
    res.mutated = [i for i, (a, b) in enumerate(zip(pristine, given)) if not same_value(a, b)]
    return res


def describe_exception(exc: BaseException) -> str:
    """'ZeroDivisionError: division by zero', shortened; never a traceback."""
    text = str(exc)
    if len(text) > 300:
        text = text[:300] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
