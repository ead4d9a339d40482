"""Per-language models behind one Tagger.load(), end to end on the tiny model: ``reqtag compose``
writes one directory, and each posting is tagged by the model its detected language selects."""
import json
import shutil

import pytest

from reqtag import Tagger
from reqtag.errors import InputError
from reqtag.inference import model_dir as md
from reqtag.inference.config import Decoding
from reqtag.inference.pipeline import posting_language

from ..conftest import sample_records
from .cli_run import run_cli
from .model_files import reseal

pytestmark = pytest.mark.train

FRENCH = ("Nous recherchons un technicien de maintenance pour notre site de Lyon. Profil recherché : "
          "titulaire d'un BTS ou d'un DUT en électrotechnique, vous justifiez d'au moins trois ans "
          "d'expérience sur un poste similaire. Anglais courant souhaité. Permis B exigé.")


#: the labels the French rules find in FRENCH
RULED = ("DEGREE", "EXPERIENCE", "LANGUAGE", "CERTIFICATION")


@pytest.fixture(scope="module")
def french(tiny_model, tmp_path_factory):
    """The tiny model made recognisable: no network span passes its thresholds, and in French postings
    the rule annotator gives its labels — what the main tiny model never finds."""
    d = tmp_path_factory.mktemp("french") / "model"
    shutil.copytree(tiny_model, d)
    config = md.read(d).config
    md.write(d, config.with_(decoding=Decoding(thresholds=dict.fromkeys(config.labels, 1.0),
                                               rules={"fr": dict.fromkeys(RULED, 1.0)})))
    return d


@pytest.fixture(scope="module")
def composed(tiny_model, french, tmp_path_factory):
    """French postings → the French model; every other posting → the tiny model."""
    from reqtag.training.export import compose

    out = tmp_path_factory.mktemp("composed") / "model"
    compose(tiny_model, {"fr": french}, out, eval_records=sample_records(), log=lambda s: None)
    return out


def test_each_posting_is_tagged_by_the_model_of_its_language(tiny_model, french, composed):
    english = [r.text for r in sample_records()]
    assert {posting_language(t) for t in english} == {"en"} and posting_language(FRENCH) == "fr"
    base, both = Tagger.load(tiny_model), Tagger.load(composed)
    assert both.languages == ("fr",)
    routed = both.tag(FRENCH)
    assert {s.text for s in routed} >= {"BTS", "DUT"} and routed == Tagger.load(french).tag(FRENCH)
    assert routed != base.tag(FRENCH)
    assert both.tag_batch(english) == base.tag_batch(english)
    assert both.main_only().tag(FRENCH) == base.tag(FRENCH) and both.main_only().languages == ()
    mixed = [FRENCH, *english, FRENCH]
    assert both.tag_batch(mixed) == [both.tag(t) for t in mixed]
    assert both.pipeline_for(english[0]) is both.pipeline
    assert both.pipeline_for(FRENCH) is both.pipeline_for(FRENCH + " Poste en CDI.") is not both.pipeline
    results = list(both.tag_stream([("fr-1", FRENCH), ("en-1", english[0])]))
    assert [(r.posting_id, r.language, r.spans) for r in results] == [
        ("fr-1", "fr", routed), ("en-1", "en", base.tag(english[0]))]


def test_a_composed_directory_is_self_describing(composed, french):
    mdir = md.read(composed)
    sub = mdir.languages["fr"].config
    assert mdir.config.languages == {"fr": "fr"} and sub.with_(scores={}) == md.read(french).config.with_(scores={})
    assert mdir.config.scores["dev"]["postings"] == 1  # scored through the routed Tagger
    assert sub.scores == {}  # each per-language model is scored on its language's postings: none are French here
    card = (composed / "README.md").read_text()
    assert "**fr** → `fr/`" in card and (composed / "fr" / "README.md").is_file()


def test_promote_carries_the_per_language_models(composed, tiny_model, sample_jsonl, tmp_path):
    from reqtag.evaluation.promote import promote

    target = tmp_path / "default"
    shutil.copytree(tiny_model, target)
    promote(composed, [sample_jsonl], split="dev", target=target, force=True, log=lambda s: None)
    assert set(md.read(target).languages) == {"fr"}
    assert Tagger.load(target).tag(FRENCH) == Tagger.load(composed).tag(FRENCH) != []


def test_a_routing_directory_gives_the_model_it_tags_that_language_with(tiny_model, french, composed, tmp_path):
    """``fr=composed`` takes composed's French model, ``en=composed`` its main model alone: a new
    main model can be composed while each other language keeps exactly what ships."""
    from reqtag.training.export import compose

    again = tmp_path / "again"
    compose(french, {"fr": composed, "en": composed}, again, log=lambda s: None)
    mdir = md.read(again)
    assert set(mdir.languages) == {"fr", "en"}
    assert not mdir.languages["en"].config.languages and not (again / "en" / "fr").exists()
    assert mdir.languages["en"].config.with_(scores={}) == md.read(tiny_model).config.with_(scores={})
    english = [r.text for r in sample_records()]
    tagger = Tagger.load(again)
    assert tagger.tag(FRENCH) == Tagger.load(composed).tag(FRENCH) != []
    assert tagger.tag_batch(english) == Tagger.load(tiny_model).tag_batch(english)


def test_compose_refuses_what_it_cannot_build(tiny_model, french, composed, tmp_path):
    from reqtag.training.export import compose

    with pytest.raises(InputError, match="already routes"):
        compose(composed, {"es": french}, tmp_path / "a")
    with pytest.raises(InputError, match="not an empty directory"):
        compose(tiny_model, {"es": french}, composed)
    with pytest.raises(InputError, match="ISO 639"):
        compose(tiny_model, {"French": french}, tmp_path / "b")
    other = tmp_path / "other"
    shutil.copytree(french, other)
    config = md.read(other).config
    md.write(other, config.with_(labels=config.labels[:2], decoding=Decoding(), scores={}, files={}))
    with pytest.raises(InputError, match="labels"):
        compose(tiny_model, {"es": other}, tmp_path / "c")
    assert not any((tmp_path / n).exists() for n in "abc")  # nothing written when refused
    from reqtag.training.export import rescore

    with pytest.raises(InputError, match="rescore each model on its own"):
        rescore(composed, sample_records())  # it would re-decode the main model and score it as the whole


def test_compose_command(tiny_model, french, tmp_path, capsys):
    out = tmp_path / "m"
    code, _, err = run_cli(["compose", str(tiny_model), "--language", f"fr={french}", "--out", str(out)], capsys)
    assert code == 0 and json.loads((out / "reqtag.json").read_text())["languages"] == {"fr": "fr"}
    code, _, err = run_cli(["compose", str(tiny_model), "--language", str(french), "--out", str(tmp_path / "x")],
                           capsys)
    assert code == 1 and "LANG=DIR" in err and len(err.strip().splitlines()) == 1


def test_evaluate_scores_one_language(composed, sample_jsonl, capsys):
    """`reqtag evaluate --language` (the per-language model's card command) keeps the gold postings
    detected in that language; none in it is a one-line error."""
    code, out, _ = run_cli(["evaluate", "--gold", str(sample_jsonl), "--model", str(composed), "--language", "en",
                            "--bootstrap", "0"], capsys)
    assert code == 0 and f"({len(sample_records())} postings)" in out and "(en)" in out
    code, _, err = run_cli(["evaluate", "--gold", str(sample_jsonl), "--model", str(composed), "--language", "fr"],
                           capsys)
    assert code == 1 and "no gold records in language 'fr'" in err and len(err.strip().splitlines()) == 1


def _broken_french(composed, tmp_path, name: str, body: bytes):
    model = tmp_path / "model"
    shutil.copytree(composed, model)
    (model / "fr" / name).write_bytes(body)
    reseal(model / "fr", name)
    reseal(model, "fr/reqtag.json")  # the checksums chain stays sealed: only the file's content is bad
    return model


def test_a_broken_language_tokenizer_is_a_load_error(composed, tmp_path):
    """Regression: the French tokenizer loaded on the first French posting, so a broken one made every
    French posting a failed record (exit 3) instead of one model error at load."""
    from reqtag.errors import ModelError

    model = _broken_french(composed, tmp_path, "tokenizer.json", b"{not json")
    with pytest.raises(ModelError, match="fr/tokenizer.json: not a tokenizers file"):
        Tagger.load(model)


def test_a_language_network_failing_on_first_use_stops_the_run(composed, tmp_path, capsys):
    """Regression: a French network that onnxruntime cannot load turned every French posting into a
    `tag-failed` record; it is the model's fault, so the run stops with one ModelError line."""
    model = _broken_french(composed, tmp_path, md.read(composed).languages["fr"].config.onnx.file, b"not onnx")
    Tagger.load(model)  # networks still load lazily (memory), so this passes
    posts = tmp_path / "p.jsonl"
    posts.write_text(json.dumps({"id": "en", "text": "A BSc in physics and two years of experience."}) + "\n"
                     + json.dumps({"id": "fr", "text": FRENCH}) + "\n")
    code, out, err = run_cli(["tag", "--model", str(model), str(posts)], capsys)
    assert code == 1 and "onnxruntime cannot load it" in err and "Traceback" not in err
    assert "tag-failed" not in out


def test_compose_refuses_an_out_inside_an_input(tiny_model, french, tmp_path):
    """Regression: `reqtag compose A --language fr=B --out A/sub` wrote a model directory inside A."""
    from reqtag.training.export import compose

    for model, out in ((tiny_model, tiny_model / "sub"), (french, french / "x" / "y")):
        before = sorted(p.name for p in model.iterdir())
        with pytest.raises(InputError, match="lies inside"):
            compose(tiny_model, {"fr": french}, out)
        assert sorted(p.name for p in model.iterdir()) == before


def test_compose_refuses_a_language_the_router_never_picks(tiny_model, french, tmp_path, capsys):
    """Audit A8: ca= and de= routes were composed and listed on the card, but posting_language reads
    Catalan as es and German as en, so their models were never used."""
    from reqtag.training.export import compose

    with pytest.raises(InputError, match="'ca': postings are routed only as en, fr, es; ca postings are read as es"):
        compose(tiny_model, {"ca": french}, tmp_path / "ca")
    with pytest.raises(InputError, match="'de': .* read as en, so route en instead"):
        compose(tiny_model, {"es": french, "de": french}, tmp_path / "de")
    for arg in ("zz=" + str(french), "zz="):
        code, _, err = run_cli(["compose", str(tiny_model), "-l", arg, "--out", str(tmp_path / "zz")], capsys)
        assert code == 1 and len(err.strip().splitlines()) == 1
    assert not any((tmp_path / n).exists() for n in ("ca", "de", "zz"))


def test_recover_of_a_composed_directory_says_it_recovers_the_main_model_only(composed, tmp_path):
    """Audit C5: recover of a composed directory recovered its main model and said nothing of the others."""
    from reqtag.training.recover import recover

    lines: list[str] = []
    recover(composed, tmp_path / "rec", log=lines.append)
    assert any("per-language models are not recovered" in line and str(composed / "fr") in line for line in lines)
