"""Bank text becomes safe HTML: the Markdown subset renders, raw HTML and non-web links never do."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from quizapp.ui import richtext


def test_subscript_superscript_and_emphasis() -> None:
    html = richtext.to_html("H~2~O, Ca^2+^ and *NMDA* **receptor**")
    assert html == "<p>H<sub>2</sub>O, Ca<sup>2+</sup> and <em>NMDA</em> <strong>receptor</strong></p>"


def test_lists_render() -> None:
    assert richtext.to_html("- one\n- two") == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    '<img src="https://example.com/x.png">',
    "![chart](https://example.com/x.png)",
    '<a href="https://example.com" onclick="x()">a</a>',
    "<iframe src=https://example.com></iframe>",
])
def test_raw_html_and_images_never_get_through(text: str) -> None:
    assert tags_in(richtext.to_html(text)) <= {("p", ()), ("a", (("href", "https://example.com/x.png"),))}


def tags_in(html: str) -> set[tuple[str, tuple]]:
    """Every element the HTML really contains, with its attributes (escaped text is not an element)."""
    found: set[tuple[str, tuple]] = set()

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            found.add((tag, tuple(attrs)))

    Collect().feed(html)
    return found


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi", "ftp://x"])
def test_only_web_links_become_links(url: str) -> None:
    assert "<a " not in richtext.to_html(f"[click]({url})")
    assert richtext.link(url, "x") == "x"


def test_web_links_stay_links() -> None:
    assert '<a href="https://doi.org/10.1/x">paper</a>' in richtext.to_html("[paper](https://doi.org/10.1/x)")


def test_tildes_with_spaces_or_doubled_are_left_alone() -> None:
    assert richtext.to_html("about ~5 mg~ or ~~struck~~") == "<p>about ~5 mg~ or ~~struck~~</p>"


def test_plain_text_for_accessible_names() -> None:
    assert richtext.to_plain("**NMDA** receptor in H~2~O") == "NMDA receptor in H2O"


def test_words_for_inline_flow_keep_their_emphasis() -> None:
    assert richtext.inline_words("the *NMDA receptor* <b>x</b>") == [
        "the", "<em>NMDA</em>", "<em>receptor</em>", "&lt;b&gt;x&lt;/b&gt;"]
