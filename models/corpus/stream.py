"""Sentences streamed from a corpus file of any size: .txt, .csv, .tsv, .jsonl or Parquet.

Never the whole file in memory: the encoding (models.corpus.upload.detect_encoding) and the CSV
delimiter are judged on the first megabyte, then the file is read line by line (Parquet: record
batch by record batch). Sentences are cleaned as the Analyse page cleans them (control characters
removed, whitespace folded, cut at MAX_SENTENCE_CHARS); empty ones are skipped and counted.
A line over MAX_LINE_BYTES, an empty file, a binary file or a byte that is not valid in the
chosen encoding stops the read with an UploadError whose message names the line.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from models.corpus.upload import (
    DELIMITERS,
    MAX_SENTENCE_CHARS,
    UploadError,
    choose_encoding,
    clean,
    detect_delimiter,
)

FORMATS = ("txt", "csv", "tsv", "jsonl", "parquet")
SAMPLE_BYTES = 1 << 20  # encoding and delimiter are judged on this much of the start of the file
MAX_LINE_BYTES = 1 << 20  # a longer line is not a sentence: the file is refused, with the line number
TEXT_COLUMNS = ("text", "sentence", "mondat", "szöveg", "content", "verse")  # tried in order when none is named


@dataclass
class Source:
    """A corpus file and the decisions taken about it (all overridable)."""

    path: Path
    format: str  # one of FORMATS
    encoding: str | None  # None for Parquet; "utf-8 + cp1250" for a file mixing both
    delimiter: str | None  # csv / tsv only
    column: str | None  # the text column (csv, tsv, jsonl, Parquet); None for txt
    columns: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {"skipped": 0, "cut": 0})

    def describe(self) -> dict:
        return {"path": str(self.path), "format": self.format, "encoding": self.encoding,
                "delimiter": self.delimiter, "column": self.column}  # fmt: skip


def open_source(
    path: str | Path,
    column: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    format: str | None = None,
) -> Source:
    """Inspect the start of `path` and decide format, encoding, delimiter and text column."""
    path = Path(path)
    if not path.is_file():
        raise UploadError(f"There is no file '{path}'.")
    suffix = (format or path.suffix.lstrip(".") or "txt").lower()
    if suffix not in FORMATS:
        raise UploadError(f"'.{suffix}' files are not supported; use .txt, .csv, .tsv, .jsonl or .parquet.")
    if path.stat().st_size == 0:
        raise UploadError("The file is empty.")
    if suffix == "parquet":
        return _open_parquet(path, column)
    with open(path, "rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    if len(sample) == SAMPLE_BYTES and b"\n" in sample:  # judge whole lines only (a character may be cut)
        sample = sample[: sample.rindex(b"\n") + 1]
    chosen, _ = choose_encoding(sample, encoding, ".txt, .csv, .tsv, .jsonl or .parquet")
    source = Source(path, suffix, chosen, None, None)
    if suffix in ("csv", "tsv"):
        text = _decode_sample(sample, chosen)
        source.delimiter = delimiter or detect_delimiter(text, "\t" if suffix == "tsv" else ",")
        if source.delimiter not in DELIMITERS:
            raise UploadError(f"Unknown delimiter {source.delimiter!r}; choose {', '.join(DELIMITERS.values())}.")
        header = next(csv.reader(text.splitlines()[:1], delimiter=source.delimiter), [])
        source.columns = [h.strip() for h in header]
        source.column = _choose_column(source.columns, column)
    elif suffix == "jsonl":
        source.column = column or "text"
    return source


def _decode_sample(sample: bytes, encoding: str) -> str:
    try:
        if encoding.startswith("utf-8 + "):
            return sample.decode("utf-8", errors="replace")
        return sample.decode(encoding)
    except UnicodeDecodeError as err:
        line = sample[: err.start].count(b"\n") + 1
        raise UploadError(f"The file is not valid {encoding} (line {line}); choose another encoding.") from err


def _choose_column(columns: list[str], wanted: str | None) -> str:
    if wanted is not None:
        if wanted not in columns:
            raise UploadError(f"There is no column '{wanted}'; the columns are {', '.join(columns)}.")
        return wanted
    for name in TEXT_COLUMNS:
        for c in columns:
            if c.casefold() == name:
                return c
    if not columns:
        raise UploadError("The file has no header row.")
    return columns[0]


def _open_parquet(path: Path, column: str | None) -> Source:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.ParquetFile(path).schema_arrow
    except (pa.ArrowInvalid, OSError) as err:
        raise UploadError(f"The file is not a readable Parquet file: {err}") from err
    texts = [f.name for f in schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
    if column is None:
        column = next((c for n in TEXT_COLUMNS for c in texts if c.casefold() == n), texts[0] if texts else None)
    if column is None or column not in schema.names:
        raise UploadError(
            f"There is no text column {column!r} in the Parquet file; its columns: {', '.join(schema.names)}."
        )
    return Source(path, "parquet", None, None, column, columns=list(schema.names))


def _lines(source: Source) -> Iterator[str]:
    """Decoded lines, line endings kept; a line over MAX_LINE_BYTES or an undecodable byte raises UploadError."""
    mixed = source.encoding.startswith("utf-8 + ")
    if source.encoding.startswith("utf-16") or source.encoding == "utf-8-sig":
        yield from _text_lines(source)
        return
    legacy = source.encoding.removeprefix("utf-8 + ")
    with open(source.path, "rb") as handle:
        number = 0
        while raw := handle.readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(raw) > MAX_LINE_BYTES:
                raise _huge_line(number)
            try:
                yield raw.decode("utf-8" if mixed else source.encoding)
            except UnicodeDecodeError as err:
                if not mixed:
                    raise UploadError(
                        f"Line {number} is not valid {source.encoding}; choose another encoding."
                    ) from err
                try:
                    yield raw.decode(legacy)
                except UnicodeDecodeError as err2:
                    raise UploadError(f"Line {number} is neither UTF-8 nor {legacy}; choose an encoding.") from err2


def _text_lines(source: Source) -> Iterator[str]:
    """UTF-16 and UTF-8 with a BOM: decoded by Python's text layer, the limit counted in characters."""
    limit = MAX_LINE_BYTES // 2 if source.encoding.startswith("utf-16") else MAX_LINE_BYTES
    with open(source.path, encoding=source.encoding, newline="") as handle:
        number = 0
        while True:
            try:
                line = handle.readline(limit + 1)
            except UnicodeDecodeError as err:
                raise UploadError(
                    f"Line {number + 1} is not valid {source.encoding}; choose another encoding."
                ) from err
            if not line:
                return
            number += 1
            if len(line) > limit:
                raise _huge_line(number)
            yield line


def _huge_line(number: int) -> UploadError:
    return UploadError(
        f"Line {number} is longer than {MAX_LINE_BYTES // (1 << 20)} MB: a corpus holds one sentence per line "
        "(or per row); is this a text file?"
    )


def _raw_texts(source: Source) -> Iterator[object]:
    if source.format == "parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(source.path).iter_batches(batch_size=8192, columns=[source.column]):
            yield from batch.column(0).to_pylist()
    elif source.format == "txt":
        yield from _lines(source)
    elif source.format == "jsonl":
        for number, line in enumerate(_lines(source), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise UploadError(f"Line {number} is not valid JSON: {err.msg}.") from err
            yield record.get(source.column) if isinstance(record, dict) else None
    else:
        csv.field_size_limit(MAX_LINE_BYTES)
        reader = csv.reader(_lines(source), delimiter=source.delimiter)
        try:
            header = [h.strip() for h in next(reader)]
            at = header.index(source.column)
            for record in reader:
                if any(cell.strip() for cell in record):
                    yield record[at] if at < len(record) else None
        except StopIteration:
            return
        except csv.Error as err:
            raise UploadError(f"The table cannot be read near line {reader.line_num}: {err}.") from err


def iter_sentences(source: Source) -> Iterator[str]:
    """Clean, non-empty sentences in file order; `source.counts` counts the skipped and the cut."""
    for value in _raw_texts(source):
        if isinstance(value, bool | int | float):
            value = json.dumps(value)
        if not isinstance(value, str):
            source.counts["skipped"] += 1
            continue
        text, _ = clean(value)
        if not text:
            source.counts["skipped"] += 1
            continue
        if len(text) > MAX_SENTENCE_CHARS:
            text, source.counts["cut"] = text[:MAX_SENTENCE_CHARS], source.counts["cut"] + 1
        yield text
