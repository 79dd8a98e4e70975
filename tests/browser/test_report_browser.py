"""result.html in a real headless Chromium: no console errors, every section, click-to-jump, a screenshot."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ARTIFACTS = ROOT / "test-artifacts"

if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    if os.environ.get("CI"):
        raise RuntimeError("CI must install chromium and chromium-driver (see .ci/run)")
    pytest.skip("Debian chromium + chromium-driver are not installed", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "sample"
    sample = str(ROOT / "examples" / "sample_interview.txt")
    proc = cli(
        "run", sample, "--model", "none", "--out", str(out), "--library", str(out.parent / "no-library")
    )
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1600",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_report_loads_with_every_section_and_no_console_errors(
    run_dir: Path, browser: webdriver.Chrome
) -> None:
    browser.get((run_dir / "result.html").as_uri())
    for section in ("timeline", "findings", "transcript", "story", "drafts", "review", "approval"):
        assert browser.find_element(By.ID, section).is_displayed()
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Interview report")
    turns = len(json.loads((run_dir / "result.json").read_text())["transcript"]["turns"])
    assert len(browser.find_elements(By.CSS_SELECTOR, ".timeline a.seg")) == turns > 0  # one per turn
    assert len(browser.find_elements(By.CSS_SELECTOR, "mark[id^=quote-]")) >= 10
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]  # type: ignore[no-untyped-call]
    assert errors == []
    external = browser.execute_script(
        "return [...document.querySelectorAll('[src],[href]')].map(e => e.getAttribute('src') || e.getAttribute('href'))"
        ".filter(u => /^(https?:)?\\/\\//.test(u))"
    )
    assert external == []  # self-contained: nothing loads from the network
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "result.png"))
    assert (ARTIFACTS / "result.png").stat().st_size > 10_000


def test_clicking_a_finding_scrolls_to_its_turn(run_dir: Path, browser: webdriver.Chrome) -> None:
    browser.get((run_dir / "result.html").as_uri())
    # The lesser findings are folded below the moments that matter most; unfold them as a reader would.
    for summary in browser.find_elements(By.CSS_SELECTOR, "#findings details summary"):
        summary.click()
    link = browser.find_elements(By.CSS_SELECTOR, "ol.findings a[data-turn]")[-1]
    turn = link.get_attribute("data-turn")
    link.click()
    assert browser.execute_script("return location.hash") == f"#turn-{turn}"
    top = browser.execute_script(f"return document.getElementById('turn-{turn}').getBoundingClientRect().top")
    height = browser.execute_script("return window.innerHeight")
    assert -2 <= top < height  # the turn is on screen


def test_a_quote_in_a_draft_links_to_its_span(run_dir: Path, browser: webdriver.Chrome) -> None:
    browser.get((run_dir / "result.html").as_uri())
    quote_link = browser.find_element(By.CSS_SELECTOR, "#draft-case_study a[href^='#quote-']")
    target = (quote_link.get_attribute("href") or "").split("#")[1]
    quote_link.click()
    top = browser.execute_script(f"return document.getElementById('{target}').getBoundingClientRect().top")
    assert -2 <= top < browser.execute_script("return window.innerHeight")


def test_keyboard_first_tab_reaches_the_skip_link(run_dir: Path, browser: webdriver.Chrome) -> None:
    browser.get((run_dir / "result.html").as_uri())
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.execute_script("return document.activeElement.className") == "skip"
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert browser.execute_script("return location.hash") == "#findings"


PAYLOAD = '"\'><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def test_a_crafted_result_json_cannot_run_script_in_the_report(
    run_dir: Path, browser: webdriver.Chrome, tmp_path: Path
) -> None:
    crafted = tmp_path / "crafted"
    shutil.copytree(run_dir, crafted)
    result = json.loads((crafted / "result.json").read_text())
    turn = result["transcript"]["turns"][1]
    turn["speaker"] = PAYLOAD
    turn["text"] = PAYLOAD + " " + turn["text"]
    result["critique"]["findings"][0]["evidence"] = PAYLOAD
    result["critique"]["interviewer"] = PAYLOAD
    result["drafts"]["case_study"] = PAYLOAD + "\n\n" + result["drafts"]["case_study"]
    result["review"]["still_wrong"] = [PAYLOAD]
    (crafted / "result.json").write_text(json.dumps(result))
    proc = cli("report", str(crafted))
    assert proc.returncode == 0, proc.stderr
    browser.get((crafted / "result.html").as_uri())
    assert browser.execute_script("return window.__pwned") is None
    assert not browser.find_elements(By.CSS_SELECTOR, "img[src='x']")


@pytest.mark.parametrize(
    ("where", "field"),
    [
        (("transcript", "turns", 1, "role"), "transcript.turns[1].role"),
        (("critique", "findings", 0, "severity"), "critique.findings[0].severity"),
    ],
)
def test_a_payload_in_a_typed_field_is_refused_not_rendered(
    run_dir: Path, tmp_path: Path, where: tuple[str | int, ...], field: str
) -> None:
    crafted = tmp_path / "crafted"
    shutil.copytree(run_dir, crafted)
    result = json.loads((crafted / "result.json").read_text())
    node: Any = result
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = PAYLOAD  # a class name in the markup: the contract allows only its own values
    (crafted / "result.json").write_text(json.dumps(result))
    proc = cli("report", str(crafted))
    assert proc.returncode == 2 and field in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_a_result_json_with_wrong_types_is_refused_in_one_line(run_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(run_dir, broken)
    result = json.loads((broken / "result.json").read_text())
    result["transcript"]["turns"][0]["index"] = '0"><script>x</script>'
    (broken / "result.json").write_text(json.dumps(result))
    proc = cli("report", str(broken))
    assert proc.returncode == 2 and "transcript.turns[0]" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    (broken / "result.json").write_text('{"transcript": {"turns": [{"index": NaN}]}}')
    proc = cli("report", str(broken))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
