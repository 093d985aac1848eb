"""Uploaded sentence files: read them safely, whatever their encoding, and say clearly what is wrong.

Formats: .txt (one sentence per line), .csv / .tsv (pick the text column; an optional label
column), .jsonl (one JSON object per line). Encodings: UTF-8 with or without BOM, UTF-16 (by its
BOM), and the Hungarian legacy code pages cp1250 and ISO-8859-2, told apart by their bytes.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass, field

MAX_SENTENCES = 100_000  # per file
MAX_SENTENCE_CHARS = 5_000  # longer lines are cut, and the cut is reported
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1250", "iso-8859-2"]
HUNGARIAN_LETTERS = set("áéíóöőúüűÁÉÍÓÖŐÚÜŰ")


class UploadError(ValueError):
    """A file that cannot be read, with a message meant for the user."""


@dataclass
class Table:
    """A decoded upload: rows of named columns, plus what the reader had to decide or change."""

    columns: list[str]
    rows: list[dict[str, str]]
    encoding: str  # the encoding used
    detected: str  # what detection chose (may differ from `encoding` when overridden)
    notes: list[str] = field(default_factory=list)  # cut lines, removed control characters, ...


def detect_encoding(data: bytes) -> str:
    """BOM first; then UTF-8 if it decodes; then cp1250 vs ISO-8859-2 by their differing bytes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # Bytes 0x80-0x9F are printable in cp1250 („ ” – Š Ś Ž ...) but C1 controls in ISO-8859-2.
    if any(0x80 <= b <= 0x9F for b in data):
        return "cp1250"
    latin2, cp1250 = data.decode("iso-8859-2"), data.decode("cp1250")
    return "iso-8859-2" if _plausibility(latin2) > _plausibility(cp1250) else "cp1250"


def _plausibility(text: str) -> int:
    """Letters a Hungarian text uses, minus symbols it would not."""
    return sum(ch in HUNGARIAN_LETTERS for ch in text) - sum(
        unicodedata.category(ch) in ("So", "Sc", "Sk") for ch in text
    )


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str, str]:
    """(text, encoding used, encoding detected). Refuses empty and binary files."""
    if not data or not data.strip():
        raise UploadError("The file is empty.")
    detected = detect_encoding(data)
    chosen = encoding or detected
    if chosen not in ENCODINGS:
        raise UploadError(f"Unknown encoding '{chosen}'; choose one of {', '.join(ENCODINGS)}.")
    if b"\x00" in data[:4096] and not chosen.startswith("utf-16"):
        raise UploadError("This looks like a binary file, not text. Upload .txt, .csv, .tsv or .jsonl.")
    try:
        text = data.decode(chosen)
    except UnicodeDecodeError as err:
        raise UploadError(f"The file is not valid {chosen} (byte {err.start}); try another encoding.") from err
    controls = sum(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in text[:10_000])
    if controls > 0.1 * min(len(text), 10_000):
        raise UploadError("This looks like a binary file, not text. Upload .txt, .csv, .tsv or .jsonl.")
    return text, chosen, detected


def clean(text: str) -> tuple[str, bool]:
    """Remove control characters (keep tabs), fold whitespace; report whether anything was removed."""
    kept = "".join(ch for ch in text if unicodedata.category(ch) != "Cc" or ch == "\t")
    return " ".join(kept.split()), kept != text


def read_table(name: str, data: bytes, encoding: str | None = None) -> Table:
    """Read an upload into rows of columns; .txt gives one column, 'text'."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else "txt"
    if suffix not in ("csv", "tsv", "jsonl", "txt"):
        raise UploadError(f"'.{suffix}' files are not supported; upload .txt, .csv, .tsv or .jsonl.")
    text, chosen, detected = decode(data, encoding)
    if suffix in ("csv", "tsv"):
        columns, rows = _read_delimited(text, "\t" if suffix == "tsv" else ",")
    elif suffix == "jsonl":
        columns, rows = _read_jsonl(text)
    else:
        columns, rows = ["text"], [{"text": line} for line in text.splitlines() if line.strip()]
    if not rows:
        raise UploadError("The file has no rows.")
    if len(rows) > MAX_SENTENCES:
        raise UploadError(f"The file has {len(rows):,} rows; at most {MAX_SENTENCES:,} are analysed per file.")
    return Table(columns=columns, rows=rows, encoding=chosen, detected=detected)


def _read_delimited(text: str, delimiter: str) -> tuple[list[str], list[dict[str, str]]]:
    csv.field_size_limit(10_000_000)
    try:
        records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as err:
        raise UploadError(f"The table cannot be read: {err}.") from err
    records = [r for r in records if any(cell.strip() for cell in r)]
    if not records:
        raise UploadError("The file has no rows.")
    header = [h.strip() or f"column {k + 1}" for k, h in enumerate(records[0])]
    if len(set(header)) != len(header):
        raise UploadError("The header row names a column twice.")
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if len(record) != len(header):
            raise UploadError(f"Row {number} has {len(record)} fields but the header has {len(header)} (ragged rows).")
        rows.append(dict(zip(header, record, strict=True)))
    return header, rows


def _read_jsonl(text: str) -> tuple[list[str], list[dict[str, str]]]:
    rows, columns = [], {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise UploadError(f"Line {number} is not valid JSON: {err.msg}.") from err
        if not isinstance(record, dict):
            raise UploadError(f"Line {number} is not a JSON object.")
        row = {str(k): v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for k, v in record.items()}
        columns.update(dict.fromkeys(row))
        rows.append(row)
    return list(columns), rows


@dataclass
class Sentences:
    texts: list[str]
    labels: list[str] | None  # as written in the file, when a label column was chosen
    notes: list[str]


def sentences(table: Table, text_column: str, label_column: str | None = None) -> Sentences:
    """The chosen column as clean sentences (empty ones dropped, long ones cut), with labels."""
    if text_column not in table.columns:
        raise UploadError(f"There is no column '{text_column}'.")
    texts, labels, cut, controls = [], [], 0, 0
    for row in table.rows:
        text, had_controls = clean(str(row.get(text_column, "")))
        if not text:
            continue
        controls += had_controls
        if len(text) > MAX_SENTENCE_CHARS:
            text, cut = text[:MAX_SENTENCE_CHARS], cut + 1
        texts.append(text)
        labels.append(str(row.get(label_column, "")).strip() if label_column else "")
    if not texts:
        raise UploadError(f"Column '{text_column}' has no text.")
    notes = list(table.notes)
    if cut:
        notes.append(f"{cut:,} sentence(s) longer than {MAX_SENTENCE_CHARS:,} characters were cut to that length.")
    if controls:
        notes.append(f"Control characters were removed from {controls:,} sentence(s).")
    return Sentences(texts=texts, labels=labels if label_column else None, notes=notes)
