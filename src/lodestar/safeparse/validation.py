"""Validation errors in Lodestar's words: what is wrong and what to write instead.

pydantic explains a refusal in its own idiom ("Input should be greater than or equal to 1",
"Value error, 'critical' is not one of …", "1 validation error for Settings"). Every place
where a validation error reaches a person (``lodestar.toml``, strategy files, catalog files,
command-line values) words it through :func:`validation_message`: one clause that says what the
value must be, with the allowed values when there is a list, and the value given
("must be one of error, warning, note (got 'critical')"). The caller adds where (file, line,
key) and what to do. It reads pydantic's error dictionaries (``exc.errors()``) and imports
nothing from pydantic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["validation_message"]

_FIXED = {
    "missing": "is required",
    "extra_forbidden": "is not a known key",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "finite_number": "must be a finite number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "string_type": "must be text",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "set_type": "must be a list",
    "dict_type": "must be a table of keys and values",
    "model_type": "must be a table of keys and values",
    "model_attributes_type": "must be a table of keys and values",
    "date_parsing": "must be a date, YYYY-MM-DD",
    "date_type": "must be a date, YYYY-MM-DD",
    "date_from_datetime_parsing": "must be a date, YYYY-MM-DD",
    "date_from_datetime_inexact": "must be a date, YYYY-MM-DD",
    "datetime_parsing": "must be a date and time, YYYY-MM-DDTHH:MM:SS",
    "datetime_type": "must be a date and time, YYYY-MM-DDTHH:MM:SS",
    "url_parsing": "must be a URL",
    "url_type": "must be a URL",
    "url_scheme": "must be a URL",
    "json_invalid": "is not valid JSON",
    "none_required": "must be empty",
}
_BOUNDS = {
    "greater_than_equal": ("ge", "must be at least {}"),
    "greater_than": ("gt", "must be more than {}"),
    "less_than_equal": ("le", "must be at most {}"),
    "less_than": ("lt", "must be less than {}"),
    "string_too_short": ("min_length", "must be at least {} characters long"),
    "string_too_long": ("max_length", "must be at most {} characters long"),
    "too_short": ("min_length", "must hold at least {} items"),
    "too_long": ("max_length", "must hold at most {} items"),
    "multiple_of": ("multiple_of", "must be a multiple of {}"),
    "string_pattern_mismatch": ("pattern", "must match the pattern {}"),
}
# pydantic's own phrasings, for an error type this table does not know
_PYDANTIC = (
    (re.compile(r"^Value error, "), ""),
    (re.compile(r"^Assertion failed, "), ""),
    (
        re.compile(r"^(?:Input|String|List|Dictionary|Tuple|Set|Value|Object|Decimal|URL) should "),
        "must ",
    ),
    (re.compile(r"^Input is "), "is "),
    (re.compile(r"^Field required$"), "is required"),
    (re.compile(r"^Extra inputs are not permitted$"), "is not a known key"),
)


def _choices(expected: str) -> str:
    """pydantic's ``'a', 'b' or 'c'`` as ``a, b, c``."""
    parts = re.split(r", | or ", expected)
    return ", ".join(p.strip().strip("'\"") for p in parts if p.strip())


def _reworded(message: str) -> str:
    for pattern, replacement in _PYDANTIC:
        message = pattern.sub(replacement, message)
    # a validator's own "'x' is not one of 'a', 'b', 'c'" names the choices with quotes
    found = re.fullmatch(r"'([^']*)' is not one of ([^.]*)\.?", message)
    if found:
        return f"must be one of {_choices(found.group(2))} (got '{found.group(1)}')"
    return message


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float) and len(repr(value)) <= 60:
        return repr(value)
    return ""


def validation_message(error: Mapping[str, Any]) -> str:
    """One clause for one pydantic error (an item of ``ValidationError.errors()``): what the
    value must be, and the value given when it is short."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    given = _shown(error.get("input"))
    if kind in ("literal_error", "enum") and "expected" in ctx:
        message = f"must be one of {_choices(str(ctx['expected']))}"
    elif kind in _BOUNDS and _BOUNDS[kind][0] in ctx:
        key, template = _BOUNDS[kind]
        message = template.format(ctx[key])
        if ctx[key] == 1:  # "at least 1 item", not "1 items"
            message = message.replace(" items", " item").replace(" characters", " character")
    elif kind in _FIXED:
        message = _FIXED[kind]
        if kind in ("missing", "extra_forbidden"):
            given = ""
    else:
        message = _reworded(str(error.get("msg", "is not valid")))
        if "(got " in message or kind in ("value_error", "assertion_error"):
            given = ""  # a validator's own message quotes what it refused
    return f"{message} (got {given})" if given else message
