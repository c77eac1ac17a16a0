"""Translation throughput: Argos' translate() vs raw CTranslate2 vs newsflow's engine, on a real-shape model.

The model is built offline by tests/support/argos_model.py (6+6 layers, d_model 512, 8 heads, FFN 2048, 32k vocab,
int8, random weights rigged to stop after about input-length tokens), so every path decodes the same lengths.

    .venv/bin/python benchmarks/translation_bench.py [--sentences 300] [--argos-sentences 60] [--beams 1 4]

(a) argostranslate.translate.translate() per article at Argos' defaults (only the beam size is set), on the first
    --argos-sentences sentences (it is slow; sentences/s is what counts);
(b) raw ctranslate2 translate_batch over all pre-tokenized sentences, best of a few thread/batch settings;
(c) newsflow's Translator.translate() over all articles, end to end (splitting, tokenizing, reassembly), cold cache.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsflow.config import TranslationSettings
from newsflow.translation import offline
from tests.support.argos_model import build_argosmodel, generate_sentences

PER_ARTICLE = 10
RAW_CONFIGS = [(2, 1, 2048), (1, 2, 2048), (2, 1, 4096)]  # (inter_threads, intra_threads, max_batch_tokens)


@dataclass(frozen=True)
class Row:
    path: str
    beam: int
    sentences: int
    seconds: float
    note: str = ""

    @property
    def rate(self) -> float:
        return self.sentences / self.seconds


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def articles(sentences: list[str]) -> list[str]:
    out = []
    for i in range(0, len(sentences), PER_ARTICLE):
        chunk = sentences[i : i + PER_ARTICLE]
        half = max(1, len(chunk) // 2)
        out.append(" ".join(chunk[:half]) + ("\n\n" + " ".join(chunk[half:]) if chunk[half:] else ""))
    return out


def bench_argos(texts: list[str], n_sentences: int, beam: int) -> Row:
    import argostranslate.settings
    import argostranslate.translate

    argostranslate.settings.beam_size = beam  # read at call time; everything else stays at Argos' defaults
    argostranslate.translate.translate("Warmup.", "de", "en")
    start = time.perf_counter()
    for text in texts:
        argostranslate.translate.translate(text, "de", "en")
    return Row("(a) argos translate()", beam, n_sentences, time.perf_counter() - start, "Argos defaults")


def bench_raw(model_dir: Path, sp_path: Path, sentences: list[str], beam: int) -> Row:
    import ctranslate2
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(sp_path))
    tokens = [sp.encode(s, out_type=str) for s in sentences]
    best: Row | None = None
    for inter, intra, batch in RAW_CONFIGS:
        tr = ctranslate2.Translator(str(model_dir), compute_type="int8", inter_threads=inter, intra_threads=intra)
        tr.translate_batch(tokens[:4], beam_size=beam)
        start = time.perf_counter()
        tr.translate_batch(tokens, max_batch_size=batch, batch_type="tokens", beam_size=beam, length_penalty=0.2)
        row = Row("(b) raw ctranslate2", beam, len(sentences), time.perf_counter() - start, f"{inter}x{intra}, {batch}")
        print(f"    raw {row.note}: {row.rate:.1f} sentences/s", flush=True)
        if best is None or row.rate > best.rate:
            best = row
        del tr
    assert best is not None
    return best


def bench_engine(settings: TranslationSettings, texts: list[str], n_sentences: int) -> Row:
    from newsflow.translation.engine import TranslationRequest, TranslationResult, Translator

    translator = Translator(settings)
    translator.translate([TranslationRequest("warm", "de", None, "Warmup.")])
    requests = [TranslationRequest(str(i), "de", None, t) for i, t in enumerate(texts)]
    start = time.perf_counter()
    results = translator.translate(requests)
    seconds = time.perf_counter() - start
    assert all(isinstance(r, TranslationResult) for r in results), results[:3]
    note = f"{settings.inter_threads}x{settings.intra_threads}, {settings.max_batch_tokens}"
    return Row("(c) newsflow engine", settings.beam_size, n_sentences, seconds, note)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=300)
    parser.add_argument("--argos-sentences", type=int, default=60)
    parser.add_argument("--beams", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--inter-threads", type=int, default=2)
    parser.add_argument("--intra-threads", type=int, default=1)
    parser.add_argument("--batch-tokens", type=int, default=2048)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsflow-bench-"))
    settings = TranslationSettings(
        models_dir=work / "models",
        inter_threads=args.inter_threads,
        intra_threads=args.intra_threads,
        max_batch_tokens=args.batch_tokens,
    )
    offline.configure(settings.models_dir)  # before argostranslate is imported
    from newsflow.translation.models import import_model

    t0 = time.perf_counter()
    info = import_model(build_argosmodel(work / "archive", real_shape=True), settings)
    print(f"built and installed the real-shape model in {time.perf_counter() - t0:.1f}s: {info.path}", flush=True)

    sentences = generate_sentences(args.sentences, "de", seed=1)
    texts = articles(sentences)
    n_argos = min(args.argos_sentences, len(sentences))
    argos_texts = articles(sentences[:n_argos])
    rows: list[tuple[Row, Row, Row, float]] = []
    for beam in args.beams:
        print(f"beam {beam}:", flush=True)
        a = bench_argos(argos_texts, n_argos, beam)
        print(f"    argos: {a.rate:.2f} sentences/s", flush=True)
        b = bench_raw(info.path / "model", info.path / "sentencepiece.model", sentences, beam)
        c = bench_engine(replace(settings, beam_size=beam), texts, len(sentences))
        print(f"    engine: {c.rate:.1f} sentences/s", flush=True)
        rows.append((a, b, c, peak_rss_mb()))

    print()
    print(
        f"{'beam':>4} | {'(a) argos s/s':>13} | {'(b) raw s/s':>11} | {'(c) engine s/s':>14} | "
        f"{'c/a':>6} | {'c/b':>5} | {'peak RSS MB':>11} | raw best config"
    )
    for a, b, c, rss in rows:
        print(
            f"{c.beam:>4} | {a.rate:>13.2f} | {b.rate:>11.1f} | {c.rate:>14.1f} | "
            f"{c.rate / a.rate:>6.1f} | {c.rate / b.rate:>5.2f} | {rss:>11.0f} | {b.note}"
        )
    print(
        f"engine settings: inter {settings.inter_threads} x intra {settings.intra_threads}, "
        f"{settings.max_batch_tokens}-token batches, {settings.compute_type}; sentences: {len(sentences)} "
        f"(argos: {n_argos})"
    )


if __name__ == "__main__":
    main()
