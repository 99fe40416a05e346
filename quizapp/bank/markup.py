"""The bank's text markup: a small Markdown subset (emphasis, lists, code, links, H~2~O, x^2^), no raw HTML.

One renderer for every place bank text is shown or exported (the app, the Anki deck, GIFT and
Moodle XML as HTML, the exam report), so a construct reads the same everywhere.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

ALLOWED_SCHEMES = ("https://", "http://")
_SPACE_INSIDE = re.compile(r"(?<!\\)\s")
_WORD_TAGS = {"em", "strong", "sub", "sup"}


def _script_rule(marker: str, tag: str):
    """Inline rule for ~sub~ / ^sup^ (Pandoc style: no unescaped spaces inside)."""

    def rule(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if state.src[start] != marker or silent or (start > 0 and state.src[start - 1] == marker):
            return False
        end = state.src.find(marker, start + 1, state.posMax)
        content = state.src[start + 1:end] if end > start + 1 else ""
        if not content or content.startswith(marker) or _SPACE_INSIDE.search(content):
            return False
        state.push(f"{tag}_open", tag, 1).markup = marker
        state.push("text", "", 0).content = content.replace("\\ ", " ")
        state.push(f"{tag}_close", tag, -1).markup = marker
        state.pos = end + 1
        return True

    return rule


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # built on first use: `quizapp check` and the start path need none of it

    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "list", "newline", "backticks", "link", "escape", "entity"])
    md.inline.ruler.before("emphasis", "sub", _script_rule("~", "sub"))
    md.inline.ruler.before("emphasis", "sup", _script_rule("^", "sup"))
    # Links may only point at the web; anything else (javascript:, file:, data:) stays literal text.
    md.validateLink = lambda url: url.strip().lower().startswith(ALLOWED_SCHEMES)
    return md


def to_html(text: str) -> str:
    """Block-level HTML (paragraphs, lists) for prompts, explanations and answers."""
    return _parser().render(text or "").strip()


def to_inline_html(text: str) -> str:
    """HTML without a wrapping paragraph, for one-line places such as a choice or a table cell."""
    return _parser().renderInline(text or "").strip()


def to_plain(text: str) -> str:
    """The words alone, for accessible names, window titles and comparisons."""
    tokens = _parser().parseInline(text or "")
    out: list[str] = []
    for tok in tokens:
        for child in tok.children or []:
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append(" ")
    return " ".join("".join(out).split())


def inline_words(text: str) -> list[str]:
    """One HTML fragment per word, each closed on its own, so words can flow around inline fields."""
    words: list[str] = []
    open_tags: list[str] = []
    current = ""

    def flush() -> None:
        nonlocal current
        if current:
            words.append(current)
            current = ""

    def wrap(piece: str) -> str:
        for tag in reversed(open_tags):
            piece = f"<{tag}>{piece}</{tag}>"
        return piece

    tokens = _parser().parseInline(text or "")
    for tok in tokens:
        for child in tok.children or []:
            if child.type in ("softbreak", "hardbreak"):
                flush()
            elif child.type.endswith("_open") and child.tag in _WORD_TAGS:
                open_tags.append(child.tag)
            elif child.type.endswith("_close") and child.tag in _WORD_TAGS:
                if open_tags:
                    open_tags.pop()
            elif child.type in ("text", "code_inline"):
                tags = [*open_tags, "code"] if child.type == "code_inline" else open_tags
                saved = open_tags[:]
                open_tags[:] = tags
                parts = re.split(r"(\s+)", child.content)
                for part in parts:
                    if not part:
                        continue
                    if part.isspace():
                        flush()
                    else:
                        current += wrap(html.escape(part, quote=False))
                open_tags[:] = saved
    flush()
    return words


def to_fragment(text: str) -> str:
    """HTML for a field of another tool (an Anki note, a Moodle question): a single paragraph loses its <p>."""
    out = to_html(text)
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out
