"""The layered layout: boxes never overlap, edges never cross a box, trees cross no edges."""

from __future__ import annotations

import random

import pytest
from layout_checks import edges_through_boxes, outside_drawing, overlapping_boxes

from guidelines.render.layered import Box, Spacing, _pool, layout


def _boxes(sizes: list[tuple[float, float, int]]) -> list[Box]:
    return [Box(w, h, rank) for w, h, rank in sizes]


def _crossing_pairs(drawing, edges: list[tuple[int, int]]) -> int:
    """Edges between the same two layers whose ends swap sides."""
    count, boxes = 0, drawing.boxes
    for i, (a, b) in enumerate(edges):
        for c, d in edges[i + 1:]:
            same_layers = boxes[a].rank == boxes[c].rank and boxes[b].rank == boxes[d].rank
            if same_layers and (boxes[a].x - boxes[c].x) * (boxes[b].x - boxes[d].x) < 0:
                count += 1
    return count


def test_pool_keeps_order_and_gaps_and_the_wanted_places_when_it_can() -> None:
    assert _pool([0, 100, 300], [1, 1, 1], [50, 50]) == [0, 100, 300]
    assert _pool([10, 10, 10], [1, 1, 1], [20, 20]) == [-10, 10, 30]  # centred on what they all want
    heavy = _pool([10, 10, 10], [1, 1000, 1], [20, 20])
    assert abs(heavy[1] - 10) < 0.1, "the heavy one gets its place, the light ones step aside"
    assert heavy[0] == pytest.approx(heavy[1] - 20) and heavy[2] == pytest.approx(heavy[1] + 20)
    swapped = _pool([100, 0], [1, 1], [30])  # wanting the wrong order: as close as the order allows
    assert swapped == [35, 65]


def test_a_tree_crosses_nothing_and_a_single_child_sits_straight_below() -> None:
    # 0 -> 1, 2, 3; 2 -> 4, 5; 5 -> 6
    boxes = _boxes([(100, 40, 0), (80, 30, 1), (100, 40, 1), (60, 30, 1), (100, 40, 2), (100, 40, 2), (100, 40, 3)])
    edges = [(0, 1), (0, 2), (0, 3), (2, 4), (2, 5), (5, 6)]
    drawing = layout(boxes, edges)
    assert _crossing_pairs(drawing, edges) == 0
    assert drawing.boxes[6].x == pytest.approx(drawing.boxes[5].x)
    assert [b.x for b in drawing.boxes[1:4]] == sorted(b.x for b in drawing.boxes[1:4]), "children keep their order"
    assert not overlapping_boxes(drawing.boxes) + edges_through_boxes(drawing, edges) + outside_drawing(drawing)


def test_the_longest_branch_runs_straight() -> None:
    """A chain of questions, each with a result to either side: the chain stays in one column."""
    sizes, edges, spine = [(100.0, 40.0, 0)], [], [0]
    for level in range(1, 9):
        left = len(sizes)
        sizes += [(100.0, 40.0, level)] * 3
        edges += [(spine[-1], left), (spine[-1], left + 1), (spine[-1], left + 2)]
        spine.append(left + 1)
    drawing = layout(_boxes(sizes), edges)
    assert len({round(drawing.boxes[v].x, 3) for v in spine}) == 1, [drawing.boxes[v].x for v in spine]


def test_a_long_edge_passes_every_layer_between_and_crosses_no_box() -> None:
    boxes = _boxes([(100, 40, 0), (300, 60, 1), (300, 50, 2), (100, 40, 3)])
    edges = [(0, 1), (1, 2), (2, 3), (0, 3)]
    drawing = layout(boxes, edges, Spacing(box_gap=20, edge_gap=10, rank_gap=30, margin=5))
    long_route = drawing.routes[3]
    assert len(long_route) == 4, "one stop in each of the four layers"
    assert not overlapping_boxes(drawing.boxes) + edges_through_boxes(drawing, edges) + outside_drawing(drawing)


def test_an_edge_that_does_not_go_down_is_refused() -> None:
    with pytest.raises(ValueError, match="does not go down"):
        layout(_boxes([(10, 10, 1), (10, 10, 1)]), [(0, 1)])


@pytest.mark.parametrize("seed", range(60))
def test_random_graphs_never_overlap_and_edges_never_cross_a_box(seed: int) -> None:
    rng = random.Random(seed)
    sizes = [(rng.choice([0.5, 40, 120, 220]), rng.choice([17, 40, 90]), rng.randrange(6))
             for _ in range(rng.randrange(2, 30))]
    edges = sorted({(a, b) for a in range(len(sizes)) for b in range(len(sizes))
                    if sizes[a][2] < sizes[b][2] and rng.random() < 0.15})
    boxes = _boxes(sizes)
    drawing = layout(boxes, edges)
    assert not overlapping_boxes(drawing.boxes) + edges_through_boxes(drawing, edges) + outside_drawing(drawing)
    again = layout(_boxes(sizes), edges)
    assert [(b.x, b.y) for b in again.boxes] == [(b.x, b.y) for b in drawing.boxes], "the same graph, the same drawing"
