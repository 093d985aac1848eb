"""The README is the front door: its two commands and its zoo figures must stay true."""

from __future__ import annotations

import re

from models import catalog
from tests.browser import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_two_commands_are_the_ones_ci_runs() -> None:
    blocks = re.findall(r"```bash\n(.*?)```", README, flags=re.S)
    assert "streamlit run app.py" in blocks[0]
    assert blocks[1].strip().endswith("bash .ci/run")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet -r requirements.txt" in ci and "pytest" in ci


def test_zoo_table_quotes_the_cards() -> None:
    for name in catalog.available():
        card = catalog.card(name)
        metric, value = next(iter(card["metrics"]["test"].items()))
        row = next(line for line in README.splitlines() if line.startswith(f"| `{name}` |"))
        assert f"**{value:.3f}**" in row, name
