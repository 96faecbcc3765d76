"""Print the share of the corpus that gets its labelled diagnosis, per module and overall."""
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "library"))  # the repository's calcml

os.environ.setdefault("CALCML_PROGRESS_FILE", os.path.join(tempfile.mkdtemp(), "progress.json"))

from calcml.exercises import all_exercises  # noqa: E402

from . import all_cases, run_case  # noqa: E402

exercises = all_exercises()
per_module = defaultdict(lambda: [0, 0, 0])  # right diagnosis, some specific diagnosis, total
for case in all_cases():
    out = run_case(case, exercises)
    row = per_module[case.exercise_id.split(".")[0]]
    row[0] += out.mistake is not None and out.mistake.name == case.diagnosis
    row[1] += out.mistake is not None
    row[2] += 1
print(f"{'module':<8}{'cases':>7}{'labelled diagnosis':>20}{'any diagnosis':>15}")
total = [0, 0, 0]
for mod in sorted(per_module):
    r = per_module[mod]
    total = [a + b for a, b in zip(total, r)]
    print(f"{mod:<8}{r[2]:>7}{r[0] / r[2]:>19.0%}{r[1] / r[2]:>15.0%}")
print(f"{'all':<8}{total[2]:>7}{total[0] / max(total[2], 1):>19.0%}{total[1] / max(total[2], 1):>15.0%}")
