"""Uploaded sentence files: read them safely, whatever their encoding, and say clearly what is wrong.

Formats: .txt (one sentence per line), .csv / .tsv (pick the text column; an optional label
column; the delimiter, `,` `;` or tab, is read from the content: Hungarian Excel writes `;`),
.jsonl (one JSON object per line). Encodings: UTF-8 with or without BOM, UTF-16 (with a BOM, or
little- or big-endian without one), and the Hungarian legacy code pages cp1250 and ISO-8859-2,
told apart by charset-normalizer. A file that mixes UTF-8 lines with legacy ones is decoded line
by line, and the lines that needed the legacy code page are counted in a note.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

from models.zoo.safe_json import loads

MAX_SENTENCES = 100_000  # per file
MAX_SENTENCE_CHARS = 5_000  # longer lines are cut, and the cut is reported
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1250", "iso-8859-2"]
LEGACY = {"cp1250": "cp1250", "iso8859_2": "iso-8859-2"}  # charset-normalizer's names -> ours
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
HUNGARIAN_LETTERS = set("áéíóöőúüűÁÉÍÓÖŐÚÜŰ")
SNIFF_CHARS = 65_536  # the delimiter is judged on the start of the file


class UploadError(ValueError):
    """A file that cannot be read, with a message meant for the user."""


@dataclass
class Table:
    """A decoded upload: rows of named columns, plus what the reader had to decide or change.

    CSV cells are strings; a .jsonl row keeps its JSON values (`sentences` says which it skips).
    """

    columns: list[str]
    rows: list[dict[str, object]]
    encoding: str  # the encoding used ("utf-8 + cp1250" for a file mixing both)
    detected: str  # what detection chose (may differ from `encoding` when overridden)
    notes: list[str] = field(default_factory=list)  # repaired lines, ...
    delimiter: str | None = None  # .csv / .tsv: the delimiter used
    detected_delimiter: str | None = None  # and the one the content suggested


def detect_encoding(data: bytes) -> str:
    """BOM first; UTF-16 without a BOM by its zero bytes; UTF-8 if it decodes; else the legacy code page.

    For a file mixing UTF-8 and legacy lines the answer is "utf-8 + cp1250" (or ISO-8859-2).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return utf16
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    utf8, legacy = _split_lines(data)
    code_page = _legacy_code_page(b"\n".join(legacy))
    return f"utf-8 + {code_page}" if any(not line.isascii() for line in utf8) else code_page


def _utf16_without_bom(data: bytes) -> str | None:
    """Text in UTF-16 has a zero in one byte of most pairs (Latin letters) and almost never in the other."""
    sample = data[: 4096 - 4096 % 2]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sum(b == 0 for b in sample[0::2]) / pairs
    odd = sum(b == 0 for b in sample[1::2]) / pairs
    guess = "utf-16-le" if odd >= 0.3 and even <= 0.05 else "utf-16-be" if even >= 0.3 and odd <= 0.05 else None
    if guess is None or len(data) % 2:
        return None
    try:
        data.decode(guess)
    except UnicodeDecodeError:
        return None
    return guess


def _split_lines(data: bytes) -> tuple[list[bytes], list[bytes]]:
    """(lines that are valid UTF-8, lines that are not)."""
    utf8, legacy = [], []
    for line in data.splitlines():
        try:
            line.decode("utf-8")
            utf8.append(line)
        except UnicodeDecodeError:
            legacy.append(line)
    return utf8, legacy


def _legacy_code_page(data: bytes) -> str:
    """cp1250 or ISO-8859-2: C1 bytes settle it, then charset-normalizer, then Hungarian letters."""
    # Bytes 0x80-0x9F are printable in cp1250 („ ” – Š Ś Ž ...) but C1 controls in ISO-8859-2.
    if any(0x80 <= b <= 0x9F for b in data):
        return "cp1250"
    best = from_bytes(data[:1_000_000], cp_isolation=list(LEGACY)).best()
    if best is not None and best.encoding in LEGACY:
        return LEGACY[best.encoding]
    latin2, cp1250 = data.decode("iso-8859-2"), data.decode("cp1250", errors="replace")
    return "iso-8859-2" if _plausibility(latin2) > _plausibility(cp1250) else "cp1250"


def _plausibility(text: str) -> int:
    """Letters a Hungarian text uses, minus symbols it would not."""
    return sum(ch in HUNGARIAN_LETTERS for ch in text) - sum(
        unicodedata.category(ch) in ("So", "Sc", "Sk") for ch in text
    )


def choose_encoding(
    data: bytes, encoding: str | None = None, kinds: str = ".txt, .csv, .tsv or .jsonl"
) -> tuple[str, str]:
    """(encoding to use, encoding detected) for a file's bytes (or its start); refuses empty and binary data."""
    if not data or not data.strip():
        raise UploadError("The file is empty.")
    detected = detect_encoding(data)
    chosen = encoding or detected
    if chosen not in ENCODINGS and chosen != detected:
        raise UploadError(f"Unknown encoding '{chosen}'; choose one of {', '.join(ENCODINGS)}.")
    if b"\x00" in data[:4096] and not chosen.startswith("utf-16"):
        raise UploadError(f"This looks like a binary file, not text. Upload {kinds}.")
    return chosen, detected


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str, str, list[str]]:
    """(text, encoding used, encoding detected, notes). Refuses empty and binary files."""
    chosen, detected = choose_encoding(data, encoding)
    notes: list[str] = []
    if chosen.startswith("utf-8 + "):
        text, repaired = _decode_mixed(data, chosen.removeprefix("utf-8 + "))
        notes.append(f"{repaired:,} line(s) were not valid UTF-8 and were read as {chosen.removeprefix('utf-8 + ')}.")
    else:
        try:
            text = data.decode(chosen)
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            raise UploadError(
                f"The file is not valid {chosen} (line {line}, byte {err.start}); try another encoding."
            ) from err
    controls = sum(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in text[:10_000])
    if controls > 0.1 * min(len(text), 10_000):
        raise UploadError("This looks like a binary file, not text. Upload .txt, .csv, .tsv or .jsonl.")
    return text, chosen, detected, notes


def _decode_mixed(data: bytes, legacy: str) -> tuple[str, int]:
    """Each line as UTF-8 if it is, else in the legacy code page; (text, lines decoded the legacy way)."""
    lines, repaired = [], 0
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                lines.append(line.decode(legacy))
            except UnicodeDecodeError as err:
                raise UploadError(f"Line {number} is neither UTF-8 nor {legacy}; choose an encoding.") from err
            repaired += 1
    return "\n".join(lines), repaired


def clean(text: str) -> tuple[str, bool]:
    """Remove control characters (keep tabs), fold whitespace; report whether anything was removed."""
    kept = "".join(ch for ch in text if unicodedata.category(ch) != "Cc" or ch == "\t")
    return " ".join(kept.split()), kept != text


def read_table(name: str, data: bytes, encoding: str | None = None, delimiter: str | None = None) -> Table:
    """Read an upload into rows of columns; .txt gives one column, 'text'.

    `encoding` and `delimiter` override what the content suggests (None: detect).
    """
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else "txt"
    if suffix not in ("csv", "tsv", "jsonl", "txt"):
        raise UploadError(f"'.{suffix}' files are not supported; upload .txt, .csv, .tsv or .jsonl.")
    if delimiter is not None and delimiter not in DELIMITERS:
        raise UploadError(f"Unknown delimiter {delimiter!r}; choose {', '.join(DELIMITERS.values())}.")
    text, chosen, detected, notes = decode(data, encoding)
    used = detected_delimiter = None
    if suffix in ("csv", "tsv"):
        detected_delimiter = detect_delimiter(text, "\t" if suffix == "tsv" else ",")
        used = delimiter or detected_delimiter
        columns, rows = _read_delimited(text, used)
    elif suffix == "jsonl":
        columns, rows = _read_jsonl(text)
    else:
        columns, rows = ["text"], [{"text": line} for line in text.splitlines() if line.strip()]
    if not rows:
        raise UploadError("The file has no rows.")
    if len(rows) > MAX_SENTENCES:
        raise UploadError(f"The file has {len(rows):,} rows; at most {MAX_SENTENCES:,} are analysed per file.")
    return Table(columns, rows, chosen, detected, notes, delimiter=used, detected_delimiter=detected_delimiter)


def detect_delimiter(text: str, default: str) -> str:
    """The delimiter (`,` `;` tab) under which the header has several fields and the most rows agree with it.

    Counting beats csv.Sniffer here: a `;` file whose sentences hold commas fools the Sniffer.
    """
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = default, None
    for candidate in DELIMITERS:
        try:
            records = [r for r in csv.reader(io.StringIO(sample), delimiter=candidate) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        agree = sum(len(r) == width for r in records[1:]) / max(len(records) - 1, 1)
        score = (agree, candidate == default)
        if best_score is None or score > best_score:
            best, best_score = candidate, score
    return best


def _read_delimited(text: str, delimiter: str) -> tuple[list[str], list[dict[str, object]]]:
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
    rows: list[dict[str, object]] = []
    for number, record in enumerate(records[1:], start=2):
        if len(record) != len(header):
            raise UploadError(
                f"Row {number} has {len(record)} fields but the header has {len(header)} (ragged rows; "
                f"the delimiter is {DELIMITERS[delimiter]}: choose another if that is wrong)."
            )
        rows.append(dict(zip(header, record, strict=True)))
    return header, rows


def _read_jsonl(text: str) -> tuple[list[str], list[dict[str, object]]]:
    """Rows keep their JSON values: `sentences` decides, and says, what it cannot use."""
    rows: list[dict[str, object]] = []
    columns: dict[str, None] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        record = loads(line, f"Line {number}", UploadError)
        if not isinstance(record, dict):
            raise UploadError(f"Line {number} is not a JSON object.")
        columns.update(dict.fromkeys(record))
        rows.append(record)
    return list(columns), rows


@dataclass
class Sentences:
    texts: list[str]
    labels: list[str] | None  # as written in the file, when a label column was chosen
    notes: list[str]


def sentences(table: Table, text_column: str, label_column: str | None = None) -> Sentences:
    """The chosen column as clean sentences, with labels; every row skipped or cut is counted in a note.

    A .jsonl value that is null, an object or a list is not a sentence: it is skipped, never shown
    as "null" or as its JSON. Numbers and true/false are read as written.
    """
    if text_column not in table.columns:
        raise UploadError(f"There is no column '{text_column}'.")
    texts, labels = [], []
    skipped = {"lacking": 0, "null": 0, "nested": 0, "empty": 0, "unlabelled": 0}
    cut = controls = 0
    for row in table.rows:
        if text_column not in row:
            skipped["lacking"] += 1
            continue
        value = _cell(row[text_column])
        if value is None:
            skipped["null" if row[text_column] is None else "nested"] += 1
            continue
        text, had_controls = clean(value)
        if not text:
            skipped["empty"] += 1
            continue
        controls += had_controls
        if len(text) > MAX_SENTENCE_CHARS:
            text, cut = text[:MAX_SENTENCE_CHARS], cut + 1
        texts.append(text)
        label = (_cell(row.get(label_column)) or "").strip() if label_column else ""
        skipped["unlabelled"] += bool(label_column) and not label
        labels.append(label)
    if not texts:
        raise UploadError(f"Column '{text_column}' has no text.")
    notes = list(table.notes)
    reasons = {
        "lacking": f"without a '{text_column}' field",
        "null": f"with null in '{text_column}'",
        "nested": f"with an object or a list in '{text_column}'",
        "empty": f"with an empty '{text_column}'",
    }
    notes += [f"{skipped[k]:,} row(s) {reason} were skipped." for k, reason in reasons.items() if skipped[k]]
    if skipped["unlabelled"]:
        notes.append(f"{skipped['unlabelled']:,} sentence(s) have no label in '{label_column}'; they are not scored.")
    if cut:
        notes.append(f"{cut:,} sentence(s) longer than {MAX_SENTENCE_CHARS:,} characters were cut to that length.")
    if controls:
        notes.append(f"Control characters were removed from {controls:,} sentence(s).")
    return Sentences(texts=texts, labels=labels if label_column else None, notes=notes)


def _cell(value: object) -> str | None:
    """A cell as text: strings as they are, numbers and true/false as written, else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return None
