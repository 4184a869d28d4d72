"""Safe YAML reading that remembers where each element was, for error messages with lines.

`load_with_lines` builds plain Python data (dicts, lists, scalars) from YAML text, and a map from
each element's path, such as ``("dimensions", 2, "questions")``, to its line in the file. It
refuses aliases (which make "billion laughs" bombs possible), nesting past a depth, and a key
given twice in one mapping; each refusal is a `YAMLLineError` with the line and a message.

`load_with_sources` also keeps the source text of every unquoted value that YAML read as a boolean
or a number (``yes`` -> True, ``1.10`` -> 1.1), so a message can quote what the author wrote.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import yaml

Path_ = tuple[str | int, ...]

MSG_YAML_SYNTAX = "invalid YAML: {problem}"
MSG_ALIAS = "YAML anchors and aliases are not allowed"
MSG_TOO_DEEP = "nesting is deeper than {depth} levels"
MSG_EMPTY_FILE = "file is empty"
MSG_DUPLICATE_FIELD = "field '{field}' appears twice"
# The tags YAML gives an unquoted scalar it reads as something other than a text or a null.
_IMPLICIT_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "timestamp")
)


class Loaded(NamedTuple):
    """Plain data, the line of each element, and the source text of each implicit scalar."""

    data: Any
    lines: dict[Path_, int]
    sources: dict[Path_, str]


class YAMLLineError(Exception):
    """The text is not YAML this loader accepts; `path` is set for a doubled key."""

    def __init__(self, message: str, line: int | None, path: Path_ = ()) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.path = path


def format_path(path: Path_) -> str:
    """`("dimensions", 2, "questions")` -> `dimensions[2].questions`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases and stops composing past a depth."""

    depth = 0
    max_depth = 20

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise YAMLLineError(MSG_ALIAS, self.peek_event().start_mark.line + 1)
        # Composing recurses once per level: stop before Python's recursion limit does.
        self.depth += 1
        if self.depth > self.max_depth * 2:
            line = self.peek_event().start_mark.line + 1
            raise YAMLLineError(MSG_TOO_DEEP.format(depth=self.max_depth), line)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def load_with_lines(text: str, *, max_depth: int = 20) -> tuple[Any, dict[Path_, int]]:
    """Parse one YAML document into plain data and the line of each element's path."""
    loaded = load_with_sources(text, max_depth=max_depth)
    return loaded.data, loaded.lines


def load_with_sources(text: str, *, max_depth: int = 20) -> Loaded:
    """Parse one YAML document; also keep the text of unquoted values read as booleans, numbers."""
    loader = _NoAliasLoader(text)
    loader.max_depth = max_depth
    try:
        node = loader.get_single_node()
        if node is None:
            raise YAMLLineError(MSG_EMPTY_FILE, None)
        loaded = Loaded(None, {}, {})
        return loaded._replace(data=_to_python(loader, node, (), loaded, max_depth))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        line = mark.line + 1 if mark else None
        raise YAMLLineError(MSG_YAML_SYNTAX.format(problem=problem), line) from None
    except yaml.YAMLError as exc:
        raise YAMLLineError(MSG_YAML_SYNTAX.format(problem=exc), None) from None
    finally:
        loader.dispose()


def _to_python(loader: yaml.SafeLoader, node: Any, path: Path_, out: Loaded, max_depth: int) -> Any:
    """Build plain Python data from a YAML node, recording each element's line and source."""
    line = node.start_mark.line + 1
    out.lines[path] = line
    if len(path) > max_depth:
        raise YAMLLineError(MSG_TOO_DEEP.format(depth=max_depth), line)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = (
                loader.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            )
            if not isinstance(key, str | int | bool) or key is None:
                key = str(key)
            if key in result:
                message = MSG_DUPLICATE_FIELD.format(field=key)
                raise YAMLLineError(message, key_node.start_mark.line + 1, path)
            result[key] = _to_python(loader, value_node, (*path, key), out, max_depth)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(loader, item, (*path, i), out, max_depth)
            for i, item in enumerate(node.value)
        ]
    # style None: written without quotes, so the type came from the text's look, not the author.
    if node.style is None and node.tag in _IMPLICIT_TAGS:
        out.sources[path] = node.value
    return loader.construct_object(node)
