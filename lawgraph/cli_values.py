"""Command-line values converted without pydantic, where the conversion is plain.

typer (from 0.29) converts every parameter value through a pydantic ``TypeAdapter`` that it
builds when the command runs: any command, even ``lawgraph extract`` on one file, imports
pydantic first (about 0.1 s of CPU, the largest start-up cost outside the extractor).
lawgraph's commands take strings, whole numbers, paths and lists of them, whose conversion
is the identity, ``int`` or ``Path``. :func:`install` gives such parameters a converter
that does exactly that and hands any value it is not sure of (``" 5"``, ``"1_000"``, a
number out of the parameter's range, an enum) to typer's own converter, so that values and
error messages stay typer's (tests/test_cli_values.py compares them).

It uses typer's internals (``typer._coercion.RuntimeParam``, a parameter's
``_runtime_param``); with a typer that has none of them it changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, List, get_args, get_origin

try:
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_path
    from typer.core import _TyperParameter
except ImportError:  # a typer without pydantic adapters, or with other internals
    RuntimeParam = None  # type: ignore[assignment,misc]


class _NotSure(Exception):
    """The value is for typer's own converter."""


def install(command: Any, *, subcommands: bool = True) -> None:
    """Give the plain parameters of a click ``command`` built by typer (and of its
    subcommands, for a group, unless ``subcommands`` is false) the direct converter."""
    if RuntimeParam is None:
        return
    for param in command.params:
        _install_param(param)
    # --help is a typer parameter too, made when the command first parses its arguments.
    make_help_option = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = make_help_option(ctx)
        _install_param(option)
        return option

    command.get_help_option = get_help_option
    for sub in getattr(command, "commands", {}).values() if subcommands else ():
        install(sub)


def _install_param(param: Any) -> None:
    if isinstance(param, _TyperParameter) and getattr(param, "_runtime_param", "absent") is None:
        converter = _converter_for(param.type_descriptor)
        if converter is not None:
            param._runtime_param = converter  # noqa: SLF001 — typer has no public hook for its converters


def _converter_for(descriptor: Any) -> Any:
    info, annotation = descriptor.parameter_info, descriptor.annotation
    if descriptor.file_annotation is not None or info.parser is not None:
        return None
    many = get_origin(annotation) in (list, List)
    leaf = _leaf(get_args(annotation)[0] if many and len(get_args(annotation)) == 1 else annotation, info)
    if leaf is None:
        return None
    return _Direct(parameter_info=info, annotation=annotation, leaf=leaf, many=many)


def _leaf(annotation: Any, info: Any) -> Callable[[Any, Any, Any], Any] | None:
    if annotation is str:
        return _str
    if annotation is bool:
        return _bool
    if annotation is int and not info.clamp:
        low, high = info.min, info.max

        def whole(value: Any, param: Any, ctx: Any) -> int:
            number = _int(value)
            if (low is not None and number < low) or (high is not None and number > high):
                raise _NotSure  # typer words the range
            return number

        return whole
    if annotation is Path and info.path_type is None:

        def path(value: Any, param: Any, ctx: Any) -> Any:
            # pydantic turns a str into Path(value); typer then checks the path's flags.
            if type(value) is str:
                value = Path(value)
            elif not isinstance(value, Path):
                raise _NotSure
            return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)

        return path
    return None


def _str(value: Any, param: Any, ctx: Any) -> str:
    if type(value) is not str:
        raise _NotSure  # bytes are decoded by typer
    return value


def _bool(value: Any, param: Any, ctx: Any) -> bool:
    if type(value) is not bool:
        raise _NotSure  # "yes", "0", …: typer's words
    return value


def _int(value: Any) -> int:
    if type(value) is int:
        return value
    # Plain ASCII digits without a leading zero: int() and pydantic agree on these.
    if type(value) is str and value.isascii() and value.isdigit() and len(value) <= 18 and (value == "0" or value[0] != "0"):
        return int(value)
    raise _NotSure


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class _Direct(RuntimeParam):
        """Converts plain values itself; anything else goes to typer's converter."""

        leaf: Callable[[Any, Any, Any], Any] = _str
        many: bool = False

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                if not self.many:
                    return self.leaf(value, param, ctx)
                if isinstance(value, (list, tuple)):
                    return [self.leaf(v, param, ctx) for v in value]
            except _NotSure:
                pass
            return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)  # noqa: SLF001 — typer's own, as typer calls it
