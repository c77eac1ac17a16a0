from copy import copy

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html as trafilatura_load_html

from newsflow.articles.extraction.parse import load_html

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Streik i Oslo</title></head>
<body><!-- a comment the parser drops -->
<article><h1>Streik i Oslo</h1><p>Bussene står &amp; togene går. Les mer&nbsp;her.</p></article>
<form action="/s"><label for="q">Søk</label><input id="q" name="q" value="x"><select><option>1</option></select>
</form></body></html>"""


def test_the_tree_is_the_one_trafilatura_parses():
    assert etree.tostring(load_html(PAGE)) == etree.tostring(trafilatura_load_html(PAGE))


def test_every_element_is_a_plain_html_element_looked_up_in_c():
    tree = load_html(PAGE)
    assert {type(el) for el in tree.iter()} == {HtmlElement}


def test_copies_of_the_tree_keep_the_lookup():
    copied = copy(load_html(PAGE))  # as trafilatura copies the trees it is given
    assert {type(el) for el in copied.iter()} == {HtmlElement}


def test_html_methods_still_work_on_the_elements():
    assert (
        load_html(PAGE).find(".//article").text_content() == "Streik i OsloBussene står & togene går. Les mer\xa0her."
    )


def test_bytes_with_an_encoding_declaration_parse_as_trafilatura_parses_them():
    page = '<?xml version="1.0" encoding="iso-8859-1"?><html><body><p>Grüße aus Köln</p></body></html>'
    assert etree.tostring(load_html(page)) == etree.tostring(trafilatura_load_html(page))


def test_text_that_is_not_html_gives_no_tree():
    assert (load_html("just a line of text"), trafilatura_load_html("just a line of text")) == (None, None)
