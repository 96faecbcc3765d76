"""The exercise registry: all_exercises() and get(id)."""
import pytest

from calcml.check import Exercise
from calcml.exercises import all_exercises, get, module_names


def test_all_exercises_maps_ids_to_exercises():
    found = all_exercises()
    for ex_id, ex in found.items():
        assert isinstance(ex, Exercise) and ex.id == ex_id
        assert ex_id.split(".")[0] in module_names()


def test_get_returns_the_same_object_and_explains_unknown_ids():
    found = all_exercises()
    for ex_id in list(found)[:5]:
        assert get(ex_id) is found[ex_id]
    with pytest.raises(KeyError, match="no exercise with id"):
        get("m09.nothing")


def test_modules_expose_exercises_as_attributes():
    import importlib

    for ex_id, ex in all_exercises().items():
        mod = importlib.import_module(f"calcml.exercises.{ex_id.split('.')[0]}")
        assert any(v is ex for v in vars(mod).values())


def test_modules_are_found_on_disk_not_listed():
    from pathlib import Path

    import calcml.exercises as package

    on_disk = sorted(p.stem for p in Path(package.__file__).parent.glob("m[0-9][0-9].py"))
    assert module_names() == on_disk and len(on_disk) >= 4
