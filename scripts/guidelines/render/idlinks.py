"""IDs mentioned in texts (GP-4, AC-2, SEC-1.2, EX-9, UC-3): found once, checked and linked alike.

A text that says "see GP-4" means the principle GP-4, so the page links it there, and
``guidelines check`` refuses a mention of an ID that names nothing, or something retired
(check/mentions.py). Both find the IDs with the same code, this module's, so what is
checked is exactly what is linked:

- ``MENTION``, one compiled pattern made from the table of kinds (``kinds.MENTIONED``,
  and a section's ID followed by a clause number);
- ``IdLinkTreeprocessor``, a Python-Markdown tree processor that walks the rendered
  element tree and looks for the pattern in its text, never inside a link, code,
  preformatted text or a heading (a code span stays literal, as Markdown code is; a
  heading is a page's or a clause's own title), nor where a template shows an item's own
  ID as a label (``.gl-id``). On a page it turns each ID that names
  an item of the page's edition into a relative link to the item's page (a clause: its
  section's page, at the clause); the check runs the same walk and only collects.

The links are written between Markdown sources (``gp-4.md``), which MkDocs checks and
turns into URLs relative to the page, like every other link of the site; an earlier
edition's pages link within that edition. The JSON export keeps the texts as written.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from guidelines import kinds
from guidelines.kinds import Kind
from guidelines.load.corpus import Corpus
from guidelines.textsafe import safe_text
from guidelines.urls import Urls, anchor

NAME = "guidelines.render.idlinks"
# Between attr_list (8), which removes '{: ...}' from the text first, and the glossary's tooltips
# (abbr, 7), which then leave the links' text alone (an AtomicString).
PRIORITY = 7.5
# Elements whose text is never searched: links (no link in a link), code (literal), headings.
SKIPPED = frozenset({"a", "code", "pre", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6"})
# Classes of the templates' elements that show an item's own ID as a label, beside the link to it.
SKIPPED_CLASSES = frozenset({"gl-id"})


def _alternatives() -> str:
    parts = []
    for kind in kinds.MENTIONED:
        clause = rf"(?:{kinds.CLAUSE_PATTERN[len(kind.id_pattern):]})?" if kind is kinds.SECTION else ""
        parts.append(f"(?P<k{len(parts)}>{kind.id_pattern}{clause})")
    return "|".join(parts)


# A whole ID: not part of a longer word, number, path or address ('xGP-4', 'GP-45a', '/GP-4',
# 'GP-4-b', 'SEC-1.2.3' are not IDs). A letter or digit on either side joins it to a word; an
# underscore does not (Markdown reads '_GP-4_' as emphasis around GP-4).
MENTION = re.compile(rf"(?<![^\W_])(?<![/.\-])(?:{_alternatives()})(?![^\W_]|-|\.\d)", re.ASCII)
_KIND_OF_GROUP = {f"k{index}": kind for index, kind in enumerate(kinds.MENTIONED)}

STX = "\x02"  # starts Python-Markdown's placeholders of raw HTML (markdown.util.HTML_PLACEHOLDER)
_STASHED = re.compile("\x02wzxhzdk:([0-9]+)\x03")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b([^>]*)>")
_CLASS = re.compile(r'\bclass="([^"]*)"')
Resolve = Callable[[str, Kind], "str | None"]  # (ID, its kind) -> the link's target, or None: left as text


def kind_of(match: re.Match[str]) -> Kind:
    """The kind of a mentioned ID (a clause is found as its section's kind: see ``is_clause``)."""
    return _KIND_OF_GROUP[match.lastgroup or ""]


def is_clause(item_id: str, kind: Kind) -> bool:
    return kind is kinds.SECTION and "." in item_id


def unlinked(item_id: str, kind: Kind) -> str | None:
    """No links (hand-written pages, and pages converted outside a build)."""
    return None


class IdLinkTreeprocessor(Treeprocessor):
    """Finds the IDs in a page's text, in document order; links those ``resolve`` gives a target."""

    def __init__(self, md: Any, resolve: Resolve) -> None:
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: etree.Element) -> None:
        self._walk(root)

    @staticmethod
    def _labels(classes: str | None) -> bool:
        return classes is not None and not SKIPPED_CLASSES.isdisjoint(classes.split())

    def _raw_skipped(self, text: str) -> list[tuple[int, int]]:
        """The stretches of ``text`` inside raw HTML elements that are skipped: a code span (textsafe
        writes it as ``<code>`` HTML) or a template's label. Python-Markdown keeps raw HTML out of the
        tree as placeholders until the end, each tag its own, so they are read from its stash."""
        blocks = self.md.htmlStash.rawHtmlBlocks
        stretches: list[tuple[int, int]] = []
        opened: tuple[str, int] | None = None
        for found in _STASHED.finditer(text):
            index = int(found.group(1))
            html = str(blocks[index]) if index < len(blocks) else ""
            tag = _TAG.match(html)
            if tag is None:
                continue
            closing, name, attributes = tag.group(1) == "/", tag.group(2).lower(), tag.group(3)
            if opened is None and not closing:
                classes = _CLASS.search(attributes)
                if name in SKIPPED or self._labels(classes.group(1) if classes else None):
                    opened = (name, found.end())
            elif opened is not None and closing and name == opened[0]:
                stretches.append((opened[1], found.start()))
                opened = None
        if opened is not None:
            stretches.append((opened[1], len(text)))
        return stretches

    def _split(self, text: str) -> tuple[str, list[etree.Element]] | None:
        """The text before the first link, and each link with the text after it as its tail."""
        made: list[etree.Element] = []
        head, last = text, 0
        skipped = self._raw_skipped(text) if STX in text else []
        for match in MENTION.finditer(text):
            if skipped and any(start <= match.start() < end for start, end in skipped):
                continue
            target = self.resolve(match.group(0), kind_of(match))
            if target is None:
                continue
            link = etree.Element("a", {"href": target})
            link.text = AtomicString(match.group(0))
            if made:
                made[-1].tail = text[last:match.start()]
            else:
                head = text[:match.start()]
            made.append(link)
            last = match.end()
        if not made:
            return None
        made[-1].tail = text[last:]
        return head, made

    def _walk(self, element: etree.Element) -> None:
        rebuilt: list[etree.Element] = []
        changed = False
        text = element.text
        if text and not isinstance(text, AtomicString):
            split = self._split(text)
            if split is not None:
                element.text, made = split
                rebuilt.extend(made)
                changed = True
        for child in list(element):
            if isinstance(child.tag, str) and child.tag not in SKIPPED and not self._labels(child.get("class")):
                self._walk(child)
            rebuilt.append(child)
            tail = child.tail
            if tail and not isinstance(tail, AtomicString):
                split = self._split(tail)
                if split is not None:
                    child.tail, made = split
                    rebuilt.extend(made)
                    changed = True
        if changed:
            element[:] = rebuilt


class IdLinkExtension(Extension):
    """Configured with ``resolve``: the target of each ID on the page being converted (none: no links)."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"resolve": [unlinked, "(ID, kind) -> the link's target relative to the page, or None."]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Any) -> None:
        md.registerExtension(self)
        md.treeprocessors.register(IdLinkTreeprocessor(md, self.getConfig("resolve")), "idlinks", PRIORITY)


def makeExtension(**kwargs: Any) -> IdLinkExtension:  # Python-Markdown's entry point
    return IdLinkExtension(**kwargs)


# -- what a decision tree's widget links -------------------------------------------------

# "<tree ID> decision tree" in a tree's texts: the widget links it to that tree (decision-tree.js's
# pattern has the same shape, from the interface text's widget.treeMention, which another language words
# its own way), and the check refuses an ID that names no tree (in English texts: this pattern's).
TREE_MENTION = re.compile(r"\b([a-z][a-z0-9]*(?:-[a-z0-9]+)+) decision tree\b")
# French texts say « l'arbre de décision `<tree ID>` » (the parity check holds them to the English's trees).
TREE_MENTION_FR = re.compile(r"\barbre de décision `([a-z][a-z0-9]*(?:-[a-z0-9]+)+)`")


def widget_texts(node: Mapping[str, Any]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """The texts of a tree's node that the widget shows with links (their path within the node, the text):
    a question's help, an outcome's explanation and next steps. The check and the links read this one list."""
    for name in ("help", "explanation"):
        if name in node:
            yield (name,), node[name]
    for number, step in enumerate(node.get("next_steps", ())):
        yield ("next_steps", number), step


# -- where the IDs link to ----------------------------------------------------------------


class Targets:
    """Where an edition's pages link the IDs their texts mention (its corpus, its URLs)."""

    def __init__(self, corpus: Corpus, urls: Urls) -> None:
        self.corpus, self.urls = corpus, urls

    def target(self, page: str, item_id: str, kind: Kind) -> str | None:
        """A link between Markdown sources from ``page`` to the item or clause (None: the edition has
        no such item, or it is the page itself)."""
        urls = self.urls
        if is_clause(item_id, kind):
            section_id = item_id.rpartition(".")[0]
            section = self.corpus.get(kind, section_id)
            if section is None or not any(point["id"] == item_id for point in section.data["points"]):
                return None
            if page == urls.complete_page and kind.complete and kind.complete.in_full:
                return f"#{anchor(item_id)}"
            return urls.md_link(page, urls.page(kind, section_id), anchor(item_id))
        if self.corpus.get(kind, item_id) is None:
            return None
        target = urls.md_to_item(page, kind, item_id)
        return None if target == urls.md_link(page, page) else target

    def resolver(self, page: str) -> Resolve:
        """What the tree processor asks on one page."""
        return lambda item_id, kind: self.target(page, item_id, kind)


def use_idlinks(config: Any) -> None:
    """Have an MkDocs config's pages convert with this extension (it links nothing until ``link_on``)."""
    if NAME not in config["markdown_extensions"]:
        config["markdown_extensions"].append(NAME)


def link_on(config: Any, resolve: Resolve) -> None:
    """Set what the next page converted links (MkDocs makes each page's Markdown from the config)."""
    config["mdx_configs"][NAME] = {"resolve": resolve}


# -- what the check reads ----------------------------------------------------------------

# Markdown extensions of mkdocs.yml that change how a text is parsed (as check/textlinks.py's).
_EXTENSIONS = ("admonition", "attr_list", "def_list", "md_in_html", "tables")
_CODE = re.compile(r"<code>.*?</code>", re.DOTALL)
# Where a text's IDs may not be its plain words: an escape, an indented (code) block, a setext
# heading's underline. (safe_text already writes out '#' headings, rules and raw HTML, and code
# spans as HTML, which _CODE stands in for.)
_NOT_PLAIN = re.compile(r"\\|^(?: {4}|\t)|^ {0,3}[=-]+[ \t]*$", re.MULTILINE)
_converter: markdown.Markdown | None = None
_collected: list[tuple[str, Kind]] = []


def _collect(item_id: str, kind: Kind) -> None:
    _collected.append((item_id, kind))


# Characters that look like an ID's and are not: a text that writes GP\u20111 (a non-breaking hyphen), a
# Cyrillic Р or a full-width digit shows a reader an ID that the linker and every check read as plain words.
# Each is mapped to the ASCII character it stands for (Unicode's confusables for these letters; NFKC for the
# full-width forms), one for one, so that a match in the mapped text is at the same place in the text.
_LOOKS_LIKE = {**dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-"),
               **{ord(other): latin for others, latin in (("\u0410\u0391", "A"), ("\u0412\u0392", "B"),
                                                          ("\u0421\u03f9", "C"), ("\u0415\u0395", "E"),
                                                          ("\u041d\u0397", "H"), ("\u0406\u0399", "I"),
                                                          ("\u0408", "J"), ("\u041a\u039a", "K"),
                                                          ("\u041c\u039c", "M"), ("\u039d", "N"),
                                                          ("\u041e\u039f", "O"), ("\u0420\u03a1", "P"),
                                                          ("\u0405", "S"), ("\u0422\u03a4", "T"),
                                                          ("\u0425\u03a7", "X"), ("\u04ae\u03a5", "Y"),
                                                          ("\u0396", "Z"))
                  for other in others}}


# Where one may be: a character of the table, or a full-width or mathematical letter or digit (which NFKC folds).
_SUSPECT = re.compile("[" + "".join(map(chr, _LOOKS_LIKE)) + "\uff00-\uffef\U0001d400-\U0001d7ff]")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)


def _as_ascii(char: str) -> str:
    mapped = _LOOKS_LIKE.get(ord(char))
    if mapped is None and not char.isascii():
        folded = unicodedata.normalize("NFKC", char)
        mapped = folded if len(folded) == 1 and folded.isascii() and folded.isalnum() else None
    return mapped or char


def lookalikes(text: str) -> list[tuple[str, str]]:
    """IDs written with look-alike characters: (as written, the ID it looks like), in order."""
    if text.isascii() or not _SUSPECT.search(text):
        return []
    # (a code span shows its text as written, as intended: blanked out, the places kept)
    plain = "".join(map(_as_ascii, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)))
    return [(text[match.start():match.end()], match.group(0)) for match in MENTION.finditer(plain)
            if text[match.start():match.end()] != match.group(0)]


def describe_lookalike(written: str) -> str:
    """The characters of ``written`` that are not ASCII, named ('U+2011 NON-BREAKING HYPHEN')."""
    return ", ".join(f"U+{ord(char):04X} {unicodedata.name(char, '?')}" for char in dict.fromkeys(written)
                     if not char.isascii())


def mentioned_on_page(text: str) -> list[tuple[str, Kind]]:
    """The IDs a text mentions, as its page finds them: converted by Python-Markdown (escaped by
    textsafe first, as the templates do) and walked by the same tree processor, in document order."""
    global _converter
    if _converter is None:
        _converter = markdown.Markdown(extensions=list(_EXTENSIONS))
        _converter.treeprocessors.register(IdLinkTreeprocessor(_converter, _collect), "idlinks", PRIORITY)
    _converter.reset()
    _collected.clear()
    _converter.convert(str(safe_text(text)))
    found = list(_collected)
    _collected.clear()
    return found


def mentioned(text: str) -> list[tuple[str, Kind]]:
    """The IDs a text mentions (those its page links), in order: ``mentioned_on_page``'s answer.

    Most texts mention no ID, and most that do are plain paragraphs and lists: for those the
    pattern over the escaped text, code spans left out, finds the same IDs without converting it
    (a test compares the two on generated texts). An ID after a '[' may be inside a link, and an
    escape, an indented block or a heading's underline change what is text: those are converted.
    """
    if MENTION.search(text) is None:
        return []
    escaped = str(safe_text(text))
    if "<code>" in escaped:
        escaped = _CODE.sub("\x02\x03", escaped)  # (Markdown leaves a placeholder, not a word character)
    if _NOT_PLAIN.search(escaped):
        return mentioned_on_page(text)
    bracket = escaped.find("[")
    found = []
    for match in MENTION.finditer(escaped):
        if bracket != -1 and match.start() > bracket:
            return mentioned_on_page(text)
        found.append((match.group(0), kind_of(match)))
    return found
