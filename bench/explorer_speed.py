"""The explorer in real headless Chromium: `python -m bench.explorer_speed`.

Input: a 118-character Python snippet read by the code_chars model (2 layers × 256 units), the
issue's reference case. Prints medians and p95:
- key press to every view showing step t+1 (measured in the page: keydown dispatched, handlers
  run, the Plotly figures' shapes replaced, next frame painted);
- autoplay at 10 tokens/s: the steps the page showed, and whether any was skipped;
- `streamlit run` to the first chart in the browser, and a new sentence to its charts;
- bytes the page received for one sentence (HTTP bodies and websocket frames, from CDP).
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import time
import urllib.request
from urllib.parse import quote

from tests.browser import CHROMIUM, CHROMIUM_FLAGS, REPO, STEP_TIMING_JS, free_port

SNIPPET = 'def area(width, height):\n    """Rectangle."""\n    return [width * height, (width + height) * 2][0]\n\nprint(area(3, 4))\n'
NEW_SNIPPET = (
    'for i in range(10):\n    if i % 2 == 0:\n        print("even", i)\n    else:\n        print({"odd": i})\n'
)

AUTOPLAY_JS = """async (seconds) => {
  const seen = [];
  const readout = document.querySelector("[data-testid='lx-readout']");
  const obs = new MutationObserver(() => seen.push([performance.now(), readout.innerText]));
  obs.observe(readout, {childList: true, characterData: true, subtree: true});
  document.querySelector("[data-testid='lx-speed']").value = '10';
  document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Home', bubbles: true}));
  document.dispatchEvent(new KeyboardEvent('keydown', {key: ' ', bubbles: true}));
  await new Promise((r) => setTimeout(r, seconds * 1000));
  document.dispatchEvent(new KeyboardEvent('keydown', {key: ' ', bubbles: true}));
  obs.disconnect();
  return seen;
}"""


TEST_HOOK = "window.LSTM_LENS_TEST_HOOK = true"  # the explorer exposes window.__lstmLens only when asked


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@contextlib.contextmanager
def _app_with_first_chart(page):
    """Start `streamlit run`, open the explorer; yield (url, seconds to its first chart); stop it after."""
    url = f"http://127.0.0.1:{free_port()}"
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", url.rsplit(":", 1)[1]],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        page.add_init_script(TEST_HOOK)
        page.goto(f"{url}/?model=code_chars&text={quote(SNIPPET)}")
        page.wait_for_function(  # the first Plotly chart drawn
            "() => window.__lstmLens && window.__lstmLens.d && window.__lstmLens.d.T > 0"
            " && window.__lstmLens.root.dataset.plotted === '1'",
            timeout=60_000,
        )
        yield url, time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)


def _first_chart(page) -> float:
    """One cold start in a fresh page, closed after: a page left open keeps calling its stopped server."""
    try:
        with _app_with_first_chart(page) as (_, seconds):
            return seconds
    finally:
        page.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--cold-starts", type=int, default=5, help="fresh servers timed to their first chart")
    parser.add_argument("--new-sentences", type=int, default=6, help="new sentences timed to their charts")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        page = browser.new_page(viewport={"width": 1500, "height": 1300})
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        received = {"http": 0, "ws": 0}
        cdp.on(
            "Network.loadingFinished", lambda e: received.__setitem__("http", received["http"] + e["encodedDataLength"])
        )
        cdp.on(
            "Network.webSocketFrameReceived",
            lambda e: received.__setitem__("ws", received["ws"] + len(e["response"]["payloadData"])),
        )

        cold = [_first_chart(browser.new_page()) for _ in range(args.cold_starts)]
        with _app_with_first_chart(page) as (_, first_chart):
            length = page.evaluate("() => window.__lstmLens.d.T")
            units = page.evaluate("() => window.__lstmLens.d.units")
            time.sleep(1.5)  # let the first load settle before counting its bytes
            first_load = dict(received)

            page.locator("h1").first.click()
            step_ms = page.evaluate(STEP_TIMING_JS, args.steps)

            seen = page.evaluate(AUTOPLAY_JS, (length - 1) / 10 + 0.5)
            shown = [int(text.split(" / ")[0]) for _, text in seen]
            gaps = [b - a for a, b in zip(shown, shown[1:], strict=False)]
            intervals = [b[0] - a[0] for a, b in zip(seen, seen[1:], strict=False)]

            before = dict(received)
            area = page.locator("textarea").first
            new_times = []
            for k in range(args.new_sentences):  # each one new to the server's caches: range(10), range(11), ...
                text = NEW_SNIPPET.replace("range(10)", f"range({10 + k})")
                area.fill(text)
                shown_id = page.evaluate("() => window.__lstmLens.d.id")
                new_started = time.perf_counter()
                area.press("Control+Enter")
                page.wait_for_function(  # this sentence's payload loaded and its figures drawn
                    "(old) => window.__lstmLens.d.id !== old && window.__lstmLens.root.dataset.plotted === '1'",
                    arg=shown_id,
                    timeout=30_000,
                )
                new_times.append(time.perf_counter() - new_started)
                if k == 0:
                    time.sleep(1.0)
                    sentence_bytes = (received["http"] - before["http"]) + (received["ws"] - before["ws"])
                time.sleep(0.5)
        browser.close()

    print(
        f"input: {length} characters, code_chars model, {units} units x 2 layers; Chromium headless, software rendering"
    )
    print(
        f"key press -> all views at t+1: median {statistics.median(step_ms):.1f} ms, p95 {percentile(step_ms, 0.95):.1f} ms, max {max(step_ms):.1f} ms over {len(step_ms)} steps (target p95 <= 33 ms)"
    )
    skipped = sum(g - 1 for g in gaps if g > 1)
    print(
        f"autoplay at 10 tokens/s: {len(shown)} steps shown, {skipped} skipped, median interval {statistics.median(intervals):.0f} ms (target 100 ms, none skipped)"
    )
    runs = ", ".join(f"{c:.2f}" for c in [*cold, first_chart])
    print(
        f"streamlit run -> first chart in the browser: median {statistics.median([*cold, first_chart]):.2f} s over {len(cold) + 1} fresh servers ({runs}) (target <= 4 s)"
    )
    runs = ", ".join(f"{c:.2f}" for c in new_times)
    print(f"new sentence -> its charts: median {statistics.median(new_times):.2f} s over {len(new_times)} ({runs}) (target <= 1 s)")
    print(
        f"bytes received, first load (app, scripts, data): {first_load['http'] / 1e6:.2f} MB HTTP + {first_load['ws'] / 1e6:.2f} MB websocket"
    )
    print(f"bytes received for a new sentence: {sentence_bytes / 1e6:.2f} MB (target <= 3 MB)")


if __name__ == "__main__":
    main()
