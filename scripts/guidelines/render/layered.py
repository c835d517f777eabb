"""A layered drawing of a directed acyclic graph of boxes, in the manner of Sugiyama.

The tree diagram is drawn at build time, without a browser and without a layout library
shipped to readers, so the geometry is worked out here, in the four classic steps:

1. ranks are given (each box says which layer it stands in);
2. an edge that spans several layers passes through a zero-width point in each layer
   between, so every edge runs between neighbouring layers only;
3. each layer is ordered to cross few edges: depth-first order, then a few barycentre
   sweeps down and up, keeping the order with the fewest crossings;
4. each layer is placed as close as it can be to the boxes it is joined to, keeping its
   order and the gaps (least squares under order constraints, solved by pooling
   adjacent violators), sweeping down and up a few times.

Boxes are centred in their layer's band and edges bend only in the gaps between bands,
so no edge ever crosses a box and no two boxes overlap, whatever their sizes.
Everything is deterministic: the same graph gives the same numbers.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from dataclasses import dataclass, field
from itertools import pairwise

SWEEPS = 4  # rounds of down-and-up ordering sweeps; small graphs settle in one or two
PLACINGS = 6  # rounds of down-and-up placing sweeps, at most
SETTLED = 0.05  # a round that moves nothing further than this ends the placing
HEAVIER = 8.0  # how much more a vertex weighs for each layer below it
STEEPNESS = 0.12  # a gap between layers is at least this part of the widest step an edge takes across it
PORT_STEP = 14.0  # between the points where a box's edges leave it
PORT_REACH = 0.3  # how far from its middle, as a part of its width, an edge may leave a box
DEEPEST = 300  # layers that count towards a weight (8.0 ** 300 is still a float)


@dataclass
class Box:
    """A box to place: its size and layer in; its centre ``x`` and top ``y`` out."""

    width: float
    height: float
    rank: int
    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True)
class Spacing:
    """The room left around boxes, in the drawing's units."""

    box_gap: float = 24  # between two boxes side by side
    edge_gap: float = 12  # beside an edge passing through a layer
    rank_gap: float = 28  # between two layers: where edges bend
    margin: float = 8  # around the whole drawing


@dataclass(frozen=True)
class Stop:
    """Where an edge crosses one layer: straight down at ``x`` from ``top`` to ``bottom``."""

    x: float
    top: float
    bottom: float


@dataclass
class Drawing:
    """The placed boxes, each edge's course (its stops, one per layer) and the drawing's size."""

    boxes: list[Box]
    routes: list[list[Stop]]
    width: float
    height: float


@dataclass
class _Graph:
    """Boxes and the points that long edges pass through, joined layer to layer."""

    widths: list[float]
    heights: list[float]
    ranks: list[int]
    chains: list[list[int]]  # each edge, as the vertices it passes, source first
    succ: list[list[int]] = field(default_factory=list)
    pred: list[list[int]] = field(default_factory=list)


def layout(boxes: list[Box], edges: list[tuple[int, int]], spacing: Spacing = Spacing()) -> Drawing:
    """Place ``boxes`` (in place) and route ``edges`` (pairs of indexes, each going to a higher rank)."""
    graph = _split_long_edges(boxes, edges)
    layers = _order(graph)
    xs = _place(graph, layers, spacing)
    left = min((xs[v] - graph.widths[v] / 2 for layer in layers for v in layer), default=0.0)
    xs = [x + spacing.margin - left for x in xs]
    width = max((xs[v] + graph.widths[v] / 2 for layer in layers for v in layer), default=0.0) + spacing.margin
    tops, bands, height = _bands(graph, layers, xs, spacing)
    band_of = {v: i for i, layer in enumerate(layers) for v in layer}
    for v, box in enumerate(boxes):
        box.x = xs[v]
        box.y = tops[band_of[v]] + (bands[band_of[v]] - box.height) / 2
    ports = _ports(graph, boxes, xs)
    routes = [_route(chain, boxes, xs, ports[k], tops, bands, band_of) for k, chain in enumerate(graph.chains)]
    return Drawing(boxes, routes, width, height)


def _split_long_edges(boxes: list[Box], edges: list[tuple[int, int]]) -> _Graph:
    """Every edge as a chain of one-layer steps, through zero-size points in the layers it skips."""
    graph = _Graph([b.width for b in boxes], [b.height for b in boxes], [b.rank for b in boxes], [])
    graph.succ = [[] for _ in boxes]
    graph.pred = [[] for _ in boxes]
    for source, target in edges:
        if graph.ranks[target] <= graph.ranks[source]:
            raise ValueError(f"edge {source}->{target} does not go down: ranks {graph.ranks[source]}, "
                             f"{graph.ranks[target]}")
        chain = [source]
        for rank in range(graph.ranks[source] + 1, graph.ranks[target]):
            graph.widths.append(0.0)
            graph.heights.append(0.0)
            graph.ranks.append(rank)
            graph.succ.append([])
            graph.pred.append([])
            chain.append(len(graph.ranks) - 1)
        chain.append(target)
        for a, b in pairwise(chain):
            graph.succ[a].append(b)
            graph.pred[b].append(a)
        graph.chains.append(chain)
    return graph


def _order(graph: _Graph) -> list[list[int]]:
    """The layers, top to bottom, each ordered left to right to cross few edges."""
    first_seen = _depth_first(graph)
    by_rank: dict[int, list[int]] = {}
    for v in sorted(range(len(graph.ranks)), key=first_seen.__getitem__):
        by_rank.setdefault(graph.ranks[v], []).append(v)
    layers = [by_rank[r] for r in sorted(by_rank)]
    best, fewest = [list(layer) for layer in layers], _crossings(graph, layers)
    for _ in range(SWEEPS):
        if fewest == 0:
            break
        for downward in (True, False):
            _sweep(graph, layers, downward)
            count = _crossings(graph, layers)
            if count < fewest:
                best, fewest = [list(layer) for layer in layers], count
    return best


def _depth_first(graph: _Graph) -> list[int]:
    """Each vertex's place in a depth-first walk from the sources, children in edge order:
    a tree drawn in this order crosses no edges."""
    seen = [-1] * len(graph.ranks)
    count = 0
    for root in (v for v in range(len(graph.ranks)) if not graph.pred[v]):
        stack = [root]
        while stack:
            v = stack.pop()
            if seen[v] >= 0:
                continue
            seen[v], count = count, count + 1
            stack.extend(reversed([w for w in graph.succ[v] if seen[w] < 0]))
    return seen


def _sweep(graph: _Graph, layers: list[list[int]], downward: bool) -> None:
    """Reorder each layer by the mean position of its neighbours in the layer just done."""
    indexes = range(1, len(layers)) if downward else range(len(layers) - 2, -1, -1)
    neighbours = graph.pred if downward else graph.succ
    for i in indexes:
        done = {v: k for k, v in enumerate(layers[i - 1 if downward else i + 1])}
        position = {v: k for k, v in enumerate(layers[i])}

        def key(v: int, done: dict[int, int] = done, position: dict[int, int] = position) -> tuple[float, int]:
            near = [done[w] for w in neighbours[v] if w in done]
            return (sum(near) / len(near) if near else position[v], position[v])

        layers[i].sort(key=key)


def _crossings(graph: _Graph, layers: list[list[int]]) -> int:
    """How many pairs of edges cross between neighbouring layers."""
    total = 0
    for upper, lower in pairwise(layers):
        below = {v: k for k, v in enumerate(lower)}
        ends = sorted((k, below[w]) for k, v in enumerate(upper) for w in graph.succ[v] if w in below)
        seen: list[int] = []
        for _, end in ends:  # an edge crosses every earlier edge that ends further right
            total += len(seen) - bisect_right(seen, end)
            insort(seen, end)
    return total


def _place(graph: _Graph, layers: list[list[int]], spacing: Spacing) -> list[float]:
    """Each vertex's centre: near the vertices it is joined to, in order, never too close.

    A vertex weighs ``HEAVIER`` to the power of the number of layers below it, so the
    longest branch runs straight and short ones (a result just below its question) step
    aside, instead of each parent settling over the middle of its children and a long
    chain drifting sideways; branches of equal length share the room evenly."""
    xs = [0.0] * len(graph.ranks)
    weights = _heights(graph, layers)
    gaps = [_gaps(graph, layer, spacing) for layer in layers]
    for layer, layer_gaps in zip(layers, gaps, strict=True):
        for v, x in zip(layer, _pool([0.0] * len(layer), [1.0] * len(layer), layer_gaps), strict=True):
            xs[v] = x
    for _ in range(PLACINGS):
        before = list(xs)
        for downward in (True, False):
            order = range(1, len(layers)) if downward else range(len(layers) - 2, -1, -1)
            neighbours = graph.pred if downward else graph.succ
            for i in order:
                wanted = [_mean([(xs[w], weights[w]) for w in neighbours[v]], xs[v]) for v in layers[i]]
                placed = _pool(wanted, [weights[v] for v in layers[i]], gaps[i])
                for v, x in zip(layers[i], placed, strict=True):
                    xs[v] = x
        if max((abs(a - b) for a, b in zip(xs, before, strict=True)), default=0.0) < SETTLED:
            break
    return xs


def _heights(graph: _Graph, layers: list[list[int]]) -> list[float]:
    """Each vertex's weight: ``HEAVIER`` to the power of the layers below it, down its longest way."""
    below = [0] * len(graph.ranks)
    for layer in reversed(layers):
        for v in layer:
            below[v] = max((below[w] + 1 for w in graph.succ[v]), default=0)
    return [HEAVIER ** min(b, DEEPEST) for b in below]


def _gaps(graph: _Graph, layer: list[int], spacing: Spacing) -> list[float]:
    """The least distance between the centres of each pair of neighbours in a layer."""
    out = []
    for a, b in pairwise(layer):
        points = graph.widths[a] == 0 or graph.widths[b] == 0
        out.append((graph.widths[a] + graph.widths[b]) / 2 + (spacing.edge_gap if points else spacing.box_gap))
    return out


def _mean(values: list[tuple[float, float]], default: float) -> float:
    """The weighted mean of (value, weight) pairs, or ``default`` when there are none."""
    total = sum(weight for _, weight in values)
    return sum(value * weight for value, weight in values) / total if values else default


def _pool(wanted: list[float], weights: list[float], gaps: list[float]) -> list[float]:
    """Positions in order, at least ``gaps`` apart, as close to ``wanted`` as weighted least squares allows.

    With offsets taking up the gaps, this is isotonic regression: pool adjacent violators."""
    offsets = [0.0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    blocks: list[tuple[float, float, int]] = []  # (mean, weight, count)
    for want, weight, offset in zip(wanted, weights, offsets, strict=True):
        mean, total, count = want - offset, weight, 1
        while blocks and blocks[-1][0] >= mean:
            before, before_total, n = blocks.pop()
            mean = (before * before_total + mean * total) / (before_total + total)
            total, count = before_total + total, n + count
        blocks.append((mean, total, count))
    values = [mean for mean, _, count in blocks for _ in range(count)]
    return [value + offset for value, offset in zip(values, offsets, strict=True)]


def _bands(graph: _Graph, layers: list[list[int]], xs: list[float], spacing: Spacing
           ) -> tuple[list[float], list[float], float]:
    """Each layer's top and height (its tallest box), and the drawing's height.

    A gap grows with the widest step an edge takes across it, so an edge going far to
    the side bends visibly instead of running nearly flat beside its neighbours."""
    tops, bands, y = [], [], spacing.margin
    for i, layer in enumerate(layers):
        if i:
            y += _gap(graph, layers[i - 1], xs, spacing)
        tops.append(y)
        bands.append(max(graph.heights[v] for v in layer))
        y += bands[-1]
    return tops, bands, y + spacing.margin


def _gap(graph: _Graph, upper: list[int], xs: list[float], spacing: Spacing) -> float:
    """The room below a layer: ``rank_gap``, or more for an edge that steps far sideways (up to three times)."""
    step = max((abs(xs[w] - xs[v]) for v in upper for w in graph.succ[v]), default=0.0)
    return max(spacing.rank_gap, min(spacing.rank_gap * 3, step * STEEPNESS))


def _ports(graph: _Graph, boxes: list[Box], xs: list[float]) -> list[float]:
    """Where each edge leaves its source: above where it goes, within the middle of the box's
    bottom and ``PORT_STEP`` apart, so edges part at once and one going straight down stays straight."""
    leaving: dict[int, list[int]] = {}
    for k, chain in enumerate(graph.chains):
        leaving.setdefault(chain[0], []).append(k)
    ports = [0.0] * len(graph.chains)
    for source, ks in leaving.items():
        ks.sort(key=lambda k: (xs[graph.chains[k][1]], k))
        reach = boxes[source].width * PORT_REACH
        step = min(PORT_STEP, 2 * reach / max(len(ks) - 1, 1))
        wanted = [min(max(xs[graph.chains[k][1]], xs[source] - reach), xs[source] + reach) for k in ks]
        placed = _pool(wanted, [1.0] * len(ks), [step] * (len(ks) - 1))
        low, high = xs[source] - reach, xs[source] + reach
        for n, (k, x) in enumerate(zip(ks, placed, strict=True)):  # back within reach, still apart
            ports[k] = min(max(x, low + n * step), high - (len(ks) - 1 - n) * step)
    return ports


def _route(chain: list[int], boxes: list[Box], xs: list[float], port: float, tops: list[float],
           bands: list[float], band_of: dict[int, int]) -> list[Stop]:
    """An edge's stops: out of the bottom of its source, through each layer, into the top of its target."""
    stops = []
    for k, v in enumerate(chain):
        band = band_of[v]
        x, top, bottom = xs[v], tops[band], tops[band] + bands[band]
        if k == 0:
            x, top = port, boxes[v].y + boxes[v].height
        if k == len(chain) - 1:
            bottom = boxes[v].y
        stops.append(Stop(x, top, bottom))
    return stops
