"""Real headless Chromium (Debian's) against a real `streamlit run`, for end-to-end tests and the
browser benchmarks. Never `playwright install`: it downloads a browser and fails here."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("LSTM_LENS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# In the page: press → (Home every 99 steps), wait for the next painted frame, and time each step (ms).
STEP_TIMING_JS = """async (steps) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const out = [];
  for (let k = 0; k < steps; k++) {
    if (k % 99 === 98) document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Home', bubbles: true}));
    await frame();
    const t0 = performance.now();
    document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));
    await frame();
    out.push(performance.now() - t0);
  }
  return out;
}"""


# In the page: every shown text with the size it is drawn at on screen (px), SVG text scaled by its
# transform (a viewBox, Plotly's rotated ticks). The projector checks read it.
TEXT_SIZES_JS = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const element = node.parentElement;
    if (!element || !node.textContent.trim()) continue;
    if (element.closest("script, style, title, option, [hidden], .modebar-container, .hoverlayer")) continue;
    const rect = element.getBoundingClientRect();
    if (!rect.width || !rect.height || rect.bottom <= 0 || rect.top >= window.innerHeight || rect.right <= 0 || rect.left >= window.innerWidth) continue;
    const style = getComputedStyle(element);
    if (style.visibility === "hidden" || style.display === "none" || Number(style.opacity) === 0) continue;
    let size = parseFloat(style.fontSize);
    if (element instanceof SVGElement && element.getScreenCTM) {
      const m = element.getScreenCTM();
      if (m) size *= Math.hypot(m.a, m.b);
    }
    found.push({ text: node.textContent.trim().slice(0, 40), size: Math.round(size * 10) / 10, tag: element.tagName });
  }
  return found;
}"""

# In the page: elements that scroll vertically (the document included), for the one-screen checks.
VERTICAL_SCROLLERS_JS = """() => {
  const out = [];
  const doc = document.scrollingElement;
  if (doc.scrollHeight > window.innerHeight + 1) out.push(`document ${doc.scrollHeight}px`);
  for (const e of document.querySelectorAll("*")) {
    const overflow = getComputedStyle(e).overflowY;
    if ((overflow === "auto" || overflow === "scroll") && e.clientHeight > 0 && e.scrollHeight > e.clientHeight + 1) {
      out.push(`${e.dataset.testid || e.className} ${e.scrollHeight} > ${e.clientHeight}px`);
    }
  }
  return out;
}"""


def strip_tokens(model: str, text: str) -> list[str]:
    """The token strip as the explorer shows it: pieces as written, a word's later pieces without "##"."""
    from models import zoo

    return [t[2:] if len(t) > 2 and t.startswith("##") else t for t in zoo.load(model).tokenizer.tokenize(text)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(timeout: float = 60.0) -> Iterator[str]:
    """Start `streamlit run app.py` on a free loopback port; yield its base URL; stop it after."""
    with streamlit_process(timeout) as (url, _):
        yield url


@contextlib.contextmanager
def streamlit_process(timeout: float = 60.0) -> Iterator[tuple[str, subprocess.Popen]]:
    """Like `streamlit_server`, yielding the server process too (for memory readings)."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start: {proc.stdout.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def chromium(width: int = 1400, height: int = 900):
    """A Playwright page in Debian's headless Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            yield page
        finally:
            browser.close()


def open_explorer(page, url: str, plotted: bool = False) -> None:
    """Open an explorer URL and wait for its step readout (and, if asked, its Plotly figures)."""
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector("[data-testid='lx-readout']", timeout=30_000)
    if plotted:
        page.wait_for_selector("[data-testid='lx-root'][data-plotted='1']", timeout=60_000)


def show_heatmaps(page, selector: str = ".lx-heatmaps") -> None:
    """Scroll the explorer's heatmaps into sight and wait until every one is drawn: out of sight,
    a heatmap is drawn only when it comes near, as a person scrolls to it."""
    page.locator(selector).first.scroll_into_view_if_needed()
    page.wait_for_function(
        "(sel) => { const all = [...document.querySelectorAll(sel)].flatMap((n) => n.matches('.lx-heat') ? [n] : [...n.querySelectorAll('.lx-heat')]);"
        " return all.length > 0 && all.every((div) => div.classList.contains('js-plotly-plot')); }",
        arg=selector,
        timeout=20_000,
    )


def readout(page) -> str:
    """The explorer's "t / T"."""
    return page.locator("[data-testid='lx-readout']").inner_text()


def wait_for_app(page, timeout_ms: int = 30_000) -> None:
    """Wait until Streamlit has finished running the script (no 'Running...' indicator)."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMainBlockContainer\"]')",
        timeout=timeout_ms,
    )
