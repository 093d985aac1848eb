"""The README is the front door: its two commands and its zoo figures must stay true."""

from __future__ import annotations

import re

import pytest

from models.zoo import catalog
from tests.browser import REPO

pytestmark = pytest.mark.fast

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_two_commands_are_the_ones_ci_runs() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", README, flags=re.S)
    assert "streamlit run app.py" in blocks[0]
    assert blocks[1].strip().endswith("bash .ci/run")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet -r requirements.txt" in ci and "pytest" in ci


NATURAL_HEADLINE = ["accuracy", "person_f1", "bits_per_char"]  # the figure the zoo table quotes per model


def test_zoo_table_quotes_the_cards() -> None:
    for name in catalog.available():
        card = catalog.card(name)
        metric, value = next(iter(card["metrics"]["test"].items()))
        row = next(line for line in README.splitlines() if line.startswith(f"| `{name}` |"))
        assert f"**{value:.3f}**" in row, name
        natural = card.get("natural", {})
        headline = next((k for k in NATURAL_HEADLINE if k in natural), None)
        if headline:
            assert f"**{natural[headline]:.3f}**" in row.split("|")[5], name  # the natural-text column


def test_bring_your_own_model_example_runs_as_written(tmp_path, monkeypatch) -> None:
    from models.zoo.byom import load_upload

    section = README[README.index("## Bring your own model") : README.index("## Layout")]
    code = re.findall(r"```python\n(.*?)```", section, flags=re.S)[0]
    monkeypatch.chdir(tmp_path)  # the example writes my_model/ where it runs
    monkeypatch.syspath_prepend(str(REPO))
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    folder = tmp_path / "my_model"
    loaded = load_upload((folder / "config.json").read_bytes(), (folder / "weights.safetensors").read_bytes(), "w.safetensors")
    assert loaded.tokenizer.tokenize("Not a bad film") == ["not", "a", "bad", "film"]
    assert loaded.label_names == ["neg", "pos"]


def test_bring_your_own_model_limits_are_the_codes() -> None:
    from models.zoo import byom
    from ui.shared import MAX_USER_MODELS

    section = README[README.index("## Bring your own model") : README.index("## Layout")]
    assert f"| {byom.MAX_PARAMETERS:,} (" in section
    assert f"| {byom.MAX_WEIGHTS_BYTES // 2**20} MB" in section
    assert f"| {byom.MAX_CONFIG_BYTES // 1_000_000} MB" in section
    assert f"| {MAX_USER_MODELS} (remove one" in section
    assert all(f"`{name}`" in section for name in byom.NAMED_PATTERNS)
    for key, limit in byom.LIMITS.items():
        assert f"{limit:,}" in section, key
