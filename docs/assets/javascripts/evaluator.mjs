/* How a decision tree is evaluated, as an ES module: the one JavaScript copy of
 * scripts/guidelines/evaluator.py (rule for rule, message for message) and of the URL
 * format of scripts/guidelines/urlstate.py, and of verdicts.question_order. The site's widget
 * imports it; so can any tool:
 *
 *   import { evaluate, decode } from 'https://<site>/assets/javascripts/evaluator.mjs';
 *   const tree = await (await fetch('https://<site>/api/v1/trees/quick-check.json')).json();
 *   evaluate(tree, decode('creative-output.yes'));  // {complete, node, verdict, steps, tree}
 *
 * tests/test_evaluator_js.py runs it in Node beside the Python evaluator on the same cases.
 * Plain ES2017 and `export`; no dependencies, no DOM.
 */

var own = (o, k) => o != null && {}.hasOwnProperty.call(o, k) ? o[k] : undefined;

/* Answers that do not fit the tree: an unknown question or option, or the wrong order. */
export class EvaluationError extends Error {}
EvaluationError.prototype.name = 'EvaluationError';

/* Walk `tree` (an exported tree: nodes keyed by ID) with `answers`, [[question, value], …] in
 * the order asked: an outcome ({complete: true, verdict}) or the next question. */
export function evaluate(tree, answers) {
  var nodes = tree.nodes, id = tree.start, steps = [], seen = {}, node;
  var fail = message => new EvaluationError(message);
  var missing = () => fail(`node '${id}' does not exist in tree '${tree.id}'`);
  (answers || []).forEach(pair => {
    var q = String(pair[0]), v = String(pair[1]), option;
    node = own(nodes, id);
    if (!node) throw missing();
    if (node.type === 'outcome') throw fail(`answer to '${q}' given after the walk reached outcome '${id}'`);
    if (q !== id) throw fail(`expected an answer to '${id}', found one to '${q}'`);
    if (seen[id]) throw fail(`question '${id}' asked twice: the tree has a cycle`);
    seen[id] = 1;
    option = node.options.find(o => o.value === v);
    if (!option) {
      throw fail(`question '${id}' has no option '${v}' (its options: ${node.options.map(o => `'${o.value}'`).join(', ')})`);
    }
    steps.push({ question: id, value: v, text: node.text || '', label: option.label });
    id = option.next;
  });
  node = own(nodes, id);
  if (!node) throw missing();
  var complete = node.type === 'outcome';
  return { tree: tree.id, node: id, steps: steps, complete: complete, verdict: complete ? node.verdict : null };
}

/* The tree's question IDs in the order a reader meets them (breadth first from the start). */
export function questionOrder(tree) {
  var nodes = tree.nodes, order = [tree.start];
  for (var i = 0; i < order.length; i++) {
    ((own(nodes, order[i]) || {}).options || []).forEach(o => { if (!order.includes(o.next)) order.push(o.next); });
  }
  return order.filter(id => (own(nodes, id) || {}).type === 'question');
}

/* The ?answers= parameter: "question.value" steps joined by "~". */
export function encode(answers) { return answers.map(a => a[0] + '.' + a[1]).join('~'); }

/* …and back: empty steps are skipped; a step without a question or a value is an Error. */
export function decode(s) {
  return (s || '').split('~').filter(Boolean).map(p => {
    var i = p.indexOf('.');
    if (i < 1 || i === p.length - 1) throw Error(`malformed step '${p}'`);
    return [p.slice(0, i), p.slice(i + 1)];
  });
}
