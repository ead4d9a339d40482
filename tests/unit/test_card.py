"""The model card is rendered from the typed config by a Jinja2 template: check what it says."""
from reqtag.evaluation.card import render
from reqtag.inference import model_dir as md
from reqtag.inference.config import Decoding, ModelConfig, OnnxSpec


def _model(tmp_path, **kw):
    d = tmp_path / "my-model"
    d.mkdir()
    (d / "tokenizer.json").write_text("{}")
    (d / "model.onnx").write_bytes(b"\x08\x01")
    row = {"precision": 0.5, "recall": 0.25, "f1": 0.3333, "support": 8, "f1_ci95": [0.1, 0.6]}
    cfg = ModelConfig(labels=("DEGREE", "FIELD"), max_length=128, lowercase=False,
                      onnx=OnnxSpec(quantization="int8-dynamic", dynamic_quantization=True),
                      decoding=Decoding(thresholds={"FIELD": 0.6}),
                      encoder={"base": "tiny-bert", "layers": 2},
                      scores={"test": {"postings": 3, "DEGREE": row, "FIELD": row, "micro": row,
                                       "macro": {"f1": 0.3333}}},
                      parity={"split": "dev", "tokens": 10, "argmax_agreement": 0.99, "torch_f1": 0.5,
                              "onnx_f1": 0.49, "span_f1_delta": -0.01},
                      training={"train_postings": 7, "dev_postings": 2, "best_epoch": 3, "best_dev_f1": 0.4,
                                "data": [{"source": "a.jsonl", "records": 9, "sha256": "abc"}]}, **kw)
    return md.write(d, cfg)


def test_card_states_what_the_config_says(tmp_path):
    card = render(_model(tmp_path))
    assert card.startswith("# reqtag model: my-model\n")
    assert "DEGREE, FIELD (BIO over tiny-bert, 2 layers; windows of 128 tokens overlapping by 32" in card
    assert "ONNX int8-dynamic, opset 17" in card
    assert "Viterbi over valid BIO transitions" in card and "FIELD 0.60" in card and "dev scores are optimistic" in card
    assert "### test (3 postings)" in card and "--split test" in card
    assert "| DEGREE | 0.500 | 0.250 | 0.333 | 0.100–0.600 | 8 |" in card
    assert "| macro | | | 0.333 | | |" in card
    assert "token argmax agreement: 0.99 over 10 tokens" in card
    assert "- a.jsonl: 9 records, abc" in card
    assert "The encoder is cased;" in card and "uncased" not in card
    assert "languages of the training data are not recorded" in card
    assert "\n\n\n" not in card


def test_card_names_the_languages_it_was_trained_on(tmp_path):
    # regression: the card of a model trained on English, French and Spanish said "English postings only"
    model = _model(tmp_path)
    training = {**model.config.training, "train_languages": {"en": 5, "fr": 1, "es": 1}}
    card = render(md.ModelDir(model.path, model.config.with_(training=training)))
    assert "Trained on 7 postings: 5 en, 1 fr, 1 es" in card and "English postings only" not in card
    assert "\n\n\n" not in card


def test_training_manifest_names_files_from_the_source_folder(tmp_path):
    # regression: the card listed absolute paths of the machine that trained the model
    from reqtag.training.data import _named

    root = tmp_path / "annotations"
    (root / "es").mkdir(parents=True)
    (root / "es" / "x.jsonl").write_text("")
    assert _named(root / "es" / "x.jsonl", root) == "annotations/es/x.jsonl"
    assert _named(root / "es" / "x.jsonl", root / "es" / "x.jsonl") == "x.jsonl"


def test_card_path_override_names_the_final_directory(tmp_path):
    card = render(_model(tmp_path), path=tmp_path / "reqtag-default")
    assert card.startswith("# reqtag model: reqtag-default\n")


def test_card_says_which_labels_the_rules_take_per_language(tmp_path):
    card = render(_model(tmp_path))
    assert "Rules beside the network" not in card
    ruled = render(_ruled_model(tmp_path))
    assert "detected in es the labels DEGREE, FIELD" in ruled and "rules' dev precision" in ruled
    assert "\n\n\n" not in ruled


def _ruled_model(tmp_path):
    d = tmp_path / "ruled"
    d.mkdir()
    (d / "tokenizer.json").write_text("{}")
    (d / "model.onnx").write_bytes(b"\x08\x01")
    cfg = ModelConfig(labels=("DEGREE", "FIELD"), max_length=128,
                      decoding=Decoding(thresholds={"FIELD": 0.6}, rules={"es": {"DEGREE": 0.9, "FIELD": 0.8}}))
    return md.write(d, cfg)


def test_card_says_a_model_was_distilled_and_from_which_unlabelled_postings(tmp_path):
    model = _model(tmp_path)
    training = {**model.config.training, "config": {"teacher": "runs/t/torch", "distill": 0.5, "temperature": 2.0},
                "data": [*model.config.training["data"], {"source": "shared:eures-es", "records": 600,
                                                          "unlabelled": True}]}
    card = render(md.ModelDir(model.path, model.config.with_(training=training)))
    assert "soft labels of runs/t/torch (weight 0.5, temperature 2.0)" in card
    assert "- shared:eures-es: 600 unlabelled postings (the teacher's soft labels only)" in card
    assert "- a.jsonl: 9 records, abc" in card
    (tmp_path / "plain").mkdir()
    assert "distilled" not in render(_model(tmp_path / "plain"))
    assert "\n\n\n" not in card
