"""A class at once: 30 browser sessions on loopback, each loading a model and stepping a sentence.

Asserts no errors, no session seeing another's sentence, and bounded server memory; prints the
median and p95 time per step under that load and the server's memory (RSS) before the tabs,
at its peak with all of them open, and after they are closed and the server has had a short
wait to drop their sessions (figures, not assertions).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browser import CHROMIUM, CHROMIUM_FLAGS, STEP_TIMING_JS, streamlit_process, strip_tokens, wait_for_app

SESSIONS = int(__import__("os").environ.get("LSTM_LENS_SESSIONS", "30"))
WORDS = ["jó", "rossz", "szép", "unalmas", "kiváló", "szörnyű"]
AFTER_WAIT_S = 10
pytestmark = pytest.mark.load


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_thirty_students_at_once(capsys) -> None:
    from playwright.sync_api import sync_playwright

    with streamlit_process() as (url, server), sync_playwright() as pw:
        server_pid = server.pid
        idle = _rss_mb(server_pid)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        contexts = [browser.new_context(viewport={"width": 1024, "height": 768}) for _ in range(SESSIONS)]
        pages = [context.new_page() for context in contexts]
        errors: list[str] = []
        texts = []
        for k, page in enumerate(pages):  # all sessions connect before any finishes
            page.on("pageerror", lambda exc, k=k: errors.append(f"{k}: {exc}"))
            text = f"A film nem volt {WORDS[k % len(WORDS)]} {k}."
            texts.append(text)
            page.goto(f"{url}/?model=sentiment_hu&text={quote(text)}", wait_until="commit", timeout=120_000)
        memory = [_rss_mb(server_pid)]
        step_ms: list[float] = []
        for k, page in enumerate(pages):
            page.bring_to_front()  # a page in the background gets no animation frames
            wait_for_app(page, timeout_ms=120_000)
            page.wait_for_selector("[data-testid='lx-readout']", timeout=120_000)
            tokens = page.locator("[data-testid='lx-tokens'] .lx-token").all_inner_texts()
            assert tokens == strip_tokens("sentiment_hu", texts[k]), k  # its own sentence
            step_ms += page.evaluate(STEP_TIMING_JS, len(tokens) - 1)
            assert page.locator("[data-testid='lx-readout']").inner_text() == f"{len(tokens)} / {len(tokens)}"
            memory.append(_rss_mb(server_pid))
        for k, page in enumerate(pages):  # still their own after everyone has stepped
            page.bring_to_front()
            last = str(len(strip_tokens("sentiment_hu", texts[k])))
            assert page.locator("[data-testid='lx-root']").get_attribute("data-step") == last, k
            assert page.locator("[data-testid='stException']").count() == 0, k
        browser.close()
        time.sleep(AFTER_WAIT_S)  # sessions are dropped once their websockets close
        after = _rss_mb(server_pid)
    assert not errors
    assert max(memory) < 2048, memory  # MB: one shared model and trace cache, not one per session
    ordered = sorted(step_ms)
    with capsys.disabled():
        print(
            f"\n{SESSIONS} sessions: time per step median {statistics.median(step_ms):.1f} ms, "
            f"p95 {ordered[int(0.95 * (len(ordered) - 1))]:.1f} ms over {len(step_ms)} steps; "
            f"server memory (RSS) before {idle:.0f} MB, with the tabs loading {memory[0]:.0f} MB, "
            f"peak {max(memory):.0f} MB, {AFTER_WAIT_S} s after closing them {after:.0f} MB"
        )
