"""Translation model management: list, import from disk, install from the Argos package index.

Installed packages live where Argos looks for them (``settings.models_dir`` or Argos' own folder), so Argos and
newsflow's engine see the same models. Every archive is validated before anything is written: a zip, no member
escaping the target folder, and ``metadata.json`` + ``sentencepiece.model`` (or ``bpe.model``) + ``model/model.bin``.
It is extracted into a temporary folder beside the packages and renamed into place, so a failure installs nothing
and a reader never sees half a package. Installing a package replaces any installed package for the same pair.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import httpx

from newsflow.config import TranslationSettings
from newsflow.langcodes import canonical
from newsflow.translate.offline import packages_dir

TARGET = "en"
DOWNLOAD_ATTEMPTS = 3

Progress = Callable[[str, int, int | None], None]  # (package name, bytes done, total bytes or None)


class ModelError(RuntimeError):
    """A model cannot be listed, validated, downloaded or installed; the message names the file or URL."""


@dataclass(frozen=True)
class ModelInfo:
    name: str  # argospm name, e.g. "translate-de_en"
    from_code: str
    to_code: str
    version: str
    path: Path
    target_prefix: str = ""

    @property
    def label(self) -> str:
        """What a translation records as its model: ``"<package name> <version>"``."""
        return f"{self.name} {self.version}"


def list_models(settings: TranslationSettings) -> list[ModelInfo]:
    """Installed translation packages, sorted by pair then version; unreadable folders are skipped."""
    root = packages_dir(settings.models_dir)
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.iterdir()):
        if path.is_dir() and not path.name.startswith(".") and (path / "metadata.json").is_file():
            try:
                found.append(_read_info(path))
            except ModelError:
                continue
    return sorted(found, key=lambda m: (m.from_code, m.to_code, _version_key(m.version)))


def installed_pairs(settings: TranslationSettings) -> dict[str, ModelInfo]:
    """Source language -> newest installed ``<lang>→en`` package."""
    best: dict[str, ModelInfo] = {}
    for info in list_models(settings):
        if info.to_code == TARGET:
            best[info.from_code] = info  # list is sorted by version: the last one wins
    return best


def missing_languages(settings: TranslationSettings, langs: Iterable[str]) -> list[str]:
    """The languages in ``langs`` (``no`` counts as ``nb``) with no installed ``→en`` model, in order, deduplicated."""
    have = installed_pairs(settings)
    wanted = dict.fromkeys(canonical(x) for x in langs)
    return [lang for lang in wanted if lang != TARGET and lang not in have]


def import_model(path: Path, settings: TranslationSettings) -> ModelInfo:
    """Install a ``.argosmodel`` from disk; validated first, atomic, harmless to repeat."""
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"{path}: no such file")
    root = packages_dir(settings.models_dir)
    root.mkdir(parents=True, exist_ok=True)
    top = _validate_archive(path)
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=root))
    try:
        with zipfile.ZipFile(path) as zf:
            zf.extractall(staging)
        extracted = staging / top if top else staging
        info = _read_info(extracted)
        final = root / (top or f"translate-{info.from_code}_{info.to_code}")
        trash = Path(tempfile.mkdtemp(prefix=".old-", dir=root))
        for old in list_models(settings):  # one package per pair: the new one replaces any installed one
            if (old.from_code, old.to_code) == (info.from_code, info.to_code) and old.path != final:
                old.path.rename(trash / old.path.name)
        if final.exists():
            final.rename(trash / final.name)
        extracted.rename(final)
        return _read_info(final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        for trash in root.glob(".old-*"):
            shutil.rmtree(trash, ignore_errors=True)


def install_from_index(
    langs: Sequence[str], settings: TranslationSettings, progress: Progress | None = None
) -> list[ModelInfo]:
    """Download and install the ``<lang>→en`` package for each language from ``settings.index_url``.

    Downloads resume from a ``.part`` file with HTTP Range requests; size and sha256 are checked when the index
    gives them. Raises ModelError naming the language or URL; packages installed before the error stay installed.
    """
    wanted = [lang for lang in dict.fromkeys(canonical(x) for x in langs) if lang != TARGET]
    if not wanted:
        return []
    with httpx.Client(follow_redirects=True, timeout=httpx.Timeout(30.0, connect=10.0)) as client:
        index = _fetch_index(client, settings.index_url)
        entries = [_pick(index, lang, settings.index_url) for lang in wanted]
        downloads = packages_dir(settings.models_dir) / ".downloads"
        downloads.mkdir(parents=True, exist_ok=True)
        installed = []
        for entry in entries:
            archive = _download(client, entry, downloads, progress)
            info = import_model(archive, settings)
            archive.unlink(missing_ok=True)
            installed.append(info)
    return installed


# --- archives -------------------------------------------------------------------------------------------------


def _validate_archive(path: Path) -> str:
    """Check an archive without extracting it; return its top folder ("" when files sit at the root)."""
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not a zip archive, refusing to install")
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            bad = zf.testzip()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelError(f"{path}: unreadable zip archive: {exc}") from exc
    if bad is not None:
        raise ModelError(f"{path}: corrupt member {bad!r} (CRC mismatch)")
    for name in names:
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if not parts or name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
            raise ModelError(f"{path}: member {name!r} would be written outside the package folder")
    tops = {PurePosixPath(n).parts[0] for n in names}
    top = next(iter(tops)) if len(tops) == 1 and not any(n == next(iter(tops)) for n in names) else ""
    prefix = f"{top}/" if top else ""
    present = set(names)
    required = [f"{prefix}metadata.json", f"{prefix}model/model.bin"]
    missing = [r for r in required if r not in present]
    if f"{prefix}sentencepiece.model" not in present and f"{prefix}bpe.model" not in present:
        missing.append(f"{prefix}sentencepiece.model (or bpe.model)")
    if missing:
        raise ModelError(f"{path}: not an Argos package, missing {', '.join(missing)}")
    return top


def _read_info(folder: Path) -> ModelInfo:
    try:
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{folder / 'metadata.json'}: unreadable: {exc}") from exc
    if not isinstance(meta, dict) or not meta.get("from_code") or not meta.get("to_code"):
        raise ModelError(f"{folder / 'metadata.json'}: needs from_code and to_code")
    kind = meta.get("type", "translate")
    return ModelInfo(
        name=f"{kind}-{meta['from_code']}_{meta['to_code']}",
        from_code=str(meta["from_code"]),
        to_code=str(meta["to_code"]),
        version=str(meta.get("package_version", "")),
        path=folder,
        target_prefix=str(meta.get("target_prefix") or ""),
    )


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in version.replace("-", ".").split("."))


# --- index and downloads ------------------------------------------------------------------------------------------


def _fetch_index(client: httpx.Client, url: str) -> list[dict[str, Any]]:
    try:
        response = client.get(url)
        response.raise_for_status()
        index = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise ModelError(f"cannot read the package index {url}: {exc}") from exc
    if not isinstance(index, list):
        raise ModelError(f"package index {url}: expected a JSON list of packages")
    return [e for e in index if isinstance(e, dict)]


def _pick(index: list[dict[str, Any]], lang: str, url: str) -> dict[str, Any]:
    candidates = [
        e
        for e in index
        if e.get("from_code") == lang and e.get("to_code") == TARGET and e.get("type", "translate") == "translate"
    ]
    if not candidates:
        raise ModelError(f"package index {url} has no {lang}→{TARGET} package")
    best = max(candidates, key=lambda e: _version_key(str(e.get("package_version", ""))))
    if not best.get("links"):
        raise ModelError(f"package index {url}: {lang}→{TARGET} package has no download links")
    return best


def _expected(entry: dict[str, Any]) -> tuple[int | None, str | None]:
    size = entry.get("size") or entry.get("filesize")
    digest = entry.get("sha256") or entry.get("checksum")
    if isinstance(digest, str) and ":" in digest:
        algo, _, digest = digest.partition(":")
        digest = digest if algo.lower() == "sha256" else None
    return (int(size) if isinstance(size, (int, str)) and str(size).isdigit() else None), (
        digest.lower() if isinstance(digest, str) and digest else None
    )


def _download(client: httpx.Client, entry: dict[str, Any], folder: Path, progress: Progress | None) -> Path:
    name = f"translate-{entry['from_code']}_{entry['to_code']}"
    version = str(entry.get("package_version", "0")).replace(".", "_")
    target = folder / f"{name}-{version}.argosmodel"
    part = target.with_name(target.name + ".part")
    size, sha256 = _expected(entry)
    errors = []
    for url in [str(u) for u in entry["links"]]:
        for _ in range(DOWNLOAD_ATTEMPTS):
            try:
                _fetch_resumable(client, url, part, name, size, progress)
                break
            except httpx.HTTPError as exc:  # keep the .part: the next attempt resumes
                errors.append(f"{url}: {exc!r}")
        else:
            continue
        have = part.stat().st_size
        if size is not None and have != size:
            part.unlink(missing_ok=True)
            raise ModelError(f"{url}: downloaded {have} bytes, the index says {size}; nothing installed")
        if sha256 is not None and _sha256(part) != sha256:
            part.unlink(missing_ok=True)
            raise ModelError(f"{url}: sha256 mismatch (expected {sha256}); nothing installed")
        part.replace(target)
        return target
    raise ModelError(f"download of {name} failed: {'; '.join(errors[-3:])}")


def _fetch_resumable(
    client: httpx.Client, url: str, part: Path, name: str, size: int | None, progress: Progress | None
) -> None:
    have = part.stat().st_size if part.exists() else 0
    if size is not None and have >= size:
        if have == size:
            return
        part.unlink()
        have = 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    with client.stream("GET", url, headers=headers) as response:
        if response.status_code == 416:  # nothing left to send: the .part is complete (or wrong; checked later)
            return
        response.raise_for_status()
        if have and response.status_code != 206:  # server ignored Range: start over
            have = 0
        total = _total(response, have)
        with part.open("ab" if have else "wb") as out:
            for chunk in response.iter_bytes():  # unbuffered: a dropped connection keeps what arrived
                out.write(chunk)
                have += len(chunk)
                if progress is not None:
                    progress(name, have, total or size)


def _total(response: httpx.Response, offset: int) -> int | None:
    length = response.headers.get("content-length")
    return offset + int(length) if length and length.isdigit() else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
