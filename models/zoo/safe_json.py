"""JSON from users: one parser that turns every failure into a message, never a traceback.

`json.loads` raises more than JSONDecodeError on hostile input: RecursionError for deeply nested
`[[[...]]]` and ValueError for an integer of more than 4,300 digits (Python's limit on int
conversion). Every upload parser reads JSON through `loads` so none of them forgets one.
"""

from __future__ import annotations

import json


def loads(text: str, what: str, error: type[ValueError] = ValueError) -> object:
    """Parse `text`; any failure raises `error` with a sentence naming `what` (e.g. "config.json")."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise error(f"{what} is not valid JSON: {err.msg} (line {err.lineno}, column {err.colno}).") from err
    except RecursionError as err:
        raise error(f"{what} is nested too deeply to read.") from err
    except ValueError as err:  # an integer of more than 4,300 digits, for one
        raise error(f"{what} holds a value that cannot be read ({err}).") from err
