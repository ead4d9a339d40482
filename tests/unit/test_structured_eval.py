"""evaluation/structured_eval.py's "same candidates" measure (stop 62): records compared by who passes their required
sets, not by how they group the options."""
import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[2] / "evaluation" / "structured_eval.py"
_SPEC = importlib.util.spec_from_file_location("structured_eval_s62", _PATH)
se = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(se)


def _opt(degree=None, years=None, fields=(), level="master"):
    return {"degree": {"start": degree, "end": degree + 5, "level": level} if degree is not None else None,
            "experience": {"start": 900 + (years or 0), "end": 905, "min_years": years} if years is not None else None,
            "fields": [{"start": f, "end": f + 3} for f in fields], "strength": "required"}


def _record(*sets, strength="required"):
    return {"alternatives": [{"options": list(s), "strength": strength} for s in sets]}


MASTER, LICENCE = 10, 40


@pytest.mark.parametrize("a, b, same", [
    # a separate experience set is the same filter as the years joined to every option
    (_record([_opt(MASTER), _opt(LICENCE, level="bachelor")], [_opt(years=5)]),
     _record([_opt(MASTER, 5), _opt(LICENCE, 5, level="bachelor")]), True),
    # ... but not when only one option carries them
    (_record([_opt(MASTER), _opt(LICENCE, level="bachelor")], [_opt(years=5)]),
     _record([_opt(MASTER, 5), _opt(LICENCE, level="bachelor")]), False),
    # a substitute made a set of its own asks everyone for it
    (_record([_opt(MASTER), _opt(LICENCE, 3, level="bachelor")]),
     _record([_opt(MASTER)], [_opt(LICENCE, 3, level="bachelor")]), False),
    # a stricter option beside a laxer one accepts no one more
    (_record([_opt(MASTER), _opt(MASTER, 2)]), _record([_opt(MASTER)]), True),
    # fields and years count
    (_record([_opt(MASTER, fields=(60,))]), _record([_opt(MASTER)]), False),
    (_record([_opt(MASTER, 3)]), _record([_opt(MASTER, 2)]), False),
    # a preferred set filters no one
    (_record([_opt(MASTER)]) | {"alternatives": _record([_opt(MASTER)])["alternatives"]
                                + _record([_opt(years=4)], strength="preferred")["alternatives"]},
     _record([_opt(MASTER)]), True),
])
def test_who_passes_compares_the_candidates_a_record_accepts(a, b, same):
    assert (se._who_passes(a) == se._who_passes(b)) is same


def test_who_passes_gives_up_past_its_cap():
    many = _record(*[[_opt(i * 10), _opt(i * 10 + 5)] for i in range(13)])  # 2**13 combinations
    assert se._who_passes(many) is None
