"""Build a tiny but real ``.argosmodel`` offline: test support for tests and benchmarks, not part of newsflow.

The package is what Argos Translate installs: a zip with one top folder holding ``metadata.json``,
``sentencepiece.model``, a CTranslate2 Transformer in ``model/`` and (like every real package) a ``stanza/`` folder.

The weights are generated, not trained, but rigged so that decoding behaves like a translator:
the decoder **copies** the source token at its own position and stops after as many tokens as the input has.

* Positions: encoder and decoder get the same explicit position table. Its "position block" holds
  ``cos/sin(w_k * pos)`` for K frequencies, each stored as a (+v, -v) pair so the mean subtraction of layer norm
  cancels out when a projection takes the difference of the pair.
* Copy: in the first decoder layer, cross-attention queries and keys read only the position block, scaled so that
  softmax attends (almost) only to source position == decoder step. Values read the token block, where each source
  embedding holds a random zero-mean code of its token; the output projection scores every vocabulary entry by its
  code, so the argmax is the copied token.
* Stop: the model config sets ``add_source_eos``, so CTranslate2 appends ``</s>`` to every source; at step N the
  decoder copies it and decoding ends, i.e. after about input-length tokens, with no ``max_decoding_length`` trick.
* Every other sublayer gets random weights with a small output projection: it costs the real compute but barely
  disturbs the residual stream.

``real_shape=True`` gives the shape of a real Argos model (6+6 layers, d_model 512, 8 heads, FFN 2048, 32k vocabulary,
saved in int8) for benchmarks; pieces beyond what SentencePiece learns pad the vocabulary and never occur.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sentencepiece as spm
from ctranslate2.specs import common_spec, transformer_spec

MAX_POSITIONS = 1024  # CTranslate2 truncates inputs at 1024 tokens by default
LANGUAGE_NAMES = {"de": "German", "nb": "Norwegian Bokmål", "en": "English"}

_WORD_LISTS = {
    "de": {
        "det": "der die das ein eine dem den des",
        "noun": (
            "Regierung Bundestag Stadt Polizei Wirtschaft Minister Schule Gericht "
            "Bahn Unternehmen Kanzler Wetter Verein Krankenhaus Gemeinde Haushalt Energie"
        ),
        "verb": "sagte meldete plant kritisierte beschloss erwartet verlor gewann baut",
        "adj": "neue große kleine wichtige schnelle letzte deutsche starke offene",
        "misc": "am im mit für nach über und auch nicht heute wieder Prozent",
        "month": "Januar März Mai Juli Oktober Dezember",
        "title": "Dr. Prof.",
    },
    "nb": {
        "det": "den det en et ei de",
        "noun": (
            "regjeringen Stortinget byen politiet økonomien statsministeren skolen retten "
            "toget selskapet været kommunen sykehuset budsjettet strømmen laget"
        ),
        "verb": "sa meldte planlegger kritiserte vedtok venter tapte vant bygger",
        "adj": "nye store små viktige raske siste norske sterke åpne",
        "misc": "på i med for etter over og også ikke i dag igjen prosent",
        "month": "januar mars mai juli oktober desember",
        "title": "Dr. Prof.",
    },
}
_WORDS = {lang: {kind: text.split() for kind, text in kinds.items()} for lang, kinds in _WORD_LISTS.items()}


def generate_sentences(n: int, lang: str = "de", seed: int = 0) -> list[str]:
    """German- or Bokmål-like news sentences (numbers, dates like "3. Oktober", "Dr." abbreviations)."""
    words = _WORDS.get(lang, _WORDS["de"])
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts: list[str] = []
        if rng.random() < 0.2:
            parts += [rng.choice(words["title"]), rng.choice(words["noun"]).capitalize()]
        else:
            parts += [rng.choice(words["det"]).capitalize(), rng.choice(words["adj"]), rng.choice(words["noun"])]
        parts.append(rng.choice(words["verb"]))
        for _ in range(rng.randint(2, 14)):
            r = rng.random()
            if r < 0.08:
                parts += [f"{rng.randint(1, 28)}.", rng.choice(words["month"])]
            elif r < 0.15:
                parts.append(f"{rng.randint(2, 99)},{rng.randint(0, 9)}")
            else:
                parts.append(rng.choice(words[rng.choice(["det", "noun", "adj", "misc", "misc"])]))
        out.append(" ".join(parts) + rng.choice([".", ".", ".", "!", "?"]))
    return out


@dataclass(frozen=True)
class _Shape:
    layers: int
    d_model: int
    heads: int
    ffn: int
    vocab_size: int
    frequencies: int  # K; the position block takes 4K dims and must fit in one head (2K <= d_model / heads)


def build_argosmodel(
    out_dir: Path,
    from_code: str = "de",
    to_code: str = "en",
    *,
    layers: int = 2,
    d_model: int = 64,
    heads: int = 4,
    ffn: int = 128,
    vocab_size: int = 300,
    seed: int = 0,
    real_shape: bool = False,
    package_version: str = "1.0",
    target_prefix: str | None = None,
) -> Path:
    """Write ``translate-<from>_<to>-<version>.argosmodel`` into ``out_dir`` and return its path."""
    if real_shape:
        layers, d_model, heads, ffn, vocab_size = 6, 512, 8, 2048, 32000
    head_dim = d_model // heads
    shape = _Shape(layers, d_model, heads, ffn, vocab_size, frequencies=min(head_dim // 2, d_model // 8))
    out_dir.mkdir(parents=True, exist_ok=True)
    top = f"translate-{from_code}_{to_code}-{package_version.replace('.', '_')}"
    with tempfile.TemporaryDirectory(prefix="argosmodel-") as tmp:
        pkg = Path(tmp) / top
        pkg.mkdir()
        sp_bytes = _train_sentencepiece(from_code, seed, vocab_size if not real_shape else 8000, real_shape)
        (pkg / "sentencepiece.model").write_bytes(sp_bytes)
        sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
        vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
        vocab += [f"<extra_{i}>" for i in range(max(0, vocab_size - len(vocab)))]
        spec = _build_spec(shape, vocab, seed)
        spec.validate()
        spec.optimize(quantization="int8" if real_shape else None)
        (pkg / "model").mkdir()
        spec.save(str(pkg / "model"))
        (pkg / "stanza").mkdir()  # real packages ship one; its presence made Argos call stanza (network)
        (pkg / "stanza" / "README").write_text("placeholder: sentences are split offline by newsflow\n")
        metadata: dict[str, Any] = {
            "package_version": package_version,
            "argos_version": "1.0",
            "from_code": from_code,
            "from_name": LANGUAGE_NAMES.get(from_code, from_code),
            "to_code": to_code,
            "to_name": LANGUAGE_NAMES.get(to_code, to_code),
            "type": "translate",
            "links": [],
            "synthetic": "random weights rigged to copy the source; see tests/support/argos_model.py",
        }
        if target_prefix:
            metadata["target_prefix"] = target_prefix
        (pkg / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        archive = out_dir / f"{top}.argosmodel"
        _zip_tree(pkg, archive)
    return archive


def _zip_tree(folder: Path, archive: Path) -> None:
    tmp = archive.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
        for path in sorted(folder.rglob("*")):
            arcname = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            zf.write(path, arcname + ("/" if path.is_dir() else ""))
    shutil.move(tmp, archive)


def _train_sentencepiece(lang: str, seed: int, vocab_size: int, large: bool) -> bytes:
    sentences = generate_sentences(3000 if large else 400, lang, seed)
    sentences += [" ".join(w) for w in _WORDS.get(lang, _WORDS["de"]).values()]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_writer=model,
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # a few hundred sentences cannot always fill the requested size
        character_coverage=1.0,
        model_type="unigram",
        minloglevel=2,
    )
    return model.getvalue()


def _position_table(freqs: np.ndarray, d_model: int) -> np.ndarray:
    """Rows = positions; dims [0, 4K) hold (+cos, -cos, +sin, -sin) per frequency, the rest zero."""
    pos = np.arange(MAX_POSITIONS, dtype=np.float64)[:, None] * freqs[None, :]
    k = len(freqs)
    table = np.zeros((MAX_POSITIONS, d_model), dtype=np.float32)
    table[:, 0 : 4 * k : 4] = np.cos(pos)
    table[:, 1 : 4 * k : 4] = -np.cos(pos)
    table[:, 2 : 4 * k : 4] = np.sin(pos)
    table[:, 3 : 4 * k : 4] = -np.sin(pos)
    return table


def _frequencies(k: int, rng: np.random.Generator) -> np.ndarray:
    """K frequencies whose cosine sums peak clearly at offset 0 among all offsets up to MAX_POSITIONS."""
    best, best_margin = np.linspace(0.3, 3.0, k), -1.0
    offsets = np.arange(1, MAX_POSITIONS)[:, None]
    for _ in range(20):
        freqs = rng.uniform(0.05, np.pi, k)
        margin = float(np.min(k - np.cos(offsets * freqs[None, :]).sum(axis=1)))
        if margin > best_margin:
            best, best_margin = freqs, margin
    return best


def _build_spec(shape: _Shape, vocab: list[str], seed: int) -> transformer_spec.TransformerSpec:
    # The order of the draws from rng fixes the weights: keep it when editing.
    rng = np.random.default_rng(seed)
    layout = _Layout.of(shape)
    codes = _token_codes(rng, len(vocab), len(layout.tok_dims))
    table = _position_table(_frequencies(shape.frequencies, rng), shape.d_model)
    spec = transformer_spec.TransformerSpec.from_config((shape.layers, shape.layers), shape.heads)
    _set_embeddings(spec, layout, codes, table, rng)
    for layer in [*spec.encoder.layer, *spec.decoder.layer]:
        _set_noise_layer(layer, shape, rng)
    _set_copy_head(spec.decoder.layer[0].attention, layout)
    _set_linear(spec.decoder.projection, _output_projection(codes, layout))
    spec.config.add_source_eos = True  # the copied </s> ends decoding after input-length tokens
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    return spec


@dataclass(frozen=True)
class _Layout:
    """Where things live in the model dimension: the position block first, the token block after it."""

    d_model: int
    heads: int
    frequencies: int
    tok_dims: np.ndarray

    @classmethod
    def of(cls, shape: _Shape) -> _Layout:
        tok_dims = np.arange(4 * shape.frequencies, shape.d_model)
        return cls(shape.d_model, shape.heads, shape.frequencies, tok_dims)

    @property
    def head_dim(self) -> int:
        return self.d_model // self.heads


def _token_codes(rng: np.random.Generator, vocab_size: int, n_tok: int) -> np.ndarray:
    """Zero-mean codes of norm sqrt(n_tok): a code scores n_tok with itself, ~sqrt(n_tok) with another."""
    codes = rng.standard_normal((vocab_size, n_tok))
    codes -= codes.mean(axis=1, keepdims=True)
    codes *= np.sqrt(n_tok) / np.linalg.norm(codes, axis=1, keepdims=True)
    return codes


def _random_weight(rng: np.random.Generator, rows: int, cols: int, scale: float = 1.0) -> np.ndarray:
    return (rng.standard_normal((rows, cols)) * scale / np.sqrt(cols)).astype(np.float32)


def _set_layer_norm(ln: common_spec.LayerNormSpec, d_model: int) -> None:
    ln.gamma = np.ones(d_model, dtype=np.float32)
    ln.beta = np.zeros(d_model, dtype=np.float32)


def _set_linear(lin: common_spec.LinearSpec, weight: np.ndarray) -> None:
    lin.weight = weight.astype(np.float32)
    lin.bias = np.zeros(weight.shape[0], dtype=np.float32)


def _set_embeddings(
    spec: transformer_spec.TransformerSpec,
    layout: _Layout,
    codes: np.ndarray,
    table: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """Source embeddings hold the token codes; both sides share the explicit position table."""
    enc, dec = spec.encoder, spec.decoder
    enc.scale_embeddings = False
    dec.scale_embeddings = False
    src_emb = np.zeros((len(codes), layout.d_model), dtype=np.float32)
    src_emb[:, layout.tok_dims] = codes
    enc.embeddings[0].weight = src_emb
    enc.position_encodings.encodings = table
    dec.embeddings.weight = (rng.standard_normal((len(codes), layout.d_model)) * 0.05).astype(np.float32)
    dec.position_encodings.encodings = table
    _set_layer_norm(enc.layer_norm, layout.d_model)
    _set_layer_norm(dec.layer_norm, layout.d_model)


_NOISE_SCALE = 0.02  # output scale of the "noise" sublayers


def _set_noise_layer(layer: Any, shape: _Shape, rng: np.random.Generator) -> None:
    """Random weights with a small output projection: real compute, barely any effect on the residual."""
    d = shape.d_model
    _set_layer_norm(layer.self_attention.layer_norm, d)
    _set_linear(layer.self_attention.linear[0], _random_weight(rng, 3 * d, d))
    _set_linear(layer.self_attention.linear[1], _random_weight(rng, d, d, _NOISE_SCALE))
    if hasattr(layer, "attention"):  # decoder layers also have cross-attention
        _set_layer_norm(layer.attention.layer_norm, d)
        _set_linear(layer.attention.linear[0], _random_weight(rng, d, d))
        _set_linear(layer.attention.linear[1], _random_weight(rng, 2 * d, d))
        _set_linear(layer.attention.linear[2], _random_weight(rng, d, d, _NOISE_SCALE))
    _set_layer_norm(layer.ffn.layer_norm, d)
    _set_linear(layer.ffn.linear_0, _random_weight(rng, shape.ffn, d))
    _set_linear(layer.ffn.linear_1, _random_weight(rng, d, shape.ffn, _NOISE_SCALE))


def _position_picker(layout: _Layout) -> np.ndarray:
    """(+v) - (-v) for each pair of the position block, so layer norm's mean subtraction cancels."""
    k2 = 2 * layout.frequencies
    pick = np.zeros((k2, layout.d_model), dtype=np.float32)
    for j in range(k2):
        pick[j, 2 * j], pick[j, 2 * j + 1] = 1.0, -1.0
    return pick


def _set_copy_head(cross: Any, layout: _Layout) -> None:
    """Decoder layer 0's cross-attention attends to source position == step and returns its token code."""
    d, dh = layout.d_model, layout.head_dim
    pick = _position_picker(layout)
    sharp = 3.0 * np.sqrt(np.sqrt(dh))  # q.k / sqrt(dh) ~ 9 * margin * (1 / sigma^2): peaked softmax
    query = np.zeros((d, d), dtype=np.float32)
    value = np.zeros((d, d), dtype=np.float32)
    out = np.zeros((d, d), dtype=np.float32)
    slices = np.array_split(layout.tok_dims, layout.heads)
    for head in range(layout.heads):
        query[head * dh : head * dh + len(pick)] = pick * sharp  # the same in every head
        for i, dim in enumerate(slices[head]):  # value carries this head's slice of the token code
            value[head * dh + i, dim] = 1.0
            out[dim, head * dh + i] = 1.0
    key = query.copy()
    _set_linear(cross.linear[0], query)
    _set_linear(cross.linear[1], np.concatenate([key, value]))
    _set_linear(cross.linear[2], out * 4.0)  # dominate the residual so the final norm keeps the code


def _output_projection(codes: np.ndarray, layout: _Layout) -> np.ndarray:
    """Scores every vocabulary entry by its code, so the argmax is the copied token."""
    proj = np.zeros((len(codes), layout.d_model), dtype=np.float32)
    proj[:, layout.tok_dims] = codes * (2.0 / np.sqrt(len(layout.tok_dims)))
    return proj
