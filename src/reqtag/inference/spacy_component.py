"""spaCy pipeline component ``reqtag``: ``nlp.add_pipe("reqtag")`` after ``pip install reqtag``.

Sets ``doc.spans["reqtag"]`` (all spans) and ``doc.ents`` (those that do not clash with existing
entities), ``span._.reqtag_score``, ``span._.reqtag_strength`` (required/preferred),
``span._.reqtag_value`` (normalised value) and ``doc._.reqtag_requirements`` (the structured
record). ``nlp.pipe`` tags in batches.

Serialisation follows spaCy's conventions:

* the model loads on the first doc (or in ``from_disk``/``from_bytes``), not at construction: ``spacy.load``
  builds the component from ``config.cfg`` *before* ``from_disk`` hands it the saved model, and the path
  in the config may not exist any more where the pipeline was moved;
* ``to_disk`` copies the model directory into the component's folder and ``from_disk`` loads that
  copy, so a saved pipeline is self-contained; ``to_bytes``/``from_bytes`` carry the model files too;
* a pipeline saved before the component had ``to_disk`` has no copy (spaCy writes nothing for a component
  without ``to_disk``): ``from_disk`` then loads the configured ``model`` (the default model when None);
* the copy wins over the configured ``model`` (spaCy's convention: saved data wins) unless the component was
  configured with a model path other than the one in the pipeline's ``config.cfg``, which is what
  ``spacy.load(path, config={"components": {"reqtag": {"model": ...}}})`` does: that override is the
  caller's intent. The component cannot tell it from ``add_pipe("reqtag", config={"model": ...})`` followed
  by ``nlp.from_disk``, which therefore also keeps its model; ``model`` None (unset) never overrides, so an
  override to the default model must name its path;
* pickling the component (``nlp.pipe(n_process=2)`` with the spawn/forkserver start method) carries
  the model path, and a process that did not load the ONNX session itself (a forked child included:
  onnxruntime's thread pools do not survive a fork) loads its own; a component whose model is
  ``from_bytes``'s private copy carries the model files instead, because that copy is removed with the
  original component (a pickled or deep-copied one may outlive it);
* what the component puts in ``Doc.user_data`` is msgpack-able (``Doc.to_bytes``, ``DocBin``, the
  docs ``n_process`` children send back): the structured record is kept as plain fields
  (``Requirements.to_fields``) and ``doc._.reqtag_requirements`` rebuilds it on access, so it is a
  fresh ``Requirements`` each time: assign it back to change it.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import srsly  # type: ignore[import-untyped]  # spaCy's own msgpack (a spaCy dependency)
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

if TYPE_CHECKING:
    from reqtag.inference.tagger import Tagger
    from reqtag.structure.requirements import Requirements

SPANS_KEY = "reqtag"
MODEL_DIR = "model"  # the model copy inside the component's to_disk folder
CARD = "README.md"  # the model card: nothing loads it, but it says where the copy came from
_REQUIREMENTS_KEY = ("._.", "reqtag_requirements", None, None)  # spaCy's own key form for doc extensions


def make_reqtag(nlp: Language, name: str, model: str | None, batch_size: int, threads: int | None,
                workers: int) -> ReqtagComponent:
    return ReqtagComponent(nlp, name, model=model, batch_size=batch_size, threads=threads, workers=workers)


Language.factory("reqtag", default_config={"model": None, "batch_size": 32, "threads": None, "workers": 1},
                 assigns=["doc.ents", "doc.spans", "doc._.reqtag_requirements", "span._.reqtag_score",
                          "span._.reqtag_strength", "span._.reqtag_value"], func=make_reqtag)


def _get_requirements(doc: Doc) -> Requirements | None:
    from reqtag.structure.requirements import Requirements

    fields = doc.user_data.get(_REQUIREMENTS_KEY)
    return None if fields is None else Requirements.from_fields(fields)


def _set_requirements(doc: Doc, req: Requirements | None) -> None:
    doc.user_data[_REQUIREMENTS_KEY] = None if req is None else req.to_fields()


def _value_key(span: SpacySpan) -> tuple[str, str, int, int]:
    return ("._.", "reqtag_value", span.start_char, span.end_char)  # spaCy's key form for span extensions


def _get_value(span: SpacySpan) -> dict[str, Any] | None:
    from reqtag.structure.requirements import _plain

    # The stored dict itself, so that an in-place edit (span._.reqtag_value["x"] = ...) sticks, as with a
    # plain extension. DocBin reads user data back with tuples for lists ("levels": ["master"]): those are
    # turned back into lists once and stored, not copied on every access.
    key = _value_key(span)
    value = span.doc.user_data.get(key)
    plain = _plain(value)
    if plain != value:  # a tuple somewhere ([1] != (1,))
        span.doc.user_data[key] = value = plain
    return value


def _set_value(span: SpacySpan, value: dict[str, Any] | None) -> None:
    span.doc.user_data[_value_key(span)] = value


def register_extensions() -> None:
    """The ``._.reqtag_*`` attributes. Importing this module registers them, so a process that only reads
    docs back (``DocBin``, ``Doc.from_bytes``) can use them after ``import reqtag.inference.spacy_component``."""
    for ext in ("reqtag_score", "reqtag_strength"):
        if not SpacySpan.has_extension(ext):
            SpacySpan.set_extension(ext, default=None)
    if not SpacySpan.has_extension("reqtag_value"):
        SpacySpan.set_extension("reqtag_value", getter=_get_value, setter=_set_value)
    if not Doc.has_extension("reqtag_requirements"):
        Doc.set_extension("reqtag_requirements", getter=_get_requirements, setter=_set_requirements)


register_extensions()


class ReqtagComponent:
    """Wraps a reqtag Tagger, loaded on first use (see the module docstring for why not at construction)."""

    def __init__(self, nlp: Language, name: str, *, model: str | None = None, batch_size: int = 32,
                 threads: int | None = None, workers: int = 1):
        register_extensions()
        self.name = name
        self.batch_size = batch_size
        self.threads = threads
        self.workers = workers  # docs of a batch at once
        # Absolute now: a relative path names the model from the cwd of construction, not of a later
        # process (a child, a pickled copy) that may run elsewhere. None: the shipped default model.
        self.model_path: Path | None = Path(model).absolute() if model is not None else None
        self._configured = model  # as given: from_disk compares it with the pipeline's config.cfg
        self._configured_path = self.model_path  # what from_disk falls back to
        self._tagger: Tagger | None = None
        self._pid: int | None = None  # the process that loaded _tagger
        self._tmp: weakref.finalize | None = None  # from_bytes's model copy, removed with the component

    @property
    def tagger(self) -> Tagger:
        if self._tagger is None or self._pid != os.getpid():
            self._load()
        assert self._tagger is not None
        return self._tagger

    def _load(self) -> None:
        from reqtag.inference.tagger import Tagger

        self._tagger = Tagger.load(self.model_path, threads=self.threads, workers=self.workers)
        self._pid = os.getpid()

    def _model_dir(self) -> Path:
        from reqtag.inference import model_dir as md

        return self.model_path if self.model_path is not None else md.default_model_path()

    # ------------------------------------------------------------------ tagging

    def __call__(self, doc: Doc) -> Doc:
        return self._set(doc, self.tagger.tag(doc.text))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        size = batch_size or self.batch_size
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, docs: list[Doc]) -> Iterator[Doc]:
        for doc, spans in zip(docs, self.tagger.tag_batch([d.text for d in docs]), strict=True):
            yield self._set(doc, spans)

    def _set(self, doc: Doc, spans: list[Any]) -> Doc:
        from reqtag.structure.requirements import extract

        # Structure from reqtag's own offsets, before spaCy's token alignment can move them.
        req = extract(doc.text, spans)
        by_key = {(r["start"], r["end"], r["label"]): r for r in req.to_dict()["spans"]}
        doc._.reqtag_requirements = req
        out = []
        for s in spans:
            sp = doc.char_span(s.start, s.end, label=s.label, alignment_mode="expand")
            if sp is not None:
                info = by_key.get((s.start, s.end, s.label), {})
                sp._.reqtag_score = None if s.score is None else float(s.score)  # msgpack: no numpy scalars
                sp._.reqtag_strength = info.get("strength")
                sp._.reqtag_value = info.get("value")
                out.append(sp)
        doc.spans[SPANS_KEY] = out
        # Entities already set win: filter_spans over both would keep the longest span and drop a user's
        # entity under a longer reqtag span. reqtag's spans fill only the tokens no entity holds.
        taken = {i for e in doc.ents for i in range(e.start, e.end)}
        free = [sp for sp in filter_spans(out) if taken.isdisjoint(range(sp.start, sp.end))]
        doc.ents = sorted([*doc.ents, *free], key=lambda sp: sp.start)
        return doc

    # ------------------------------------------------------------------ serialisation

    def __getstate__(self) -> dict[str, Any]:
        # The ONNX session does not pickle; the receiving process loads its own from model_path.
        state = {**self.__dict__, "_tagger": None, "_pid": None, "_tmp": None}
        if self._tmp is not None and self._tmp.alive:
            # model_path is from_bytes's private copy, removed with this object, which the copy may
            # outlive (another process included): it carries the files and makes its own copy.
            state["model_path"] = None
            state["_files"] = _read_files(self._model_dir())
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        files = state.pop("_files", None)
        self.__dict__.update(state)
        if files is not None:
            self.model_path, self._tmp = _materialise(self, files)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        from reqtag.inference import model_dir as md

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        target = path / MODEL_DIR
        source = self._model_dir()
        if target.exists() and target.resolve() == source.resolve():
            return  # saved back where it was loaded from
        model = md.read(source)  # verified: a copy of a broken model would fail only at the next load
        staged = Path(tempfile.mkdtemp(prefix=f".{MODEL_DIR}.new-", dir=path))
        try:
            _copy_model(model, staged)
            md.install_dir(staged, target)
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ReqtagComponent:
        copy = (Path(path) / MODEL_DIR).absolute()
        # No copy: a pipeline saved before to_disk existed (see the module docstring), so the configured model.
        use_copy = copy.is_dir() and not self._overridden(Path(path).parent / "config.cfg")
        self.model_path = copy if use_copy else self._configured_path
        self._drop_tmp()  # an earlier from_bytes's copy, not used any more
        self._load()  # now: a broken model is an error of spacy.load, not of the first doc
        return self

    def _overridden(self, config_path: Path) -> bool:
        """Whether this component was configured with another model than the saved pipeline was (see the
        module docstring): spacy.load builds it from config.cfg, so a difference is the caller's override."""
        from spacy.util import load_config

        if self._configured is None or not config_path.is_file():
            return False
        saved = load_config(config_path, interpolate=False).get("components", {}).get(self.name, {})
        return "model" in saved and saved["model"] != self._configured

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({MODEL_DIR: _read_files(self._model_dir())})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> ReqtagComponent:
        tmp, finalizer = _materialise(self, srsly.msgpack_loads(data)[MODEL_DIR])
        old = self.model_path
        try:
            self.model_path = tmp
            self._load()
        except BaseException:
            self.model_path = old
            finalizer()
            raise
        self._drop_tmp()  # an earlier from_bytes's copy
        self._tmp = finalizer
        return self

    def _drop_tmp(self) -> None:
        if self._tmp is not None:
            self._tmp()
            self._tmp = None


def _read_files(path: Path) -> dict[str, bytes]:
    from reqtag.inference import model_dir as md

    model = md.read(path)
    return {n: (model.path / n).read_bytes() for n in _names(model)}


def _materialise(owner: ReqtagComponent, files: dict[str, bytes]) -> tuple[Path, weakref.finalize]:
    """``files`` (``_read_files``) written to a private directory removed with ``owner`` (or at exit):
    onnxruntime and the tokenizer load from files."""
    tmp = Path(tempfile.mkdtemp(prefix="reqtag-spacy-"))
    finalizer = weakref.finalize(owner, shutil.rmtree, str(tmp), ignore_errors=True)
    try:
        for name, blob in files.items():
            # names come from a model's own checked config (confined to its directory); refuse others anyway
            dest = (tmp / name).resolve()
            if not dest.is_relative_to(tmp.resolve()):
                raise ValueError(f"reqtag from_bytes: file name {name!r} leaves the model directory")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(blob)
    except BaseException:
        finalizer()
        raise
    return tmp, finalizer


def _names(model: Any) -> list[str]:
    """The files a copy of ``model`` carries: those it loads, and the cards of it and its language models."""
    from reqtag.inference import model_dir as md

    dirs = ["", *(f"{sub}/" for sub in model.config.languages.values())]
    return md.file_names(model) + [f"{d}{CARD}" for d in dirs if (model.path / d / CARD).is_file()]


def _copy_model(model: Any, dest: Path) -> None:
    for name in _names(model):
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(model.path / name, dest / name)
    os.chmod(dest, 0o755)  # mkdtemp makes it private; a saved pipeline is shared like any model directory
