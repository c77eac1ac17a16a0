"""The reader in a real browser (Debian's headless chromium through its chromedriver): search a word, open an
article, check its sentence pairs, hover highlighting and a flagged sentence, follow its story. A screenshot of
each page lands in the test's tmp_path."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reader.conftest import Archive
from tests.reader.test_pages import WORD

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER), reason="needs Debian's chromium and chromium-driver (.ci/run installs them)"
    ),
    pytest.mark.backend_neutral,
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1300,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.mark.slow
def test_search_open_an_article_and_follow_its_story(
    browser: object, server: str, archive: Archive, tmp_path: Path
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    assert isinstance(browser, WebDriver)
    browser.get(server + "/")
    box = browser.find_element(By.NAME, "q")
    box.send_keys(WORD)
    box.submit()
    hits = browser.find_elements(By.CSS_SELECTOR, "#hits a.hit")
    assert len(hits) == 2
    browser.save_screenshot(str(tmp_path / "search.png"))

    browser.get(server + f"/articles/{archive.ids[0]}")
    originals = browser.find_elements(By.CSS_SELECTOR, "#pairs .original .s")
    english = browser.find_elements(By.CSS_SELECTOR, "#pairs .english .s")
    assert len(originals) == len(english) > 2
    assert originals[1].text.startswith(english[1].text.lstrip("⚑")[:10])  # the copy model: pairs line up
    ActionChains(browser).move_to_element(originals[2]).perform()
    assert "hl" in english[2].get_attribute("class")  # the counterpart lights up
    assert "hl" not in english[1].get_attribute("class")
    flagged = [e for e in english if "missing_url" in (e.get_attribute("title") or "")]
    assert len(flagged) == 1 and "www." in flagged[0].text
    browser.save_screenshot(str(tmp_path / "article.png"))

    browser.find_element(By.ID, "story").click()
    versions = browser.find_elements(By.CSS_SELECTOR, "#versions a")
    assert sorted(v.get_attribute("href").rsplit("/", 1)[1] for v in versions) == sorted(archive.ids[:2])
    browser.save_screenshot(str(tmp_path / "story.png"))

    browser.get(server + "/review")
    assert browser.find_elements(By.CSS_SELECTOR, "#review td.flagmark")
    browser.save_screenshot(str(tmp_path / "review.png"))
    for name in ("search", "article", "story", "review"):
        assert (tmp_path / f"{name}.png").stat().st_size > 1000
