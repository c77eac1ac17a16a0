"""Config: typed settings, paths relative to the file, errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsflow.config import ConfigError, find_config, load_settings

pytestmark = pytest.mark.no_warehouse  # the lake pass skips it (see tests/support/backend.py)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_and_relative_paths(tmp_path: Path) -> None:
    path = write(tmp_path, '[[sources]]\nname = "seeds"\nkind = "files"\npath = "seeds"\n')
    settings = load_settings(path)
    assert settings.warehouse.path == tmp_path / "warehouse" / "news.duckdb"
    assert settings.sources[0].path == tmp_path / "seeds"
    assert settings.languages.translate == ("nb", "de")
    assert (settings.schedule.cron, settings.schedule.timezone) == ("0 2 * * *", "Europe/Oslo")
    assert settings.translation.compute_type == "int8"


def test_norwegian_no_is_mapped_to_the_model_code(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, '[languages]\ntranslate = ["no", "de"]\n'))
    assert settings.languages.translate == ("nb", "de")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[warehouse]\npaht = 'x'\n", "unknown key warehouse.paht"),
        ("[bogus]\n", "unknown key bogus"),
        ("[translation]\nbeam_size = 'four'\n", "translation.beam_size"),
        ("[schedule]\ncron = '0 2 * *'\n", "schedule.cron"),
        ("[schedule]\ntimezone = 'Mars/Olympus'\n", "schedule.timezone"),
        ("[[sources]]\nname = 'x'\nkind = 'ftp'\n", "sources[0].kind"),
        ("[[sources]]\nname = 'x'\nkind = 'files'\n", "sources[0].path"),
        ("[[sources]]\nname = 'x'\nkind = 'feed'\nurl = 'ftp://a'\n", "sources[0].url"),
        ("[orchestration]\ntask_runner = 'celery'\n", "orchestration.task_runner"),
        ("[warehouse\n", "not valid TOML"),
    ],
)
def test_bad_config_names_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_duplicate_source_names_are_refused(tmp_path: Path) -> None:
    src = '[[sources]]\nname = "a"\nkind = "files"\npath = "x"\n'
    with pytest.raises(ConfigError, match="duplicate source name"):
        load_settings(write(tmp_path, src + src))


def test_lookup_order_flag_then_env_then_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    flag = write(tmp_path / "a", "")
    env = write(tmp_path / "b", "")
    cwd = write(tmp_path, "")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSFLOW_CONFIG", str(env))
    assert find_config(flag) == flag.resolve()
    assert find_config(None) == env.resolve()
    monkeypatch.delenv("NEWSFLOW_CONFIG")
    assert find_config(None) == cwd.resolve()


def test_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        find_config(tmp_path / "nope.toml")


def test_a_source_declares_its_timezone_and_languages(tmp_path: Path) -> None:
    from newsflow.config import SourceLocale

    text = (
        '[[sources]]\nname = "nrk"\nkind = "files"\npath = "x"\ntimezone = "Europe/Oslo"\nlanguages = ["no", "nn"]\n'
        '[[sources]]\nname = "other"\nkind = "files"\npath = "y"\n'
    )
    settings = load_settings(write(tmp_path, text))
    assert (settings.sources[0].timezone, settings.sources[0].languages) == ("Europe/Oslo", ("nb", "nn"))
    assert settings.languages.locale("nrk") == SourceLocale("Europe/Oslo", ("nb", "nn"))
    assert settings.languages.locale("other") == SourceLocale()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('timezone = "Europe/Atlantis"', "sources[0].timezone: unknown time zone 'Europe/Atlantis'"),
        ('languages = "nb"', "sources[0].languages: must be a list of ISO 639-1 codes"),
        ('languages = ["norsk"]', "sources[0].languages: must be a list of ISO 639-1 codes"),
    ],
)
def test_bad_source_timezone_or_languages_name_the_key(tmp_path: Path, extra: str, message: str) -> None:
    path = write(tmp_path, f'[[sources]]\nname = "s"\nkind = "files"\npath = "x"\n{extra}\n')
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_settings(path)
