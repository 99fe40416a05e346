"""Checks that an SVG file a bank shows is safe to render: no script, no external reference, size-capped.

The file is parsed with the standard library's expat parser with every entity and attribute declaration
refused, so nothing is expanded, fetched or defaulted in. What a renderer could run or load is reported:
script (and SVG Tiny handler/listener) elements, on* event attributes, foreignObject, href or CSS url()
values that are neither a '#fragment' nor an embedded PNG/JPEG, xml-stylesheet instructions, CSS @import,
and animations that would set an href or an event attribute.
"""

from __future__ import annotations

import re
from xml.parsers import expat

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_SEP = "\x1f"  # between namespace and local name in expat's names; never valid inside an XML name
_SCRIPT_ELEMENTS = {"script", "handler", "listener"}
_ANIMATIONS = {"set", "animate", "animateTransform", "animateMotion", "animateColor"}
_SAFE_DATA = re.compile(r"data:image/(png|jpeg|jpg)[;,]", re.I)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
_CSS_IMPORT = re.compile(r"@import\b", re.I)


class _Refused(Exception):
    """Stops the parse at once: a declaration we will not process."""


def _safe_reference(value: str) -> bool:
    value = value.strip()
    return value.startswith("#") or bool(_SAFE_DATA.match(value))


def _local(name: str) -> tuple[str, str]:
    """(namespace, local name) from expat's namespaced name."""
    ns, _, local = name.rpartition(_SEP)
    return ns, local


def check_svg(data: bytes, max_bytes: int) -> list[str]:
    """The problems that make `data` unsafe or unusable as a bank image; an empty list means it may be shown.

    Each problem is one line, prefixed with the line number where it was found when there is one."""
    if len(data) > max_bytes:
        return [f"file is {len(data):,} bytes, over the {max_bytes:,}-byte limit for an SVG image"]
    problems: list[str] = []
    parser = expat.ParserCreate(namespace_separator=_SEP)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0
    root_seen = False
    in_style = 0
    style_line = 0
    style_text: list[str] = []

    def at(message: str, line: int | None = None) -> None:
        problems.append(f"line {line or parser.CurrentLineNumber}: {message}")

    def refuse(message: str) -> None:
        at(message)
        raise _Refused

    def check_css(text: str, where: str, line: int | None = None) -> None:
        for match in _CSS_URL.finditer(text):
            if not _safe_reference(match.group(2)):
                at(f"{where} refers to an external resource ({match.group(2).strip()[:60]!r})", line)
        if _CSS_IMPORT.search(text):
            at(f"{where} uses @import, which loads an external style sheet", line)

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth, root_seen, in_style, style_line
        ns, local = _local(name)
        if depth == 0:
            root_seen = True
            if (ns, local) != (SVG_NS, "svg"):
                at(f"the root element is <{local}>, not an SVG <svg> element")
        depth += 1
        if local in _SCRIPT_ELEMENTS:
            at(f"<{local}> element is not allowed (scripts never run in bank images)")
        elif local == "foreignObject":
            at("<foreignObject> is not allowed (it embeds HTML in the image)")
        elif local == "style":
            in_style += 1
            style_line = parser.CurrentLineNumber
        for attr, value in attrs.items():
            a_ns, a_local = _local(attr)
            if a_local.lower().startswith("on"):
                at(f"event attribute {a_local}= on <{local}> is not allowed")
            elif a_local == "href" and a_ns in ("", XLINK_NS) and not _safe_reference(value):
                at(f"<{local}> links to {value.strip()[:60]!r}; only '#fragment' or data:image/png|jpeg are allowed")
            elif a_local == "style" or "url(" in value.lower():
                check_css(value, f"attribute {a_local}= on <{local}>")
        if local in _ANIMATIONS:
            target = attrs.get("attributeName", "").split(":")[-1]
            if target == "href" or target.lower().startswith("on"):
                at(f"<{local}> would change {target}=, which is not allowed")

    def end(name: str) -> None:
        nonlocal depth, in_style
        depth -= 1
        if _local(name)[1] == "style" and in_style:
            in_style -= 1
            if not in_style:
                check_css("".join(style_text), "<style>", style_line)
                style_text.clear()

    def chars(text: str) -> None:
        if in_style:
            style_text.append(text)

    def doctype(name: str, sysid: str | None, pubid: str | None, has_internal_subset: int) -> None:
        if has_internal_subset:
            refuse("a DOCTYPE with an internal subset (entity or attribute declarations) is not allowed")

    def entity(*_args: object) -> None:
        refuse("entity declarations are not allowed")

    def attlist(*_args: object) -> None:
        refuse("attribute-list declarations are not allowed")

    def instruction(target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            at("an xml-stylesheet instruction is not allowed (it loads an external style sheet)")

    def external_entity(*_args: object) -> int:
        refuse("external entities are not allowed")
        return 0

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.AttlistDeclHandler = attlist
    parser.ProcessingInstructionHandler = instruction
    parser.ExternalEntityRefHandler = external_entity
    try:
        parser.Parse(data, True)
    except _Refused:
        pass
    except expat.ExpatError as exc:
        problems.append(f"line {exc.lineno}: not well-formed XML ({expat.ErrorString(exc.code)})")
    else:
        if not root_seen:
            problems.append("no <svg> element found")
    return problems
