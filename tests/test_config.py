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


def test_a_config_naming_a_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        find_config(tmp_path)
    assert str(raised.value) == f"config {tmp_path} is a folder, not a file (from --config): name the .toml in it"


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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[schedule]\ncron = 'a b c d e'\n", "schedule.cron: 'a' is not a minute (0-59) in 'a b c d e'"),
        ("[schedule]\ncron = '0 25 * * *'\n", "schedule.cron: '25' is not a hour (0-23)"),
        ("[schedule]\ncron = '0 2 * 13 *'\n", "schedule.cron: '13' is not a month (1-12)"),
        ("[schedule]\ncron = '*/0 2 * * *'\n", "schedule.cron: bad step '0' in the minute field"),
        ("[fetch]\nmin_delay_s = inf\n", "fetch.min_delay_s: must be a finite number, not inf"),
        ("[fetch]\nmin_delay_s = nan\n", "fetch.min_delay_s: invalid value nan"),
        ("[fetch]\nmin_delay_s = 3601\n", "fetch.min_delay_s: must be at most 3600, not 3601.0"),
        ("[fetch]\nretries = 1000000000\n", "fetch.retries: must be at most 100, not 1000000000"),
        ("[fetch]\nread_timeout_s = inf\n", "fetch.read_timeout_s: must be a finite number"),
        ("[orchestration]\nprocess_workers = 100000\n", "orchestration.process_workers: must be at most 256"),
        ("[orchestration]\nmax_workers = 100000\n", "orchestration.max_workers: must be at most 256"),
        ("[orchestration]\nlocal_server_idle_s = inf\n", "orchestration.local_server_idle_s: must be a finite"),
        ("[translation]\ninter_threads = 100000\n", "translation.inter_threads: must be at most 256"),
        ("[translation]\nbeam_size = 17\n", "translation.beam_size: must be at most 16"),
        ("[warehouse]\nlock_timeout_s = inf\n", "warehouse.lock_timeout_s: must be a finite number"),
        ("[languages]\nmin_confidence = 2\n", "languages.min_confidence: must be at most 1"),
        (
            "[[sources]]\nname = 'x'\nkind = 'files'\npath = 'x'\nmin_delay_s = inf\n",
            "sources[0].min_delay_s: must be a finite number",
        ),
        (
            "[[sources]]\nname = 'x'\nkind = 'files'\npath = 'x'\nmax_items = 10000000000\n",
            "sources[0].max_items: must be at most 1e+09",
        ),
    ],
)
def test_values_that_would_fail_or_hang_later_are_refused_on_load(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, text))
    assert message in str(info.value)


def test_the_documented_maxima_themselves_load(tmp_path: Path) -> None:
    text = (
        "[fetch]\nmin_delay_s = 3600\nretries = 100\n[orchestration]\nmax_workers = 256\nprocess_workers = 256\n"
        "[translation]\ninter_threads = 256\n[schedule]\ncron = '*/15 0-5,22 1-31/2 jan-mar,12 mon-fri'\n"
    )
    settings = load_settings(write(tmp_path, text))
    assert (settings.fetch.min_delay_s, settings.fetch.retries, settings.orchestration.process_workers) == (
        3600.0,
        100,
        256,
    )


@pytest.mark.parametrize(
    "cron",
    ["0 2 * * *", "*/15 * * * *", "0 0-5/2 * * mon-fri", "30 2 1,15 jan,jul *", "0 2 * * 7", "a b c d e", "60 2 * * *",
     "0 2 0 * *", "0 2 * 0 *", "0 2 * * 8", "0 2 * * foo", "0 */0 * * *", "5-1 * * * *", "0 2 * * * *"],
)  # fmt: skip
def test_cron_lines_are_judged_as_prefects_scheduler_judges_them(cron: str) -> None:
    """What loads is what the scheduler accepts: `serve` and `schedule` never meet a cron line they cannot read.
    (Six fields is a seconds field to Prefect; config.toml documents five.)"""
    from prefect.server.schemas.schedules import CronSchedule
    from pydantic import ValidationError

    from newsflow.config import cron_problem

    try:
        CronSchedule(cron=cron, timezone="Europe/Oslo")
        prefect_accepts = True
    except ValidationError:
        prefect_accepts = False
    ours = cron_problem(cron) is None
    six_fields = len(cron.split()) == 6
    assert ours == (prefect_accepts and not six_fields)


@pytest.mark.parametrize(
    ("text", "args", "key"),
    [
        ("[schedule]\ncron = 'a b c d e'\n", ["schedule"], "schedule.cron"),
        ("[fetch]\nmin_delay_s = inf\n", ["status"], "fetch.min_delay_s"),
        ("[fetch]\nretries = 1000000000\n", ["ingest", "nothing.txt"], "fetch.retries"),
    ],
)
def test_a_bad_value_is_exit_2_naming_the_key_before_any_command_runs(
    tmp_path: Path, run_cli, text: str, args: list[str], key: str
) -> None:
    path = write(tmp_path, text)
    result = run_cli("--config", path, *args)
    assert result.code == 2
    assert result.err.startswith(f"error: {path}: {key}: ")
    assert result.err.count("\n") == 1
