"""Every statement of the edition being prepared says where it comes from (see provenance.py).

The schemas check the form of a provenance (a statement of the source names the source
and its section). That a basis is there at all is checked here, for the current
edition only (editions published before statements had a basis stay readable) and
for an unofficial paraphrase only: there the reader must be able to tell the
source's words from the site's.
"""

from __future__ import annotations

from guidelines.load.corpus import Corpus, Item
from guidelines.load.yamlsource import dotted
from guidelines.problems import Problems, did_you_mean
from guidelines.provenance import statements_of
from guidelines.render.status import OFFICIAL

_HOW = ("'basis: source' (with 'source: SRC-n' and 'section: ...') if it states the source, "
        "'basis: reading' if it is this site's reading of it, or 'basis: advice' if it is practical advice")


def check_provenance(corpus: Corpus, item: Item, problems: Problems) -> None:
    """Required where the site restates someone else's guidance: an issuer's own official rules are the
    rules, and say where a statement comes from only if their editors choose to."""
    if not corpus.guideline or corpus.guideline.get("status") == OFFICIAL:
        return  # (no guideline: its own problem is reported, and its status is not known)
    known = {s["id"] for s in corpus.guideline.get("sources", [])} if corpus.guideline else set()
    for statement in statements_of(item.kind, item.data):
        if statement.provenance is None:
            if statement.index is None:
                hint = f"add '{statement.basis_path[0]}:' below it, with {_HOW}"
            else:
                hint = f"write the entry as '- text: ...' with {_HOW}" if statement.clause is None else \
                    f"give clause {statement.clause} {_HOW}"
            problems.add(item.source.where(statement.path), dotted(statement.path),
                         "the statement does not say where it comes from", hint)
            continue
        source = statement.provenance.get("source")
        if source and source not in known:
            path = statement.basis_path + ("source",)
            problems.add(item.source.where(path), dotted(path), f"unknown source '{source}'",
                         did_you_mean(source, known))
