"""How every ``--help`` page names option values, and help text that is never Rich markup.

Typer labels an option's value with its Python type (``<bool>``, ``<str>``, ``<list[Path]>``,
``<int range> [x>=0]``). :func:`install` replaces that, for every command at once, with what a
person types: ``PATH``, ``FILE``, ``DIR``, ``N``, ``N (>= 0)``, ``NUMBER (0-100)``, ``DATE``,
``REV``, ``URL``, ``TEAM``, the choices (``error|warning|note``), or an upper-case name
(``--category CATEGORY``); a flag shows none, an argument shows its name in capitals
(``[REPOSITORY]``). An explicit ``metavar=`` wins.

Typer words a refused value in pydantic's idiom ("Value error, 'critical' is not one of …",
"Input should be greater than or equal to 1"); :func:`install` words it as the settings and
strategy files do (:func:`lodestar.safeparse.validation_message`): "must be one of error,
warning, note (got 'critical')", "must be at least 1 (got 0)".

Typer reads help texts and epilogs as Rich markup, so ``['\\[bot\\]', …]`` in a default lost
its brackets and backslashes; :func:`install` makes them plain text (Lodestar's help uses no
markup), as :mod:`lodestar.cli.quick_help` draws the top-level page.

:func:`install` patches Typer's parameter classes and help renderer in place (Typer builds its
parameters itself, so there is no class to hand it); it is idempotent, and
:mod:`lodestar.cli.app` calls it when it is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typer.core import TyperArgument, TyperOption

__all__ = ["install", "value_label"]

# str options whose value has a better name than the option's own (upper-cased) name
_NAMED = {
    "as_of": "DATE",
    "date": "DATE",
    "since": "DATE",
    "ref": "REV",
    "database": "URL",
    "cockpit_url": "URL",
    "fmt": "FORMAT",
    "tag_pattern": "REGEX",
    "revert_pattern": "REGEX",
    "hotfix_pattern": "REGEX",
    "trust_proxy_header": "HEADER",
    "governs": "MATCHER",
    "maker": "PERSON",
    "sources": "SOURCE",
    "version_range": "RANGE",
}
_PATHS = {"dir": "DIR", "file": "FILE"}
_installed = False


def _number(param: TyperOption | TyperArgument, base: str) -> str:
    low, high = param.min, param.max
    if low is not None and high is not None:
        return f"{base} ({low}-{high})"
    if low is not None:
        return f"{base} (>= {low})"
    if high is not None:
        return f"{base} (<= {high})"
    return base


def value_label(param: TyperOption | TyperArgument, ctx: Any) -> str | None:
    """The label of ``param``'s value on a help page; None for a flag."""
    if param.metavar is not None:
        return param.metavar
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    desc = param.type_descriptor
    typer_label = type(param).display_type(param, ctx).strip("<>")  # Typer's own: "int range"
    if desc.is_choice:  # a long list of choices may wrap between choices, never inside one
        choices = typer_label.removeprefix("list[").removesuffix("]")
        return choices if len(choices) <= 20 else choices.replace("|", " | ")
    if desc.is_path:
        return _PATHS.get(str(desc.path_type), "PATH")
    if desc.is_datetime:
        return "DATE"
    kind = typer_label.removeprefix("list[").removesuffix("]").split()[0]
    if kind in {"int", "float"}:
        return _number(param, "N" if kind == "int" else "NUMBER")
    if kind == "Path":
        return "PATH"
    name = param.name or "value"
    return _NAMED.get(name, name.upper().replace("_", "-"))


def _option_label(self: TyperOption, ctx: Any) -> str | None:
    return value_label(self, ctx)


def _argument_label(self: TyperArgument, ctx: Any) -> str | None:
    return None  # the argument's name (in capitals) is its label


def _argument_name(self: TyperArgument) -> str:
    if self.metavar is not None:
        return self.metavar
    return (self.name or "value").upper()


def _no_range(self: Any) -> str | None:
    return None  # the range is part of the label: N (>= 0)


def _plain_help_text() -> None:
    """Typer's help renderer reads no markup (imported with the first help page: it is heavy)."""
    from rich.markup import escape
    from typer import rich_utils

    if getattr(rich_utils._make_rich_text, "lodestar_plain", False):
        return
    make_rich_text = rich_utils._make_rich_text

    def plain_rich_text(*, text: str, style: str = "", markup_mode: Any) -> Any:
        if markup_mode == "rich":
            text = escape(text)
        return make_rich_text(text=text, style=style, markup_mode=markup_mode)

    plain_rich_text.lodestar_plain = True  # type: ignore[attr-defined]
    rich_utils._make_rich_text = plain_rich_text


def _with_plain_help(format_help: Any) -> Any:
    def format_plain_help(self: Any, ctx: Any, formatter: Any) -> Any:
        _plain_help_text()
        return format_help(self, ctx, formatter)

    return format_plain_help


def _value_error(exc: Any) -> str:
    """A command-line value's validation error in Lodestar's words (never pydantic's)."""
    from lodestar.render import terminal_safe
    from lodestar.safeparse import validation_message

    errors = exc.errors()
    return terminal_safe(validation_message(errors[0]) if errors else str(exc))


def install() -> None:
    """Use the labels above and plain help text in every help page, and Lodestar's wording
    for a refused command-line value (once per process)."""
    global _installed  # noqa: PLW0603  one switch for the whole process
    if _installed:
        return
    from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

    TyperOption.display_type_rich = _option_label  # type: ignore[method-assign]
    TyperArgument.display_type_rich = _argument_label  # type: ignore[method-assign,assignment]
    TyperArgument.display_name_raw = property(_argument_name)  # type: ignore[assignment,method-assign]
    TyperOption._get_number_range_help_str = _no_range  # type: ignore[method-assign]
    TyperArgument._get_number_range_help_str = _no_range  # type: ignore[method-assign]
    from typer import _coercion, _param_types

    _coercion.get_error_msg = _value_error  # type: ignore[attr-defined]
    _param_types.get_error_msg = _value_error  # type: ignore[attr-defined]
    for command_class in (TyperCommand, TyperGroup):
        command_class.format_help = _with_plain_help(command_class.format_help)  # type: ignore[method-assign]
    _installed = True
