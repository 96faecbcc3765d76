"""The learner's progress as a small file a teacher can collect without a server.

``export(learner)`` is the file's content: per exercise its latest status, the number of checks, the hint
tier reached, whether the worked solution was opened, and the time of the latest record — nothing else (no
answers, no predictions, no code). A sha256 of the content lets the class report tell a file edited by hand
from one the course wrote; it is a check against accidents, not a signature. ``download_progress(learner)``
shows a link that saves the file (an HTML widget: cell outputs are sanitised and would drop the link's
``download`` attribute).
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import time

from .check import progress

COURSE = "calcml"          # the course id every progress file carries
FORMAT = 1
FIELDS = ("status", "checks", "hints", "solution_viewed", "time")


def digest(payload: dict) -> str:
    """sha256 of the payload's canonical JSON (everything but the digest itself)."""
    body = {k: v for k, v in payload.items() if k != "digest"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def export(learner: str = "") -> dict:
    """The progress file's content for ``learner`` (the name the teacher will see)."""
    exercises = {}
    for ex_id, entry in sorted(progress.load().items()):
        kept = {k: entry[k] for k in FIELDS if k in entry}
        if kept.get("status") in (None, "not_attempted") and not kept.get("hints"):
            continue
        exercises[ex_id] = kept
    payload = {"course": COURSE, "format": FORMAT, "learner": str(learner).strip()[:80],
               "exported": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "exercises": exercises}
    payload["digest"] = digest(payload)
    return payload


def file_name(learner: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", str(learner).lower()).strip("-")[:40] or "learner"
    return f"calcml-progress-{slug}-{time.strftime('%Y%m%d', time.gmtime())}.json"


def download_progress(learner: str = ""):
    """A link that saves your progress file; write your name between the quotes first."""
    payload = export(learner)
    text = json.dumps(payload, indent=1, sort_keys=True)
    href = "data:application/json;base64," + base64.b64encode(text.encode()).decode()
    n = len(payload["exercises"])
    who = html.escape(payload["learner"]) or "no name yet: write yours between the quotes and run the cell again"
    body = (f'<p class="calcml-download" role="note"><a download="{html.escape(file_name(learner))}" href="{href}"'
            f' style="font-weight:bold">Download my progress</a> — {n} exercise{"s" if n != 1 else ""} on record,'
            f" {len(text) / 1024:.1f} KB, for <em>{who}</em>. Run this cell again after more work: the file holds"
            " what was on record when the cell ran.</p>")
    try:
        import ipywidgets as widgets

        return widgets.HTML(body)
    except Exception:  # outside the browser course without ipywidgets: the HTML still shows
        from IPython.display import HTML

        return HTML(body)
