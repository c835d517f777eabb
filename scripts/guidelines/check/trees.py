"""Structural checks of decision trees, and their exported form.

A tree is a graph of questions and outcomes. Before any example is walked through
it, the graph must be sound: unique node IDs, a start that exists, every ``next``
resolved, every node reachable, no cycle, every leaf an outcome.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from guidelines.load.corpus import Item
from guidelines.problems import Problems, did_you_mean


def _node_path(index: int, *rest: str | int) -> tuple[str | int, ...]:
    return ("nodes", index, *rest)


def check_tree(item: Item, problems: Problems) -> bool:
    """Add a problem for every structural fault; True when the tree is sound."""
    before = len(problems)
    source, nodes = item.source, item.data["nodes"]
    index_of: dict[str, int] = {}
    for index, node in enumerate(nodes):
        node_id = node["id"]
        if node_id in index_of:
            first = source.where(_node_path(index_of[node_id], "id")).line
            problems.add(source.where(_node_path(index, "id")), f"nodes[{index}].id",
                         f"duplicate node ID '{node_id}' (first used on line {first})",
                         "give each question and outcome its own ID")
        else:
            index_of[node_id] = index
    start = item.data["start"]
    if start not in index_of:
        problems.add(source.where(("start",)), "start", f"the start node '{start}' does not exist",
                     did_you_mean(start, set(index_of)))
    elif nodes[index_of[start]]["type"] != "question":
        problems.add(source.where(("start",)), "start", f"the start node '{start}' is an outcome",
                     "start the tree with a question")
    for index, node in enumerate(nodes):
        if node["type"] != "question":
            continue
        options = node.get("options", [])
        if not options:
            problems.add(source.where(_node_path(index, "id")), f"nodes[{index}]",
                         f"question '{node['id']}' has no options, so the walk would stop on a question",
                         "every leaf must be an outcome: add options, or make this node an outcome")
        values: dict[str, int] = {}
        for o_index, option in enumerate(options):
            field = f"nodes[{index}].options[{o_index}]"
            if option["value"] in values:
                problems.add(source.where(_node_path(index, "options", o_index, "value")), f"{field}.value",
                             f"option value '{option['value']}' is used twice in question '{node['id']}'",
                             "each option of a question needs its own value")
            values[option["value"]] = o_index
            target = option["next"]
            if target not in index_of:
                problems.add(source.where(_node_path(index, "options", o_index, "next")), f"{field}.next",
                             f"'next' points to '{target}', which is not a node of this tree",
                             did_you_mean(target, set(index_of)))
            elif target == node["id"]:
                problems.add(source.where(_node_path(index, "options", o_index, "next")), f"{field}.next",
                             f"question '{node['id']}' leads to itself", "point 'next' to another node")
    if len(problems) > before or start not in index_of:
        return False
    _check_graph(item, index_of, problems)
    return len(problems) == before


def _check_graph(item: Item, index_of: dict[str, int], problems: Problems) -> None:
    """Reachability and cycles, on a tree whose references all resolve."""
    nodes, source = item.data["nodes"], item.source
    children = {n["id"]: [o["next"] for o in n.get("options", [])] for n in nodes}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    stack: list[tuple[str, int]] = [(item.data["start"], 0)]
    path: list[str] = []
    reported: set[frozenset[str]] = set()
    while stack:
        node_id, child_index = stack.pop()
        if child_index == 0:
            state[node_id] = 1
            path.append(node_id)
        kids = children[node_id]
        if child_index < len(kids):
            stack.append((node_id, child_index + 1))
            child = kids[child_index]
            if state.get(child) == 1:
                cycle = path[path.index(child):] + [child]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    where = index_of[node_id]
                    problems.add(source.where(_node_path(where, "id")), f"nodes[{where}]",
                                 f"cycle: {' -> '.join(cycle)}",
                                 "a tree must never lead back to an earlier question: point 'next' forward")
            elif child not in state:
                stack.append((child, 0))
        else:
            state[node_id] = 2
            path.pop()
    for node in nodes:
        if node["id"] not in state:
            where = index_of[node["id"]]
            problems.add(source.where(_node_path(where, "id")), f"nodes[{where}].id",
                         f"node '{node['id']}' cannot be reached from the start '{item.data['start']}'",
                         "point an option's 'next' to it, or remove it")


def tree_hash(tree: dict[str, Any]) -> str:
    """A content hash of what decides a walk and what it says (IDs, routing, text)."""
    material = {k: tree[k] for k in ("id", "start", "nodes")}
    blob = json.dumps(material, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


def tree_document(item: Item) -> dict[str, Any]:
    """The tree as exported and evaluated: nodes keyed by ID, defaults filled in."""
    nodes: dict[str, Any] = {}
    for node in item.data["nodes"]:
        if node["type"] == "question":
            nodes[node["id"]] = {
                "id": node["id"], "type": "question", "text": node["text"], "help": node["help"],
                "principles": list(node.get("principles", [])),
                "categories": list(node.get("categories", [])),
                "options": [{"value": o["value"], "label": o["label"], "next": o["next"]}
                            for o in node.get("options", [])],
            }
        else:
            nodes[node["id"]] = {
                "id": node["id"], "type": "outcome", "verdict": node["verdict"], "title": node["title"],
                "explanation": node["explanation"], "next_steps": list(node["next_steps"]),
                "principles": list(node.get("principles", [])),
                "categories": list(node.get("categories", [])),
            }
    document = {"id": item.id, "title": item.data["title"], "summary": item.data["summary"],
                "status": item.data.get("status", "active"), "start": item.data["start"],
                "principles": list(item.data.get("principles", [])), "nodes": nodes}
    document["hash"] = tree_hash(document)
    return document


def most_lenient(tree: dict[str, Any], ranks: dict[str, int]) -> dict[str, int]:
    """Node ID -> the rank of the most lenient verdict reachable from it (a sound, acyclic tree).

    Iterative post-order, so deep synthetic trees cannot exhaust Python's stack.
    """
    nodes, best = tree["nodes"], {}
    stack = [tree["start"]]
    while stack:
        node_id = stack[-1]
        node = nodes[node_id]
        if node["type"] == "outcome":
            best[node_id] = ranks.get(node["verdict"], len(ranks))
            stack.pop()
            continue
        todo = [o["next"] for o in node["options"] if o["next"] not in best]
        if todo:
            stack.extend(todo)
        else:
            best[node_id] = min(best[o["next"]] for o in node["options"])
            stack.pop()
    return best


def check_yes_direction(item: Item, tree: dict[str, Any], ranks: dict[str, int], problems: Problems) -> None:
    """'Yes' points one way in every question: towards caution, never to a more lenient result than 'No'.

    A reader who learns that "Yes" means trouble in one question must not find it means
    the opposite in the next. The rule compares the most lenient verdict each answer can
    still reach: if "Yes" could end more leniently than "No", the question reads backwards.
    """
    best = most_lenient(tree, ranks)
    names = {rank: verdict for verdict, rank in ranks.items()}
    for index, node in enumerate(item.data["nodes"]):
        if node["type"] != "question":
            continue
        by_value = {o["value"]: o["next"] for o in node["options"]}
        if "yes" not in by_value or "no" not in by_value:
            continue
        yes, no = best[by_value["yes"]], best[by_value["no"]]
        if yes < no:
            problems.add(item.source.where(_node_path(index, "text")), f"nodes[{index}].text",
                         f"question '{node['id']}' reads backwards: 'Yes' can end in '{names.get(yes, yes)}', "
                         f"which is more lenient than anything 'No' leads to ('{names.get(no, no)}')",
                         "in every tree 'Yes' points towards caution: ask about the risk (\"Could the output "
                         "copy...?\" rather than \"Will the output avoid copying...?\") and swap the two answers")
