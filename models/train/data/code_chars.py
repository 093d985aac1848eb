"""Characters of real code: Python's own standard-library sources (PSF licence, on every machine).

The latent ground truth per character comes from Python's `tokenize`: inside a string, inside a
comment, bracket depth and indentation depth, the cells Karpathy et al. (2015) found.
"""

from __future__ import annotations

import io
import random
import sysconfig
import tokenize
from pathlib import Path

from models.train.data import Splits

EXCLUDED_PARTS = {"site-packages", "lib2to3", "__pycache__"}  # the test suites stay: real code, dense in strings
MAX_FILE_BYTES = 60_000


def source_files() -> list[Path]:
    root = Path(sysconfig.get_paths()["stdlib"])
    files = [
        f
        for f in sorted(root.rglob("*.py"))
        if not EXCLUDED_PARTS & set(f.relative_to(root).parts) and 500 < f.stat().st_size <= MAX_FILE_BYTES
    ]
    return files


def _read(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    return text.replace("\t", "    ")


def _split_files(seed: int, max_chars: int) -> dict[str, list[Path]]:
    """Whole files, split by file (80/10/10), each split cut after the file that passes `max_chars`."""
    files = source_files()
    random.Random(seed).shuffle(files)
    n = len(files)
    parts = {"train": files[: int(n * 0.8)], "val": files[int(n * 0.8) : int(n * 0.9)], "test": files[int(n * 0.9) :]}
    kept: dict[str, list[Path]] = {}
    for split, paths in parts.items():
        kept[split], total = [], 0
        for path in paths:
            kept[split].append(path)
            total += len(_read(path))
            if total >= max_chars:
                break
    return kept


def load(seed: int = 0, max_chars: int = 16_000_000) -> Splits:
    """The concatenated text of each split's files, one file after another."""
    texts = {split: "\n".join(_read(p) for p in paths) for split, paths in _split_files(seed, max_chars).items()}
    return Splits(
        train=[texts["train"]],
        val=[texts["val"]],
        test=[texts["test"]],
        source=f"CPython {sysconfig.get_python_version()} standard library sources (PSF licence), split by file",
    )


def train_latent(name: str, seed: int = 0, max_chars: int = 16_000_000) -> list[int]:
    """Latent `name` per character of `load`'s training text, each file tokenized on its own (one
    file that `tokenize` rejects leaves the files after it labelled)."""
    labels: list[int] = []
    for k, path in enumerate(_split_files(seed, max_chars)["train"]):
        if k:
            labels.append(0)  # the newline between files
        labels += latent(_read(path))[name]
    return labels


def latent(text: str) -> dict[str, list[int]]:
    """Per character: in_string, in_comment, bracket_depth, indent (in levels of 4 spaces).

    Tokenizes as far as the text allows: a snippet cut mid-construct keeps what came before.
    """
    n = len(text)
    in_string, in_comment, depth = [0] * n, [0] * n, [0] * n
    line_starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            line_starts.append(i + 1)

    def offset(row: int, col: int) -> int:
        return min(line_starts[row - 1] + col, n) if row - 1 < len(line_starts) else n

    level = 0
    last = 0
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            start, end = offset(*tok.start), offset(*tok.end)
            for i in range(last, start):
                depth[i] = level
            if tok.type == tokenize.OP and tok.string in "([{":
                level += 1
            elif tok.type == tokenize.OP and tok.string in ")]}":
                level = max(0, level - 1)
            for i in range(start, end):
                depth[i] = level
                if tok.type == tokenize.STRING:
                    in_string[i] = 1
                elif tok.type == tokenize.COMMENT:
                    in_comment[i] = 1
            last = max(last, end)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    for i in range(last, n):
        depth[i] = level
    indent = [0] * n
    for row, start in enumerate(line_starts):
        stop = line_starts[row + 1] if row + 1 < len(line_starts) else n
        line = text[start:stop]
        spaces = len(line) - len(line.lstrip(" "))
        for i in range(start, stop):
            indent[i] = spaces // 4
    return {"in_string": in_string, "in_comment": in_comment, "bracket_depth": depth, "indent": indent}
