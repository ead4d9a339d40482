"""Review notes on structured records (reqtag.structure.review): where the requirement sets may be wrong.

Every sentence here is invented. Each flagged case is a record the rules build wrongly today (the note's reason says
how); each counter-example is one they build right, which must carry no note."""
import jsonschema
import pytest

from reqtag.annotations.formats import markup
from reqtag.structure.requirements import Requirements, extract, json_schema
from reqtag.structure.review import REASONS

VALIDATOR = jsonschema.Draft202012Validator(json_schema())


def _notes(marked: str, lang: str = "en") -> tuple[str, Requirements]:
    text, spans = markup.parse(marked)
    return text, extract(text, spans, lang)


@pytest.mark.parametrize("reason, marked", [
    # degree holders and diploma holders each have their own amount, written after the choice of degrees
    ("amounts_apart", "Requirements: a [BEng](DEGREE) or [BSc](DEGREE) in [Mining](FIELD), or a [National "
                      "Diploma](DEGREE) in [Mining](FIELD). Degree holders need [5 years](EXPERIENCE) underground; "
                      "diploma holders need [8 years](EXPERIENCE)."),
    # a route offered "in addition to the minimum" that the rules leave as a set asked of everyone
    ("route_unread", "Candidates with a [first-level degree](DEGREE) and [4 years](EXPERIENCE) of experience in "
                     "addition to the minimum will also be considered. We require a [master's degree](DEGREE)."),
    # the UN additive form: 2 more years than the master's option, read as 2 in all
    ("years_order", "Education: a [Master's degree](DEGREE) with [6 years](EXPERIENCE) or a [Bachelor's "
                    "degree](DEGREE) with [2 additional years](EXPERIENCE) of experience."),
    # one list of three routes under "one of the following", cut in two sets
    ("choice_split", "You should have one of the following:\n• an upper second class [honours degree](DEGREE) in "
                     "[physics](FIELD), with at least 10% lab work; or\n• a lower second class [degree](DEGREE) in a "
                     "science together with a [postgraduate certificate](DEGREE) in [physics](FIELD); or\n• a "
                     "[Master's degree](DEGREE) in a physical science.\n"),
    ("alternatives_split", "Essential: a [degree](DEGREE) in [Law](FIELD).\nEssential: or a [GDL](DEGREE) with "
                           "[two years](EXPERIENCE) of practice."),
    # an HTML list whose "or" is an item of its own
    ("alternatives_split", "<ul><li>[Diploma](DEGREE) in [Electronics](FIELD) and at least [6 years](EXPERIENCE) of "
                           "field service work; <strong>or</strong></li>\n<li>A [Bachelor's degree](DEGREE) in "
                           "[Electrical Engineering](FIELD) and at least [3 years](EXPERIENCE) of field service "
                           "work</li></ul>"),
])
def test_a_doubtful_record_carries_a_note_that_points_into_the_posting(reason, marked):
    text, req = _notes(marked)
    assert reason in {n.reason for n in req.review}
    for n in req.review:
        assert n.reason in REASONS
        assert text[n.start:n.end] == n.text and n.start < n.end
    d = req.to_dict()
    VALIDATOR.validate(d)
    assert {n["reason"] for n in d["review"]} == {n.reason for n in req.review}
    assert Requirements.from_fields(req.to_fields()) == req


@pytest.mark.parametrize("lang, marked", [
    ("en", "Requirements: [Bachelor's degree](DEGREE) in [Accounting](FIELD) and [3 years](EXPERIENCE) of audit work. "
           "[MBA](DEGREE) preferred."),
    # senior and junior routes: a higher degree asking more years, stated as a total, is no doubt
    ("en", "Qualifications: [BCom](DEGREE) or [BBA](DEGREE) with [5 years](EXPERIENCE) of audit experience, or an "
           "[MBA](DEGREE) in [Finance](FIELD) with [10 years](EXPERIENCE) in total."),
    # a choice of degrees and one amount asked of everyone
    ("en", "A [Bachelor's](DEGREE) or [Master's degree](DEGREE) in [Chemistry](FIELD). At least [5 years](EXPERIENCE) "
           "in a QC laboratory."),
    # a substitute the rules join: nothing to read twice
    ("en", "Requirements\n- [Bachelor of Science](DEGREE) in [Nursing](FIELD) required\n- [Associate "
           "Degree](DEGREE) in [Nursing](FIELD) with [5 years](EXPERIENCE) of acute care "
           "experience accepted in lieu of the BSN\n"),
    ("fr", "Profil : [Master](DEGREE) en [économie](FIELD) exigé. À défaut, une [Licence](DEGREE) pourra être "
           "acceptée si elle est accompagnée de [cinq ans](EXPERIENCE) d'expérience."),
    ("es", "Formación: [Técnico Superior](DEGREE) en [Administración](FIELD).\nO bien [certificado de "
           "profesionalidad](DEGREE) de [gestión administrativa](FIELD)."),
    # an "or" inside an item joins its own words, not the items (a fresh blind batch, stop 63)
    ("en", "Person specification\n- A [degree](DEGREE) in [Geography](FIELD) or a related subject (E)\n- A "
           "[postgraduate qualification](DEGREE) in [Heritage Management](FIELD) (E)\n"),
    # two diplomas asked together, with nothing between them that offers a way round
    ("en", "Essential: a [degree](DEGREE) in [Mathematics](FIELD) and a [PGCE](DEGREE). [Three years](EXPERIENCE) of "
           "teaching."),
])
def test_a_record_built_right_carries_no_note(lang, marked):
    _, req = _notes(marked, lang)
    assert req.review == []
    assert "review" not in req.to_dict()


@pytest.mark.parametrize("lang, marked", [
    ("en", "A [BSc](DEGREE) or [BEng](DEGREE) in [Chemistry](FIELD).\nExperience: at least [7 years](EXPERIENCE) in "
           "QA, including [3 years](EXPERIENCE) in a GMP plant."),
    ("fr", "[Master](DEGREE) ou [Licence](DEGREE) en [logistique](FIELD).\nExpérience : [sept ans](EXPERIENCE) "
           "minimum, dont [trois ans](EXPERIENCE) en entrepôt."),
    ("es", "[Grado](DEGREE) o [FP](DEGREE) en [Electricidad](FIELD).\nExperiencia: [cinco años](EXPERIENCE), de los "
           "cuales [dos años](EXPERIENCE) en mantenimiento."),
])
def test_an_amount_that_is_part_of_the_one_before_is_no_second_route(lang, marked):
    _, req = _notes(marked, lang)
    assert "amounts_apart" not in {n.reason for n in req.review}
