"""render.summarise: the recruiter's summary of a posting, from Requirements.to_dict()."""
from reqtag.batch.render import colour, summarise


def _deg(level, isced, start, text="degree"):
    return {"level": level, "isced": isced, "strength": "required", "start": start, "end": start + len(text),
            "text": text}


def _exp(lo, start, hi=None, text="5 years"):
    return {"min_years": lo, "max_years": hi, "strength": "required", "start": start, "end": start + len(text),
            "text": text}


def _opt(deg=None, exp=None, fields=(), strength="required"):
    return {"degree": deg, "experience": exp, "fields": [{"canonical": f.lower(), "start": s, "end": s + len(f),
                                                          "text": f} for f, s in fields], "strength": strength}


def _lang(name, code, start, strength="required", proficiency=None, cefr=None):
    return {"language": name, "code": code, "iso639_3": None, "proficiency": proficiency, "cefr": cefr,
            "strength": strength, "start": start, "end": start + len(name), "text": name}


def _req(alternatives=(), required=(), preferred=(), one_of=(), spans=()):
    return {"spans": list(spans), "alternatives": list(alternatives),
            "languages": {"required": list(required), "preferred": list(preferred), "one_of": list(one_of)}}


def test_lowest_degree_is_the_highest_floor_over_required_sets():
    a = {"options": [_opt(_deg("master", 7, 0), _exp(5, 20), [("Law", 10)]), _opt(_deg("bachelor", 6, 40),
                                                                                  _exp(7, 60))],
         "strength": "required", "start": 0, "end": 70}
    s = summarise(_req([a]))
    assert (s["lowest"]["level"], s["lowest"]["isced"], s["lowest"]["fields"]) == ("bachelor", 6, [])
    assert [(o["level"], o["min_years"]) for o in s["sets"][0]["options"]] == [("master", 5), ("bachelor", 7)]
    # a second required set that asks for a doctorate raises the floor; a preferred one does not
    phd = {"options": [_opt(_deg("doctorate", 8, 100))], "strength": "required", "start": 100, "end": 106}
    assert summarise(_req([a, phd]))["lowest"]["level"] == "doctorate"
    phd["strength"] = "preferred"
    assert summarise(_req([a, phd]))["lowest"]["level"] == "bachelor"
    # only preferred degrees: the lowest of them, said to be preferred
    only = summarise(_req([phd]))["lowest"]
    assert only["level"] == "doctorate" and only["strength"] == "preferred"
    assert summarise(_req([]))["lowest"] is None


def test_restated_degree_requirements_are_merged_with_every_place():
    first = {"options": [_opt(_deg("master", 7, 0), _exp(5, 20), [("Law", 10)]),
                         _opt(_deg("bachelor", 6, 40), _exp(7, 60))], "strength": "required", "start": 0, "end": 70}
    again = {"options": [_opt(_deg("master", 7, 200), _exp(5, 220), [("Law", 210)])], "strength": "required",
             "start": 200, "end": 230}
    other = {"options": [_opt(None, _exp(2, 300))], "strength": "preferred", "start": 300, "end": 307}
    s = summarise(_req([again, first, other]))
    assert len(s["sets"]) == 2  # the restatement joined the set it repeats; the other stays
    master = s["sets"][0]["options"][0]
    assert master["level"] == "master"
    assert (0, 6, "DEGREE") in master["refs"] and (200, 206, "DEGREE") in master["refs"]
    assert (220, 227, "EXPERIENCE") in master["refs"]
    assert s["lowest"]["level"] == "bachelor"  # the restatement did not narrow the alternatives
    assert [x["options"][0]["has_degree"] for x in s["sets"]] == [True, False]  # order of first mention


def test_languages_merge_levels_and_required_wins():
    s = summarise(_req(required=[_lang("English", "en", 0, proficiency="fluent"), _lang("French", "fr", 20),
                                 _lang("English", "en", 50, cefr="C1")],
                       preferred=[_lang("Spanish", "es", 30, "preferred"), _lang("French", "fr", 80, "preferred")],
                       one_of=[{"options": [_lang("Arabic", "ar", 100), _lang("Russian", "ru", 110)],
                                "strength": "required"},
                               {"options": [_lang("Russian", "ru", 150), _lang("Arabic", "ar", 160)],
                                "strength": "preferred"}]))
    req = {e["name"]: e for e in s["languages"]["required"]}
    assert set(req) == {"English", "French"} and req["English"]["levels"] == ["fluent", "C1"]
    assert len(req["English"]["refs"]) == 2 and len(req["French"]["refs"]) == 2
    assert [e["name"] for e in s["languages"]["preferred"]] == ["Spanish"]
    groups = s["languages"]["one_of"]
    assert len(groups) == 1 and groups[0]["strength"] == "required"
    assert all(len(o["refs"]) == 2 for o in groups[0]["options"])


def test_certifications_merge_by_name():
    spans = [{"label": "CERTIFICATION", "start": 0, "end": 17, "text": "PMP certification",
              "value": {"canonical": "pmp certification"}, "strength": "preferred"},
             {"label": "CERTIFICATION", "start": 40, "end": 43, "text": "PMP", "value": {"canonical": "pmp"},
              "strength": "required"},
             {"label": "CERTIFICATION", "start": 60, "end": 76, "text": "Driving licence",
              "value": {"canonical": "driving licence"}, "strength": "required"},
             {"label": "COMPETENCY", "start": 80, "end": 86, "text": "Python", "value": {"canonical": "python"},
              "strength": "preferred"}]
    s = summarise(_req(spans=spans))
    certs = {e["name"]: e for e in s["certifications"]}
    assert set(certs) == {"pmp", "driving"}
    assert certs["pmp"]["strength"] == "required" and certs["pmp"]["text"] == "PMP certification"
    assert len(certs["pmp"]["refs"]) == 2
    assert [e["name"] for e in s["competencies"]] == ["python"]


def test_colour_is_stable_for_labels_beyond_the_schema():
    assert colour("skill") == colour("skill") and colour("skill").startswith("#")
    assert colour("DEGREE") != colour("LANGUAGE")


def test_a_degree_that_experience_may_replace_says_so():
    """Stop 28 audit: "BS in CS, or equivalent practical experience" read as a hard degree filter."""
    a = {"options": [_opt(_deg("bachelor", 6, 0, "BS"))], "strength": "required", "start": 0, "end": 2,
         "equivalent_experience": {"start": 24, "end": 58, "text": "or equivalent practical experience"}}
    s = summarise(_req([a]))
    assert s["lowest"]["equivalent_experience"] == s["sets"][0]["equivalent_experience"] == \
        "or equivalent practical experience"
    a.pop("equivalent_experience")  # records written before the key existed
    assert summarise(_req([a]))["lowest"]["equivalent_experience"] is None
