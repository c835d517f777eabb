"""What every layered drawing must satisfy, checked on its numbers (test_layered.py, test_treediagram.py).

Each check returns readable problems instead of asserting, so a failing test lists all of them.
"""

from __future__ import annotations

from itertools import pairwise

from guidelines.render.layered import Box, Drawing

Rect = tuple[float, float, float, float]  # left, top, right, bottom
SLACK = 1e-6


def rect(box: Box) -> Rect:
    return box.x - box.width / 2, box.y, box.x + box.width / 2, box.y + box.height


def _inside(a: Rect, b: Rect) -> bool:
    """Whether the open interiors of two rectangles meet."""
    return a[0] < b[2] - SLACK and b[0] < a[2] - SLACK and a[1] < b[3] - SLACK and b[1] < a[3] - SLACK


def overlapping_boxes(boxes: list[Box]) -> list[str]:
    """Pairs of boxes that overlap (a sweep down the drawing, so large drawings stay quick)."""
    order = sorted(range(len(boxes)), key=lambda i: boxes[i].y)
    open_: list[int] = []
    problems = []
    for i in order:
        here = rect(boxes[i])
        open_ = [j for j in open_ if rect(boxes[j])[3] > here[1] + SLACK]
        problems += [f"boxes {j} and {i} overlap" for j in open_ if _inside(rect(boxes[j]), here)]
        open_.append(i)
    return problems


def edges_through_boxes(drawing: Drawing, edges: list[tuple[int, int]]) -> list[str]:
    """Edges that start or end away from their boxes, or pass over any box on the way."""
    boxes = [rect(b) for b in drawing.boxes]
    problems = []
    for (source, target), route in zip(edges, drawing.routes, strict=True):
        first, last = route[0], route[-1]
        if abs(first.top - boxes[source][3]) > SLACK or not boxes[source][0] <= first.x <= boxes[source][2]:
            problems.append(f"edge {source}->{target} does not leave the bottom of its source")
        if abs(last.bottom - boxes[target][1]) > SLACK or abs(last.x - drawing.boxes[target].x) > SLACK:
            problems.append(f"edge {source}->{target} does not end at the top of its target")
        pieces = [(stop.x, stop.x, stop.top, stop.bottom) for stop in route]  # straight down in a layer
        pieces += [(min(a.x, b.x), max(a.x, b.x), a.bottom, b.top) for a, b in pairwise(route)]
        for left, right, top, bottom in pieces:
            if bottom < top - SLACK:
                problems.append(f"edge {source}->{target} goes up")
            hit = [k for k, box in enumerate(boxes)
                   if left < box[2] - SLACK and box[0] < right + SLACK and (left != right or box[0] < left < box[2])
                   and top < box[3] - SLACK and box[1] < bottom - SLACK]
            problems += [f"edge {source}->{target} crosses box {k}" for k in hit]
    return problems


def outside_drawing(drawing: Drawing) -> list[str]:
    """Boxes that stick out of the drawing's width and height."""
    return [f"box {k} sticks out of the drawing" for k, box in enumerate(drawing.boxes)
            if rect(box)[0] < 0 or rect(box)[1] < 0 or rect(box)[2] > drawing.width + SLACK
            or rect(box)[3] > drawing.height + SLACK]
