"""Every statement of the edition being prepared says where it comes from (see provenance.py).

The schemas check the form of a provenance (a statement of the source names the source
and its section). That a basis is there at all is checked here, for the current
edition only: editions published before statements had a basis stay readable.
"""

from __future__ import annotations

from guidelines.load.corpus import Corpus, Item
from guidelines.load.yamlsource import dotted
from guidelines.problems import Problems, did_you_mean
from guidelines.provenance import statements_of

_HOW = ("'basis: source' (with 'source: SRC-n' and 'section: ...') if it states the source, "
        "'basis: reading' if it is this site's reading of it, or 'basis: advice' if it is practical advice")


def check_provenance(corpus: Corpus, item: Item, problems: Problems) -> None:
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
        if source and corpus.guideline and source not in known:  # (no guideline: its own problem is reported)
            path = statement.basis_path + ("source",)
            problems.add(item.source.where(path), dotted(path), f"unknown source '{source}'",
                         did_you_mean(source, known))
