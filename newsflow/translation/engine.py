"""The fast batched translation engine over installed Argos packages.

Argos' ``translate()`` runs one article at a time, and its ``ARGOS_BATCH_SIZE`` counts *tokens*, so it decodes
about one sentence per batch. Here all sentences of all articles of a call go through one ``ctranslate2.Translator``
per package in token-based batches sorted by length, and repeated sentences come from an LRU cache.

Per request: title and body are split into paragraphs (blank lines), lines, sentences (offline spaCy splitter),
SentencePiece tokens, and chunks of at most ``max_input_tokens`` tokens; each chunk is one translation unit keyed
by a hash of its tokens. Output keeps the structure: the same paragraphs (joined by blank lines) and lines.
Each sentence comes back as a Segment (original, English, score, alarms) and the English text is assembled from
those segments (``segments.assemble``), so the stored pairs always rebuild it.
A request that fails (no model, untokenizable text, a unit the model rejects) becomes a TranslationFailure;
the others still translate.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import ctranslate2
import sentencepiece as spm

from newsflow.common.langcodes import canonical
from newsflow.config import TranslationSettings
from newsflow.translation import offline, quality
from newsflow.translation.models import ModelInfo, installed_pairs
from newsflow.translation.segments import TEXT, TITLE, Segment, assemble, weighted_score

CACHE_SIZE = 100_000  # translated units kept; ~1 KB each
CT2_MAX_INPUT = 1000  # CTranslate2 truncates at 1024 positions (source EOS included)
LENGTH_PENALTY = 0.2  # same as Argos, so outputs match its scoring
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")


class ModelUnavailable(RuntimeError):
    """No model for a language, or one that does not load; the message names it and says why."""


@dataclass(frozen=True)
class TranslationRequest:
    key: str
    lang: str
    title: str | None
    text: str


@dataclass(frozen=True)
class TranslationResult:
    key: str
    title_en: str | None
    text_en: str
    model: str  # "<package name> <version>"
    segments: tuple[Segment, ...] = ()  # title's then text's sentences, in order
    score: float | None = None  # length-weighted mean of the segments' scores
    flags: tuple[str, ...] = ()  # the article's quality alarms (newsflow.translation.quality)


@dataclass(frozen=True)
class TranslationFailure:
    key: str
    error: str


@dataclass(frozen=True)
class CacheInfo:
    hits: int
    misses: int
    size: int


Unit = bytes  # hash of a token chunk: the cache key
Decoded = tuple[str, float | None]  # a unit's English and its mean log-probability per token


@dataclass(frozen=True)
class _Sentence:
    original: str
    units: list[Unit]  # its chunks
    lengths: list[int]  # tokens per chunk


Line = list[_Sentence]
Doc = list[list[Line]]  # paragraphs of lines


@dataclass
class _Package:
    info: ModelInfo
    sp: spm.SentencePieceProcessor
    translator: ctranslate2.Translator


@dataclass
class _Plan:
    index: int
    request: TranslationRequest
    package: _Package
    title: Doc | None
    body: Doc


@dataclass
class _Batch:
    """Units of one package still to translate in this call."""

    package: _Package
    tokens: dict[Unit, list[str]] = field(default_factory=dict)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; leading/trailing blank lines do not count."""
    stripped = text.strip()
    return [p.strip() for p in _BLANK_LINE.split(stripped)] if stripped else []


class Translator:
    def __init__(self, settings: TranslationSettings, cache_size: int = CACHE_SIZE) -> None:
        self.settings = settings
        offline.configure(settings.models_dir, settings.index_url)
        self.device = resolve_device(settings.device)
        self._packages: dict[str, _Package] = {}
        self._broken: dict[str, str] = {}  # language -> why its model does not load; tried once per Translator
        self._cache: OrderedDict[Unit, Decoded] = OrderedDict()
        self._cache_size = cache_size
        self._hits = self._misses = 0
        self._lock = threading.Lock()  # the cache and lazy loading are not thread-safe; CT2 parallelizes inside
        self._max_tokens = max(1, min(settings.max_input_tokens, CT2_MAX_INPUT))

    def languages(self) -> set[str]:
        """Source languages with an installed ``→en`` model."""
        return set(installed_pairs(self.settings))

    def cache_info(self) -> CacheInfo:
        return CacheInfo(self._hits, self._misses, len(self._cache))

    def translate(self, requests: Sequence[TranslationRequest]) -> list[TranslationResult | TranslationFailure]:
        with self._lock:
            return self._translate(requests)

    # --- the pipeline ------------------------------------------------------------------------------------------

    def _translate(self, requests: Sequence[TranslationRequest]) -> list[TranslationResult | TranslationFailure]:
        out: list[TranslationResult | TranslationFailure | None] = [None] * len(requests)
        plans: list[_Plan] = []
        batches: dict[str, _Batch] = {}
        known: dict[Unit, Decoded] = {}  # this call's translations: immune to cache eviction mid-call
        for i, req in enumerate(requests):
            try:
                package = self._package(req.lang)
            except ModelUnavailable as exc:
                out[i] = TranslationFailure(req.key, str(exc))
                continue
            try:
                batch = batches.setdefault(package.info.label, _Batch(package))
                title = None if req.title is None else self._plan_doc(package, req.title, batch, known, title=True)
                body = self._plan_doc(package, req.text, batch, known)
                plans.append(_Plan(i, req, package, title, body))
            except Exception as exc:  # one bad article must not stop the others
                out[i] = TranslationFailure(req.key, f"model {package.info.label}: {_describe(exc)}")
        failed: dict[Unit, str] = {}
        for batch in batches.values():
            self._run(batch, known, failed)
        for plan in plans:
            out[plan.index] = self._assemble(plan, known, failed)
        return [r for r in out if r is not None]

    def _package(self, lang: str) -> _Package:
        code = canonical(lang)
        if code not in self._packages:
            info = installed_pairs(self.settings).get(code)
            if info is None:
                raise ModelUnavailable(
                    f"no installed {code}→en model (install one with `newsflow models install {code}`)"
                )
            if code in self._broken:
                raise ModelUnavailable(self._broken[code])
            try:
                translator = ctranslate2.Translator(
                    str(info.path / "model"),
                    device=self.device,
                    compute_type=self.settings.compute_type,
                    inter_threads=self.settings.inter_threads,
                    intra_threads=self.settings.intra_threads,
                )
                sp = spm.SentencePieceProcessor(model_file=str(info.path / "sentencepiece.model"))
            except Exception as exc:  # a model broken on disk: every article of its language says which and why
                self._broken[code] = f"model {info.label} at {info.path} cannot be loaded: {_describe(exc)}"
                raise ModelUnavailable(self._broken[code]) from exc
            self._packages[code] = _Package(info, sp, translator)
        return self._packages[code]

    def _plan_doc(
        self, package: _Package, text: str, batch: _Batch, known: dict[Unit, Decoded], title: bool = False
    ) -> Doc:
        paragraphs = [" ".join(text.split())] if title and text.strip() else split_paragraphs(text)
        lines = [[line.strip() for line in p.split("\n") if line.strip()] for p in paragraphs]
        flat = [line for para in lines for line in para]
        sentences = iter(offline.split_many(package.info.from_code, flat))
        doc: Doc = []
        for para in lines:
            doc.append([[self._sentence(package, s, batch, known) for s in next(sentences)] for _ in para])
        return doc

    def _sentence(self, package: _Package, sentence: str, batch: _Batch, known: dict[Unit, Decoded]) -> _Sentence:
        tokens: list[str] = package.sp.encode(sentence, out_type=str)
        units, lengths = [], []
        for start in range(0, len(tokens), self._max_tokens):  # very long "sentences" (tables, lists) in pieces
            chunk = tokens[start : start + self._max_tokens]
            key = hashlib.blake2b("\x1f".join([package.info.label, *chunk]).encode(), digest_size=16).digest()
            units.append(key)
            lengths.append(len(chunk))
            if key in known or key in batch.tokens:
                self._hits += 1
            elif key in self._cache:
                self._hits += 1
                self._cache.move_to_end(key)
                known[key] = self._cache[key]
            else:
                self._misses += 1
                batch.tokens[key] = chunk
        return _Sentence(sentence, units, lengths)

    def _run(self, batch: _Batch, known: dict[Unit, Decoded], failed: dict[Unit, str]) -> None:
        keys = sorted(batch.tokens, key=lambda k: len(batch.tokens[k]))  # less padding per batch
        if not keys:
            return
        try:
            texts = self._decode(batch.package, [batch.tokens[k] for k in keys])
        except Exception:  # find the unit(s) at fault; the rest still translate
            texts = []
            for key in keys:
                try:
                    texts.append(self._decode(batch.package, [batch.tokens[key]])[0])
                except Exception as exc:
                    failed[key] = _describe(exc)
                    texts.append(("", None))
        for key, text in zip(keys, texts, strict=True):
            if key not in failed:
                known[key] = text
                self._remember(key, text)

    def _decode(self, package: _Package, sources: list[list[str]]) -> list[Decoded]:
        prefix = package.info.target_prefix
        results = package.translator.translate_batch(
            sources,
            target_prefix=[[prefix]] * len(sources) if prefix else None,
            max_batch_size=self.settings.max_batch_tokens,
            batch_type="tokens",
            beam_size=self.settings.beam_size,
            length_penalty=LENGTH_PENALTY,
            replace_unknowns=True,
            max_decoding_length=min(CT2_MAX_INPUT, self._max_tokens * 3 // 2 + 10),
            return_scores=True,  # one float per hypothesis: no measurable cost
        )
        texts: list[Decoded] = []
        for result in results:
            hyp = list(result.hypotheses[0])
            score = mean_log_prob(result.scores[0], len(hyp)) if result.scores else None
            if prefix and hyp[:1] == [prefix]:
                hyp = hyp[1:]
            texts.append((package.sp.decode_pieces(hyp).strip(), score))
        return texts

    def _remember(self, key: Unit, text: Decoded) -> None:
        self._cache[key] = text
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _assemble(
        self, plan: _Plan, known: dict[Unit, Decoded], failed: dict[Unit, str]
    ) -> TranslationResult | TranslationFailure:
        lang = canonical(plan.request.lang)
        review_below = self.settings.review_below
        try:
            title = None if plan.title is None else _segments(TITLE, plan.title, known, failed, lang, review_below)
            body = _segments(TEXT, plan.body, known, failed, lang, review_below)
        except _UnitFailed as exc:
            return TranslationFailure(plan.request.key, f"model {plan.package.info.label}: {exc}")
        segments = (*(title or ()), *body)
        score = weighted_score(segments)
        flags = quality.article_flags((s.flags for s in segments), score, review_below)
        return TranslationResult(
            plan.request.key,
            None if title is None else assemble(title),
            assemble(body),
            plan.package.info.label,
            segments,
            score,
            flags,
        )


class _UnitFailed(Exception):
    pass


def _segments(
    field_name: str,
    doc: Doc,
    known: dict[Unit, Decoded],
    failed: dict[Unit, str],
    lang: str,
    review_below: float,
) -> list[Segment]:
    out = []
    for p, para in enumerate(doc):
        position = 0
        for n, line in enumerate(para):
            for sentence in line:
                for unit in sentence.units:
                    if unit in failed:
                        raise _UnitFailed(f"a sentence could not be translated: {failed[unit]}")
                decoded = [known[u] for u in sentence.units]
                english = " ".join(text for text, _ in decoded if text)
                scored = [(score, size) for (_, score), size in zip(decoded, sentence.lengths, strict=True)]
                weights = sum(size for score, size in scored if score is not None)
                score = sum(s * size for s, size in scored if s is not None) / weights if weights else None
                flags = quality.unit_flags(sentence.original, english, score, lang, review_below)
                tokens = sum(sentence.lengths)
                out.append(Segment(field_name, p, n, position, sentence.original, english, score, tokens, flags))
                position += 1
    return out


def mean_log_prob(score: float, length: int) -> float:
    """The mean log-probability per output token of a hypothesis. CTranslate2 returns the cumulative
    log-probability divided by length ** length_penalty; multiplying back and dividing by the length gives
    a number comparable across sentence lengths (0 = certain; -1 = on average e^-1 = 0.37 per token)."""
    size = max(1, length)
    return score * size**LENGTH_PENALTY / size


def resolve_device(device: str) -> str:
    """``auto`` means CUDA when CTranslate2 sees a GPU."""
    if device == "auto":
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    return device


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"
