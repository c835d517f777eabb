"""The kinds of content under principles/: where each lives and how it is named.

One table, so the loader, the validator, the generator and the ID register agree
on directories, ID patterns, schemas and page URLs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """A kind of content item."""

    name: str  # singular, as used in the ID register and the JSON export
    directory: str  # under principles/
    schema: str  # file name under scripts/guidelines/schemas/
    id_pattern: str  # the ID's shape (the schema checks it too)
    url_dir: str  # pages live at /<url_dir>/<id lowercased>/
    label: str  # how readers call one item
    plural: str  # how readers call the collection

    def matches(self, item_id: str) -> bool:
        return re.fullmatch(self.id_pattern, item_id) is not None

    def page_path(self, item_id: str) -> str:
        """The page's source path under docs/ (its URL is derived from it)."""
        return f"{self.url_dir}/{item_id.lower()}.md"

    def url(self, item_id: str) -> str:
        """The page's URL relative to the site root, with a trailing slash."""
        return f"{self.url_dir}/{item_id.lower()}/"


PRINCIPLE = Kind("principle", "guiding-principles", "principle.schema.json", r"GP-\d+",
                 "principles", "Guiding principle", "Guiding principles")
CATEGORY = Kind("category", "approval-categories", "category.schema.json", r"AC-\d+",
                "approval", "Written-approval category", "Written-approval categories")
USE_CASE = Kind("use-case", "use-cases", "use-case.schema.json", r"UC-\d+",
                "use-cases", "Use case", "Use-case matrix")
SECTION = Kind("section", "sections", "section.schema.json", r"SEC-\d+",
               "sections", "Section", "Thematic sections")
EXAMPLE = Kind("example", "examples", "example.schema.json", r"EX-\d+",
               "examples", "Worked example", "Worked examples")
TREE = Kind("tree", "trees", "tree.schema.json", r"[a-z][a-z0-9-]*",
            "trees", "Decision tree", "Decision trees")
GLOSSARY = Kind("glossary", "glossary", "glossary.schema.json", r"[a-z][a-z0-9-]*",
                "glossary", "Glossary term", "Glossary")
CHANGELOG = Kind("changelog", "changelog", "changelog.schema.json", r"\d{4}\.\d{1,3}",
                 "changelog", "Changelog entry", "Changelog")
VOCABULARY = Kind("vocabulary", "vocabularies", "vocabulary.schema.json", r"verdicts|risk-levels|stages",
                  "vocabularies", "Vocabulary", "Vocabularies")

# Kinds whose IDs are published and citable (they enter the ID register).
CITABLE: tuple[Kind, ...] = (PRINCIPLE, CATEGORY, USE_CASE, SECTION, EXAMPLE, TREE, GLOSSARY)
# Every kind stored one item per file, in load order.
ITEM_KINDS: tuple[Kind, ...] = (VOCABULARY, PRINCIPLE, CATEGORY, USE_CASE, SECTION, TREE,
                                EXAMPLE, GLOSSARY, CHANGELOG)
BY_DIRECTORY = {kind.directory: kind for kind in ITEM_KINDS}
BY_NAME = {kind.name: kind for kind in ITEM_KINDS}



def as_kind(kind: Kind | str) -> Kind:
    """Accept a Kind or its name (templates pass names)."""
    return BY_NAME[kind] if isinstance(kind, str) else kind


GUIDELINE_FILE = "guideline.yml"
REGISTER_FILE = "published-ids.yml"
