"""The one table of the kinds of content: everything the pipeline knows about each kind.

Loading, checking, rendering, exporting and writing all read this table: where a
kind's files live, how its IDs look, its schema, which fields refer to other kinds,
the page its items get and the template that draws it, where its items go in the
JSON export, and whether it has an index page and a part of the complete page (their
titles, like all interface text, are in render/i18n/<language>.yml, under ``kind.<name>``).
Adding a kind is one entry here, a schema (``schemas/<name>.schema.json``) and, if
its items get pages, a template (``render/templates/<name>.md.j2``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndexPage:
    """A kind's index page (``<pages>/index.md``): a list of its items, each with a blurb (its title and
    introduction: ``kind.<name>.index_title`` and ``index_intro`` in the interface text)."""

    blurb: str  # the field shown under each item's link


@dataclass(frozen=True)
class CompletePart:
    """A kind's part of the complete page: its place and anchor, and whether items are there in full (its
    title: ``kind.<name>.complete_title`` in the interface text)."""

    position: int  # parts follow the guidance's order
    slug: str
    in_full: bool = True  # False: listed with their verdicts and permanent URLs, each text on its own page


@dataclass(frozen=True)
class Kind:
    """A kind of content item, and what every stage of the pipeline needs to know about it."""

    name: str  # singular, as used in the ID register, the export's "kind" and the templates
    directory: str  # folder under principles/
    id_pattern: str  # the ID's shape: the schema enforces it (a test holds the two equal)
    label: str  # how readers call one item
    plural: str  # how readers call the collection
    pages: str | None = None  # folder of the items' pages under docs/: /<pages>/<id lowercased>/
    shared_page: str | None = None  # or the one page that shows them all, each under its own anchor
    export: tuple[str, str] | None = None  # (key in guidelines.json, folder of per-item files under api/v1/)
    references: tuple[tuple[str, str], ...] = ()  # (field, kind name): fields listing IDs of other items
    vocabularies: tuple[tuple[str, str], ...] = ()  # (field, vocabulary ID): fields holding terms
    citable: bool = False  # published and permanent: enters the ID register, gets a permanent URL
    index_page: IndexPage | None = None
    complete: CompletePart | None = None  # its part of the complete page (COMPLETE gives the parts' order)
    # Fields that make statements, each of which says where it comes from (check/provenance.py): a list
    # field's entries carry their own basis; a text field has its basis beside it, in '<field>_basis'.
    statements: tuple[str, ...] = ()
    # Fields a translation gives in its own language (load/translations.py): ``a[].b`` is key ``b`` of every
    # entry of list ``a``. Everything else (IDs, references, verdicts, sources) comes from the English.
    translatable: tuple[str, ...] = ()

    @property
    def schema(self) -> str:
        """The schema file of the kind's YAML, under schemas/."""
        return f"{self.name}.schema.json"

    @property
    def template(self) -> str:
        """The template of an item's page, under render/templates/ (kinds with pages of their own)."""
        return f"{self.name}.md.j2"


VOCABULARIES = ("verdicts", "risk-levels", "stages")  # the vocabularies every corpus has
VOCABULARY = Kind("vocabulary", "vocabularies", "|".join(VOCABULARIES), "Vocabulary", "Vocabularies",
                  translatable=("title", "description", "terms[].label", "terms[].description"))
PRINCIPLE = Kind(
    "principle", "guiding-principles", r"GP-\d+", "Guiding principle", "Guiding principles",
    pages="principles", export=("principles", "principles"),
    references=(("categories", "category"), ("use_cases", "use-case")), citable=True,
    statements=("rule", "why", "do", "dont", "warning_signs"),
    index_page=IndexPage("question"), complete=CompletePart(1, "principles"),
    translatable=("title", "rule", "question", "why", "do[].text", "dont[].text", "warning_signs[].text"))
CATEGORY = Kind(
    "category", "approval-categories", r"AC-\d+", "Written-approval category", "Written-approval categories",
    pages="approval", export=("categories", "categories"),
    references=(("principles", "principle"),), citable=True, statements=("summary", "covers", "request"),
    index_page=IndexPage("summary"), complete=CompletePart(2, "approval"),
    translatable=("title", "summary", "covers[].text", "request[].text"))
USE_CASE = Kind(
    "use-case", "use-cases", r"UC-\d+", "Use case", "Use-case matrix",
    pages="use-cases", export=("use_cases", "use-cases"),
    references=(("principles", "principle"), ("categories", "category")), vocabularies=(("risk", "risk-levels"),),
    citable=True, statements=("risk", "guidance"), complete=CompletePart(4, "use-cases"),
    translatable=("title", "description", "guidance"))
SECTION = Kind(
    "section", "sections", r"SEC-\d+", "Section", "Thematic sections",
    pages="sections", export=("sections", "sections"),
    references=(("principles", "principle"), ("categories", "category"), ("trees", "tree")), citable=True,
    statements=("points",),
    index_page=IndexPage("summary"), complete=CompletePart(3, "sections"),
    translatable=("title", "summary", "points[].text"))
TREE = Kind(
    "tree", "trees", r"[a-z][a-z0-9-]*", "Decision tree", "Decision trees",
    pages="trees", export=("trees", "trees"), references=(("principles", "principle"),),
    citable=True,
    index_page=IndexPage("summary"),
    translatable=("title", "summary", "nodes[].text", "nodes[].help", "nodes[].title", "nodes[].explanation",
                  "nodes[].next_steps[]", "nodes[].options[].label", "situations[].title"))
EXAMPLE = Kind(
    "example", "examples", r"EX-\d+", "Worked example", "Worked examples",
    pages="examples", export=("examples", "examples"),
    references=(("principles", "principle"), ("categories", "category"), ("use_cases", "use-case")),
    vocabularies=(("stages", "stages"),), citable=True,
    complete=CompletePart(5, "examples", in_full=False),
    translatable=("title", "scenario", "analysis", "differences"))
GLOSSARY = Kind(
    "glossary", "glossary", r"[a-z][a-z0-9-]*", "Glossary term", "Glossary",
    shared_page="glossary.md", export=("glossary", "glossary"), citable=True, statements=("definition",),
    translatable=("term", "aliases[]", "definition"))
CHANGELOG = Kind("changelog", "changelog", r"\d{4}\.[1-9]\d{0,2}", "Changelog entry", "Changelog",
                 shared_page="changelog.md", translatable=("title", "summary", "notes[].note"))

# The table: every kind stored one item per file, in the site's order (the order of lists,
# of the export's index and of the ID register). Checks take examples last: they walk trees.
ITEM_KINDS: tuple[Kind, ...] = (VOCABULARY, PRINCIPLE, CATEGORY, USE_CASE, SECTION, EXAMPLE, TREE, GLOSSARY,
                                CHANGELOG)
# Kinds whose IDs are published and citable (they enter the ID register).
CITABLE: tuple[Kind, ...] = tuple(kind for kind in ITEM_KINDS if kind.citable)
# Kinds exported item by item (api/v1/<folder>/<ID>.json).
EXPORTED: tuple[Kind, ...] = tuple(kind for kind in CITABLE if kind.export)
# The complete page's parts, in the guidance's order.
COMPLETE: tuple[Kind, ...] = tuple(sorted((kind for kind in ITEM_KINDS if kind.complete),
                                          key=lambda kind: kind.complete.position if kind.complete else 0))
BY_DIRECTORY = {kind.directory: kind for kind in ITEM_KINDS}
BY_NAME = {kind.name: kind for kind in ITEM_KINDS}
# Every field, of any kind, that lists IDs of another kind: field -> the kind it names.
REFERENCE_FIELDS: dict[str, Kind] = {field: BY_NAME[target] for kind in ITEM_KINDS
                                     for field, target in kind.references}
# What a decision tree's questions and outcomes refer to (besides the tree's own references).
TREE_NODE_REFERENCES: tuple[tuple[str, str], ...] = (("principles", "principle"), ("categories", "category"))

CONTENT = "principles"  # the folder of the content, under the project
EDITIONS_DIR = "editions"  # under CONTENT: the published editions, frozen (load/archive.py)
TRANSLATIONS_DIR = "translations"  # under CONTENT: one folder per language, mirroring the English files
GUIDELINE_FILE = "guideline.yml"
# The guideline metadata's texts a translation gives (as Kind.translatable).
GUIDELINE_TRANSLATABLE = ("title", "short_title", "summary", "publisher.name", "status_label", "notice",
                          "contact.name", "contact.instructions", "contact.fallback", "legal_notes[].text",
                          "corrections.instructions", "scope.applies_to[]", "scope.text", "introduction",
                          "sources[].note")
REGISTER_FILE = "published-ids.yml"
# Clauses (SEC-n.m) are citable and registered like items, but live in their section's file.
CLAUSE = "clause"
CLAUSE_PATTERN = SECTION.id_pattern + r"\.\d+"  # a clause's ID: its section's, a dot, its number
# Kinds whose IDs a text can mention and the pages link (render/idlinks.py): those with a
# capitalised prefix (GP-4, SEC-1, and so SEC-1.2). A tree's or a glossary term's ID is an
# ordinary word, and a changelog entry's an edition number: texts say those as they are.
MENTIONED: tuple[Kind, ...] = tuple(kind for kind in CITABLE if kind.id_pattern[:1].isupper())


def as_kind(kind: Kind | str) -> Kind:
    """Accept a Kind or its name (templates pass names)."""
    return BY_NAME[kind] if isinstance(kind, str) else kind
