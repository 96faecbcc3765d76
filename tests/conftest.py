import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The course library is imported from the source tree in tests (the site ships it as a wheel).
sys.path.insert(0, str(ROOT / "library"))
