"""The XML escaping of the SVG and DOT renderers and the HTML escaping of the web page are
written out (importing ``xml.sax.saxutils`` loads urllib.request, http.client and email, a
fifth of a picture's start-up; ``html`` its table of named characters): they must escape
exactly as the standard library's functions do."""

from __future__ import annotations

from html import escape as html_escape
from xml.sax.saxutils import escape, quoteattr

from hypothesis import given
from hypothesis import strategies as st

from pathfinder.render.text import html_text, xml_attribute, xml_text

# the characters the functions treat specially, mixed with any others
TEXT = st.text(alphabet=st.sampled_from("&<>\"'\n\r\t ab;#é\x00") | st.characters())


@given(TEXT)
def test_text_is_escaped_as_saxutils_escapes_it(text: str) -> None:
    assert xml_text(text) == escape(text)


@given(TEXT)
def test_html_is_escaped_as_the_html_module_escapes_it(text: str) -> None:
    assert html_text(text) == html_escape(text)


@given(TEXT)
def test_attributes_are_quoted_as_saxutils_quotes_them(text: str) -> None:
    assert xml_attribute(text) == quoteattr(text)


def test_every_quoting_case() -> None:
    assert xml_attribute("a") == '"a"'
    assert xml_attribute('say "x"') == "'say \"x\"'"
    assert xml_attribute('it\'s "x"') == '"it\'s &quot;x&quot;"'
    assert xml_attribute("a\nb\tc\rd<&>") == '"a&#10;b&#9;c&#13;d&lt;&amp;&gt;"'
