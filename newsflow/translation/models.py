"""Translation model management: list, import from disk, install from the Argos package index.

Installed packages live where Argos looks for them (``settings.models_dir`` or Argos' own folder), so Argos and
newsflow's engine see the same models. Every archive is validated before anything is written: a zip, no member
escaping the target folder, and ``metadata.json`` + ``sentencepiece.model`` (or ``bpe.model``) + ``model/model.bin``.
It is extracted into a temporary folder beside the packages and renamed into place, so a failure installs nothing
and a reader never sees half a package. Installing a package replaces any installed package for the same pair.

Archives are hostile input: the total uncompressed size is capped (``max_model_bytes``, checked from the headers
and counted again while extracting), so is one member's compression ratio (``max_model_ratio``), the codes that
name the install folder must be ISO codes, the folder must lie directly inside ``models_dir``, and the model must
load with CTranslate2 on the CPU before it replaces anything.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import httpx

from newsflow.common.langcodes import canonical
from newsflow.common.sizes import human_bytes
from newsflow.config import TranslationSettings
from newsflow.sources.http.addresses import AddressPolicy, Refused, pinned_sync_transport
from newsflow.translation.offline import packages_dir

TARGET = "en"
DOWNLOAD_ATTEMPTS = 3
MAX_INDEX_BYTES = 16 * 1024 * 1024  # Argos' index is about 100 KB
# ISO 639 language codes, optionally with a region or script subtag ("pt-BR", "zh-Hant"): nothing a path can hide in.
LANG_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")
PACKAGE_TYPE = re.compile(r"[a-z]+")
_FOLDER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # one visible path component
RATIO_CHECK_BYTES = 1_000_000  # tiny members may compress extremely (padding, empty files); they cost nothing
# Folders a member may sit in: an Argos package nests three deep; thousands would exhaust the stack.
MAX_MEMBER_DEPTH = 32

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
    return sorted(found, key=lambda m: (m.from_code, m.to_code, version_key(m.version)))


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
    """Install a ``.argosmodel`` from disk; validated first, atomic, harmless to repeat.

    Nothing outside ``models_dir`` is ever renamed or removed: the install folder's name must be a plain name
    (from the archive's top folder, or ``translate-<from>_<to>`` with ISO codes) that resolves inside it.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"{path}: no such file")
    root = packages_dir(settings.models_dir)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"{path}: cannot create the models folder {root}: {_reason(exc)}") from exc
    top = _validate_archive(path, settings)
    staging = trash = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=".install-", dir=root))
        extracted = staging / top if top else staging
        _extract(path, staging, settings)
        info = _read_info(extracted, f"{path}: metadata.json")
        _check_loads(path, extracted)
        final = _install_target(path, root, top or f"translate-{info.from_code}_{info.to_code}")
        trash = Path(tempfile.mkdtemp(prefix=".old-", dir=root))
        _swap_in(extracted, final, trash, [m.path for m in _same_pair(settings, info, final)])
        return _read_info(final)
    except OSError as exc:
        raise ModelError(f"{path}: cannot install into {root}: {_reason(exc)}; nothing installed") from exc
    finally:
        for folder in (staging, trash):  # only the folders this call made: never anything else
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


def _same_pair(settings: TranslationSettings, info: ModelInfo, final: Path) -> list[ModelInfo]:
    """Installed packages the new one replaces: one package per pair."""
    return [
        m
        for m in list_models(settings)
        if (m.from_code, m.to_code) == (info.from_code, info.to_code) and m.path != final
    ]


def _swap_in(new: Path, final: Path, trash: Path, replaced: list[Path]) -> None:
    """Move the old packages aside, the new one in; on an error, put the old ones back."""
    moved: list[tuple[Path, Path]] = []
    try:
        for old in [*replaced, *([final] if final.exists() or final.is_symlink() else [])]:
            aside = trash / f"{len(moved)}-{old.name}"
            old.rename(aside)  # rename never follows a symlink: a link is moved, not its target
            moved.append((old, aside))
        new.rename(final)
    except OSError:
        for old, aside in reversed(moved):
            with contextlib.suppress(OSError):
                aside.rename(old)
        raise


def _install_target(archive: Path, root: Path, name: str) -> Path:
    """``root / name``, refused unless ``name`` is one plain, visible folder name that stays inside ``root``."""
    final = root / name
    if not _FOLDER_NAME.fullmatch(name) or final.parent != root:
        raise ModelError(f"{archive}: refusing to install as {name!r}: not a plain folder name inside {root}")
    return final


def install_from_index(
    langs: Sequence[str],
    settings: TranslationSettings,
    progress: Progress | None = None,
    policy: AddressPolicy | None = None,
) -> list[ModelInfo]:
    """Download and install the ``<lang>→en`` package for each language from ``settings.index_url``.

    Every connection (the index, each link, each redirect) goes through ``policy``, the fetcher's address
    guard (default: public addresses only; the CLI passes [fetch] allow_private_addresses). A download
    stops at ``max_model_bytes`` (decoded bytes: a gzip bomb stops too). Downloads resume from a ``.part`` file
    with HTTP Range requests; size and sha256 are checked when the index gives them. A refused or failed
    download leaves no file. Raises ModelError naming the language or URL; packages installed before the error
    stay installed.
    """
    wanted = [lang for lang in dict.fromkeys(canonical(x) for x in langs) if lang != TARGET]
    if not wanted:
        return []
    transport = pinned_sync_transport(policy or AddressPolicy())
    timeout = httpx.Timeout(30.0, connect=10.0)
    with httpx.Client(follow_redirects=True, timeout=timeout, transport=transport, trust_env=False) as client:
        index = _fetch_index(client, settings.index_url)
        entries = [_pick(index, lang, settings.index_url) for lang in wanted]
        downloads = packages_dir(settings.models_dir) / ".downloads"
        downloads.mkdir(parents=True, exist_ok=True)
        installed = []
        for entry in entries:
            archive = _download(client, entry, downloads, progress, settings.max_model_bytes)
            try:
                info = import_model(archive, settings)
            finally:  # a refused archive is not kept either
                archive.unlink(missing_ok=True)
            installed.append(info)
    return installed


# --- archives -------------------------------------------------------------------------------------------------


def _validate_archive(path: Path, settings: TranslationSettings) -> str:
    """Check an archive without extracting it; return its top folder ("" when files sit at the root)."""
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not a zip archive, refusing to install")
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            _check_sizes(path, members, settings)  # before testzip, which decompresses everything
            bad = zf.testzip()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelError(f"{path}: unreadable zip archive: {exc}") from exc
    if bad is not None:
        raise ModelError(f"{path}: corrupt member {bad!r} (CRC mismatch)")
    names = [m.filename for m in members]
    for name in names:
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if not parts or name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
            raise ModelError(f"{path}: member {name!r} would be written outside the package folder")
        if len(parts) - 1 > MAX_MEMBER_DEPTH:  # also past the recursion limit of mkdir(parents=True)
            shown = "/".join(parts[:8])
            raise ModelError(
                f"{path}: member '{shown}/…' is {len(parts) - 1} folders deep, more than {MAX_MEMBER_DEPTH}: "
                "refusing to install"
            )
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


def _check_sizes(path: Path, members: list[zipfile.ZipInfo], settings: TranslationSettings) -> None:
    """Refuse what the headers say would expand too far: in total, or one member by an extreme ratio."""
    limit = settings.max_model_bytes
    total = sum(m.file_size for m in members)
    if total > limit:
        raise ModelError(
            f"{path}: expands to {human_bytes(total)}, more than the limit of {human_bytes(limit)} "
            "([translation] max_model_bytes); nothing installed"
        )
    for m in members:
        if m.file_size > RATIO_CHECK_BYTES and m.file_size > settings.max_model_ratio * max(1, m.compress_size):
            ratio = m.file_size / max(1, m.compress_size)
            raise ModelError(
                f"{path}: member {m.filename!r} expands {ratio:.0f}-fold, more than "
                f"{settings.max_model_ratio}-fold ([translation] max_model_ratio): a zip bomb? nothing installed"
            )


def _extract(path: Path, dest: Path, settings: TranslationSettings) -> None:
    """Extract counting the bytes written, so a member whose header lies about its size stops at the limit too."""
    limit, total = settings.max_model_bytes, 0
    with zipfile.ZipFile(path) as zf:
        for member in zf.infolist():
            target = dest / member.filename  # names were validated: relative, no "..", no drive
            if member.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(member) as src, target.open("wb") as out:
                while block := src.read(1 << 20):
                    total += len(block)
                    if total > limit:
                        raise ModelError(
                            f"{path}: expands to more than {human_bytes(limit)} ([translation] max_model_bytes); "
                            "nothing installed"
                        )
                    out.write(block)


def _check_loads(path: Path, folder: Path) -> None:
    """Load the model once on the CPU: a corrupt model.bin is refused here, not found by `translate` later."""
    import ctranslate2
    import sentencepiece as spm

    try:
        ctranslate2.Translator(str(folder / "model"), device="cpu", inter_threads=1, intra_threads=1)
    except Exception as exc:  # CTranslate2 raises RuntimeError/ValueError for unreadable models
        raise ModelError(f"{path}: model/model.bin does not load with CTranslate2 ({exc}); nothing installed") from exc
    tokenizer = folder / "sentencepiece.model"
    if tokenizer.is_file():
        try:
            spm.SentencePieceProcessor(model_file=str(tokenizer))
        except Exception as exc:
            raise ModelError(f"{path}: sentencepiece.model does not load ({exc}); nothing installed") from exc


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "disk full: No space left on device"
    return exc.strerror or str(exc)


def _read_info(folder: Path, where: str | None = None) -> ModelInfo:
    """A package's metadata; errors name ``where`` (default: the metadata.json path)."""
    where = where or str(folder / "metadata.json")
    try:
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{where}: unreadable: {exc}") from exc
    if not isinstance(meta, dict) or not meta.get("from_code") or not meta.get("to_code"):
        raise ModelError(f"{where}: needs from_code and to_code")
    kind = meta.get("type", "translate")
    for key, value, pattern in (
        ("from_code", meta["from_code"], LANG_CODE),
        ("to_code", meta["to_code"], LANG_CODE),
        ("type", kind, PACKAGE_TYPE),
    ):
        if not isinstance(value, str) or not pattern.fullmatch(value):
            what = "a package type" if key == "type" else "an ISO language code"
            raise ModelError(f"{where}: {key} {value!r} is not {what}")
    return ModelInfo(
        name=f"{kind}-{meta['from_code']}_{meta['to_code']}",
        from_code=str(meta["from_code"]),
        to_code=str(meta["to_code"]),
        version=str(meta.get("package_version", "")),
        path=folder,
        target_prefix=str(meta.get("target_prefix") or ""),
    )


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in version.replace("-", ".").split("."))


# --- index and downloads ------------------------------------------------------------------------------------------

# What to do on a machine that cannot download: the same packages, copied there by hand.
OFFLINE = "without the internet, copy the .argosmodel files here and run `newsflow models import FILE...`"


def _fetch_index(client: httpx.Client, url: str) -> list[dict[str, Any]]:
    try:
        with client.stream("GET", url) as response:
            response.raise_for_status()
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_INDEX_BYTES:
                    raise ValueError(f"larger than {human_bytes(MAX_INDEX_BYTES)}")
        index = json.loads(bytes(body))
    except Refused as exc:
        raise ModelError(f"cannot read the package index {url}: {exc}") from None
    except httpx.TransportError as exc:  # no answer at all: offline, DNS, a proxy
        raise ModelError(f"cannot reach the package index {url} ({exc or type(exc).__name__}); {OFFLINE}") from exc
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
    best = max(candidates, key=lambda e: version_key(str(e.get("package_version", ""))))
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


def _download(
    client: httpx.Client, entry: dict[str, Any], folder: Path, progress: Progress | None, max_bytes: int
) -> Path:
    name = f"translate-{entry['from_code']}_{entry['to_code']}"
    # The index is remote input: nothing in it may steer the download's file name out of its folder.
    version = re.sub(r"[^A-Za-z0-9_-]", "_", str(entry.get("package_version", "0")))
    target = folder / f"{name}-{version}.argosmodel"
    part = target.with_name(target.name + ".part")
    size, sha256 = _expected(entry)
    errors = []
    for url in [str(u) for u in entry["links"]]:
        for _ in range(DOWNLOAD_ATTEMPTS):
            try:
                _fetch_resumable(client, url, part, name, size, progress, max_bytes)
                break
            except httpx.HTTPError as exc:  # keep the .part: the next attempt resumes
                errors.append(f"{url}: {exc!r}")
            except (Refused, _TooLarge) as exc:  # another attempt would be refused alike
                part.unlink(missing_ok=True)
                errors.append(f"{url}: {exc}")
                break
        else:
            part.unlink(missing_ok=True)
            continue
        if not part.exists():
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
    part.unlink(missing_ok=True)
    raise ModelError(f"download of {name} failed: {'; '.join(errors[-3:])}; {OFFLINE}")


def _fetch_resumable(
    client: httpx.Client,
    url: str,
    part: Path,
    name: str,
    size: int | None,
    progress: Progress | None,
    max_bytes: int,
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
                have += len(chunk)
                if have > max_bytes:
                    raise _TooLarge(f"larger than {human_bytes(max_bytes)} ([translation] max_model_bytes)")
                out.write(chunk)
                if progress is not None:
                    progress(name, have, total or size)


class _TooLarge(Exception):
    pass


def _total(response: httpx.Response, offset: int) -> int | None:
    length = response.headers.get("content-length")
    return offset + int(length) if length and length.isdigit() else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
