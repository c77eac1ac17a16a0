"""Make argostranslate strictly offline at run time, and split sentences without any download.

Upstream, an installed package is not enough to translate offline (argos-translate issues #385, #512, #538):
the first ``translate()`` builds a sentence splitter that downloads: MiniSBD (the default) fetches an ONNX model,
and packages with a ``stanza/`` folder (all real ones) make stanza fetch its ``resources.json``. With no local
index, ``get_available_packages()`` retries the download recursively until a RecursionError.

:func:`configure` fixes all of it, once, before (or after) argostranslate is imported:

* Argos reads its settings once, at import, so the environment (``ARGOS_PACKAGES_DIR``, ``ARGOS_PACKAGE_INDEX``
  with its trailing slash, ``ARGOS_CHUNK_TYPE``, ``ARGOS_DEVICE_TYPE``) is set first; if Argos was already
  imported, its settings module is updated in place.
* An import hook patches ``argostranslate.sbd`` right after it executes, before ``argostranslate.translate`` binds
  its names: every splitter class (MiniSBD, stanza, spaCy) becomes :class:`OfflineSentencizer`, a blank spaCy
  pipeline with the rule-based ``sentencizer`` (ships with spaCy, needs no model).
* Argos' own network entry points (``networking.get``, ``update_package_index``) raise :class:`OfflineError`, and
  ``get_available_packages()`` without a local index raises it at once instead of recursing. Downloads are
  newsflow's job (``newsflow.translation.models.install_from_index``), never Argos' at translation time.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import re
import sys
import threading
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from newsflow.common.langcodes import canonical

_PATCHED_MODULES = ("argostranslate.networking", "argostranslate.package", "argostranslate.sbd")
_SPLITTER_NAMES = ("MiniSBDSentencizer", "StanzaSentencizer", "SpacySentencizerSmall")
_SPACY_CODES = {"nn": "nb", "zt": "zh", "pb": "pt"}  # Argos codes spaCy names differently
_lock = threading.Lock()
_state: dict[str, Any] = {}


class OfflineError(RuntimeError):
    """Argos tried to reach the network; newsflow translates offline only."""


def configure(models_dir: Path | None = None, index_url: str | None = None) -> Path:
    """Point Argos at ``models_dir`` and make it offline; idempotent, cheap, call before importing argostranslate.

    Returns the package directory Argos will use.
    """
    with _lock:
        packages = packages_dir(models_dir)
        if models_dir is not None:
            os.environ["ARGOS_PACKAGES_DIR"] = str(packages)
        if index_url:
            os.environ["ARGOS_PACKAGE_INDEX"] = index_base(index_url)
        # The ARGOSTRANSLATE chunk type keeps Argos from calling cache_spacy() (a download) at import;
        # the splitter classes it picks are replaced below anyway.
        os.environ["ARGOS_CHUNK_TYPE"] = "ARGOSTRANSLATE"
        os.environ.setdefault("ARGOS_DEVICE_TYPE", "cpu")
        key = (str(packages), index_url)
        if _state.get("key") == key:
            return packages
        _state["key"] = key
        if not any(isinstance(f, _ArgosPatcher) for f in sys.meta_path):
            sys.meta_path.insert(0, _ArgosPatcher())
        for name in _PATCHED_MODULES:  # Argos imported before configure(): patch what is loaded
            if name in sys.modules:
                _patch(sys.modules[name])
        if "argostranslate.settings" in sys.modules:
            _retarget_settings(sys.modules["argostranslate.settings"], packages, models_dir is not None)
        if "argostranslate.translate" in sys.modules:
            _patch_translate(sys.modules["argostranslate.translate"])
        return packages


def packages_dir(models_dir: Path | None) -> Path:
    """Where Argos keeps packages: ``models_dir``, else ``$ARGOS_PACKAGES_DIR``, else Argos' XDG default."""
    if models_dir is not None:
        return Path(models_dir).expanduser().resolve()
    if os.environ.get("ARGOS_PACKAGES_DIR"):
        return Path(os.environ["ARGOS_PACKAGES_DIR"]).expanduser()
    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data / "argos-translate" / "packages"


def index_base(index_url: str) -> str:
    """Argos wants the folder of the index, with a trailing slash (it appends ``index.json``)."""
    base = re.sub(r"index\.json$", "", index_url)
    return base if base.endswith("/") else base + "/"


# --- sentence splitting -------------------------------------------------------------------------------------------


@cache
def _pipeline(lang: str) -> Any:
    import spacy

    code = canonical(lang)
    code = _SPACY_CODES.get(code, code)
    try:
        nlp = spacy.blank(code)
    except (ImportError, KeyError, ValueError):  # no spaCy language data: the multilingual tokenizer
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10_000_000  # rule-based: memory is linear, the default guard is for parsers
    return nlp


def sentence_splitter(lang: str) -> Callable[[str], list[str]]:
    """A splitter for ``lang`` that needs no download: spaCy's tokenizer exceptions keep "Dr." and "3. Oktober"."""
    nlp = _pipeline(lang)

    def split(text: str) -> list[str]:
        return [s.text.strip() for s in nlp(text).sents if s.text.strip()]

    return split


def split_many(lang: str, texts: Sequence[str]) -> list[list[str]]:
    """Split many texts in one ``nlp.pipe`` call (faster than one call per text)."""
    return [[s.text.strip() for s in doc.sents if s.text.strip()] for doc in _pipeline(lang).pipe(texts)]


class OfflineSentencizer:
    """Drop-in for Argos' ISentenceBoundaryDetectionModel: ``__init__(pkg)``, ``split_sentences(text)``."""

    def __init__(self, pkg: Any) -> None:
        self.pkg = pkg
        self._split = sentence_splitter(str(getattr(pkg, "from_code", "xx") or "xx"))

    def split_sentences(self, text: str) -> list[str]:
        return self._split(text)

    def __str__(self) -> str:
        return "newsflow OfflineSentencizer (blank spaCy + sentencizer)"


# --- patching Argos ---------------------------------------------------------------------------------------------


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, inner: importlib.abc.Loader) -> None:
        self._inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._inner.exec_module(module)
        _patch(module)


class _ArgosPatcher(importlib.abc.MetaPathFinder):
    """Patches Argos modules right after they execute, so no caller can see the network-bound versions."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in _PATCHED_MODULES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _PatchingLoader(spec.loader)
        return spec


def _refuse(what: str) -> Callable[..., Any]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OfflineError(f"argostranslate tried to {what}; newsflow runs Argos offline (use `newsflow models`)")

    return refuse


def _patch(module: ModuleType) -> None:
    name = module.__name__
    if name == "argostranslate.networking":
        module.get = _refuse("download a file")  # type: ignore[attr-defined]
        module.get_from = _refuse("download a file")  # type: ignore[attr-defined]
        module.cache_spacy = lambda: None  # type: ignore[attr-defined]
    elif name == "argostranslate.package":
        module.update_package_index = _refuse("download the package index")  # type: ignore[attr-defined]
        module.get_available_packages = _available_packages(module)  # type: ignore[attr-defined]
    elif name == "argostranslate.sbd":
        for cls in _SPLITTER_NAMES:
            setattr(module, cls, OfflineSentencizer)
        module.cache_spacy = lambda: None  # type: ignore[attr-defined]


def _available_packages(package_module: ModuleType) -> Callable[[], list[Any]]:
    original = getattr(package_module, "_newsflow_original_available", package_module.get_available_packages)
    package_module._newsflow_original_available = original  # type: ignore[attr-defined]

    def get_available_packages() -> list[Any]:
        from argostranslate import settings

        if not Path(settings.local_package_index).exists():
            raise OfflineError(f"no local Argos package index at {settings.local_package_index}; not downloading it")
        return list(original())

    return get_available_packages


def _patch_translate(module: ModuleType) -> None:
    """argostranslate.translate already bound the splitter names; rebind them and fix built translations."""
    for cls in _SPLITTER_NAMES:
        setattr(module, cls, OfflineSentencizer)
    for installed in getattr(module, "installed_translates", []):
        underlying = getattr(installed.cached_translation, "underlying", None)
        if underlying is not None and hasattr(underlying, "sentencizer"):
            underlying.sentencizer = OfflineSentencizer(underlying.pkg)


def _retarget_settings(settings: ModuleType, packages: Path, explicit: bool) -> None:
    if explicit and Path(settings.package_data_dir) != packages:
        packages.mkdir(parents=True, exist_ok=True)
        settings.package_data_dir = packages  # type: ignore[attr-defined]
        settings.package_dirs = [packages]  # type: ignore[attr-defined]
        translate = sys.modules.get("argostranslate.translate")
        if translate is not None:
            translate.get_installed_languages.cache_clear()
    settings.chunk_type = settings.ChunkType.ARGOSTRANSLATE  # type: ignore[attr-defined]
