"""HTML to and from other tools: the bank's markup rendered for a foreign field, and foreign HTML turned into
the bank's small Markdown subset, naming what could not be kept."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from quizapp.bank.markup import to_fragment

HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>")
_INLINE = {"b": "**", "strong": "**", "i": "*", "em": "*", "sub": "~", "sup": "^", "code": "`"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "table", "tr"}
_DROPPED = {"img": "an image", "table": "a table layout", "audio": "audio", "video": "video",
            "iframe": "an embedded frame", "object": "an embedded object", "math": "MathML"}
_SKIP_CONTENT = {"script", "style"}


_LAYOUT_NL = re.compile(r"(</p>|</li>|<[uo]l>|</[uo]l>)\n|\n(?=<p>|<li>|<[uo]l>|</[uo]l>)")


def foreign_html(text: str) -> str:
    """Bank Markdown as one line of HTML for GIFT or Moodle (the app's renderer, as in the Anki deck).

    A line break the author wrote inside a paragraph becomes <br>, so it reads back as the same line break
    (a bare newline in HTML is only a space); the renderer's newlines between blocks are layout and go.
    """
    out = to_fragment(text).replace("<br>\n", "<br>")
    return _LAYOUT_NL.sub(lambda m: m.group(1) or "", out).replace("\n", "<br>")


_IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC_RE = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


_ALT_RE = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def images(html: str) -> list[tuple[str, str]]:
    """(src, alt) of every <img> in the HTML, entities decoded, in order ("" for a missing alt)."""
    import html as _html

    out = []
    for tag in _IMG_RE.findall(html):
        m = _SRC_RE.search(tag)
        if m:
            alt = _ALT_RE.search(tag)
            out.append((_html.unescape(next(g for g in m.groups() if g is not None)).strip(),
                        _html.unescape(next(g for g in alt.groups() if g is not None)).strip() if alt else ""))
    return out


def image_sources(html: str) -> list[str]:
    """The `src` of every <img> in the HTML, entities decoded, in order."""
    return [src for src, _alt in images(html)]


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".svg")  # an SVG is checked at load


def is_image_name(name: str) -> bool:
    """A plain file name (no folder) of a picture the app can show."""
    return bool(name) and "/" not in name and "\\" not in name and name.casefold().endswith(IMAGE_SUFFIXES) \
        and not name.startswith(".")


def without_images(html: str) -> str:
    return _IMG_RE.sub("", html)


def looks_like_html(text: str) -> bool:
    return bool(HTML_TAG_RE.search(text))


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lost: list[str] = []
        self.lists: list[list[int]] = []  # one counter per open list; [0] marks an unordered list
        self.skipping = 0
        self.href: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_CONTENT:
            self.skipping += 1
        if tag in _DROPPED and _DROPPED[tag] not in self.lost:
            self.lost.append(_DROPPED[tag])
        if tag in _INLINE:
            self.out.append(_INLINE[tag])
        elif tag == "br":
            self.out.append("\n")
        elif tag in _BLOCK:
            self.out.append("\n\n")
            if tag in ("ul", "ol"):
                self.lists.append([0 if tag == "ul" else 1])
        elif tag == "li":
            counter = self.lists[-1] if self.lists else [0]
            bullet = "- " if counter[0] == 0 else f"{counter[0]}. "
            if counter[0]:
                counter[0] += 1
            self.out.append("\n" + bullet)
        elif tag in ("td", "th"):
            self.out.append(" ")
        elif tag == "a":
            self.href.append(dict(attrs).get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_CONTENT:
            self.skipping = max(0, self.skipping - 1)
        if tag in _INLINE:
            self.out.append(_INLINE[tag])
        elif tag in _BLOCK:
            self.out.append("\n\n")
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
        elif tag == "a" and self.href:
            href = self.href.pop()
            if href and href.startswith(("http://", "https://")):
                self.out.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_markdown(html: str) -> tuple[str, list[str]]:
    """The text with inline emphasis, sub/superscript, lists and breaks kept; and what was lost."""
    conv = _Converter()
    try:
        conv.feed(html)
        conv.close()
    except (AssertionError, ValueError):  # Python's HTMLParser gives up on some broken markup ("<![x")
        import html as _html

        plain = re.sub(r"<!?\[?[A-Za-z]*\[?", " ", HTML_TAG_RE.sub(" ", html))  # tags, then what broke
        plain = _html.unescape(plain)
        return " ".join(plain.split()), ["formatting (the HTML is malformed)"]
    text = "".join(conv.out)
    lines = [line.strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    text = text.replace("****", "")  # what an empty <b></b> leaves
    return text, conv.lost
