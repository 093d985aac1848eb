"""Pages under streamlit.testing.v1.AppTest: they run without an exception and show the zoo."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from models import catalog
from tests.browser import REPO


def test_zoo_page_lists_every_shipped_model() -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert at.title[0].value.startswith("LSTM Lens")
    shown = "\n".join(m.value for m in at.markdown)
    for name in catalog.available():
        assert f"`{name}`" in shown, name
    assert len(at.expander) == len(catalog.available())
