/* Interactive decision trees: one question at a time, ending in a verdict and a
 * decision record. Plain ES2017, no dependencies.
 *
 * Page contract (written by the generator on each tree page):
 *   <div class="dt" data-dt-tree="ID" data-dt-src="dt-data-ID">…text for no-JS…</div>
 * and an element with id "dt-data-ID" whose text is the JSON payload {"tree": …,
 * "guideline": …, "principles": …, "categories": …, "verdicts": …, "record_schema_url": …}
 * with <, > and & written \u003c, \u003e, \u0026. Prefer <template id="dt-data-ID">:
 * Material's instant navigation re-creates every inline <script> of the new page without
 * its attributes, so a <script type="application/json"> would lose its id and be run.
 *
 * URL state: the answers given so far, in the order asked, live in one query parameter
 *   ?answers=<question>.<value>~<question>.<value>…   e.g. ?answers=q-own.yes~q-temp.no
 * Question IDs and option values are [a-z0-9-] (tree schema), so "." and "~" (both
 * unreserved in URLs) never clash and nothing is percent-encoded. No parameter means the
 * first question; answers that reach an outcome mean the result. Each step is a history
 * entry (pushState), restored on load and on popstate. One tree per page.
 *
 * Semantics: DecisionTree.evaluate is scripts/guidelines/evaluator.py, rule for rule and
 * message for message; the browser tests compare the two on every path of every tree.
 * All content is plain text and is only ever rendered with text nodes.
 */
(function () {
  'use strict';
  if (window.DecisionTree) return;

  // Interface strings (English). A page may override any of them with payload.strings.
  var EN = {
    question: 'Question {n}',
    answered1: 'You have answered 1 question.',
    answeredN: 'You have answered {n} questions.',
    related: 'Related:',
    earlier: ' (your earlier answer)',
    yours: 'Your answers',
    change: 'Change',
    changeWhat: ' your answer to: {q}',
    back: 'Back',
    restart: 'Start again',
    result: 'Result',
    verdict: 'Verdict:',
    why: 'Why',
    basis: 'This result rests on:',
    next: 'What to do next',
    link: 'Link to this result',
    copy: 'Copy link',
    copied: 'Link copied.',
    copyFail: 'Your browser did not allow copying: the link is selected, press Ctrl+C (or ⌘C) to copy it.',
    download: 'Download record',
    print: 'Print',
    email: 'Email your studio contact',
    contact: 'Your studio contact: {name}.',
    meta: 'Edition {edition} · tree “{id}” · {hash}',
    staleTitle: "This link's answers no longer match the current edition of the tree",
    stale: 'The answers in this link do not fit the current questions of “{tree}” (edition {edition}): a question or an answer may have changed since the link was made, or the link was altered. Start again to answer the current questions.',
    detail: 'Details: {error}.',
    broken: 'The interactive tree could not be loaded. Use the outline of the tree on this page instead.',
    sayQuestion: 'Question {n}: {text}',
    sayResult: 'Result: {verdict}. {title}',
    subject: '{short}: {tree} says “{verdict}” (edition {edition})',
    body: 'Hello {name},\n\nI checked an intended use of generative AI with the decision tree “{tree}” of {guideline}, edition {edition}.\n\nVerdict: {verdict}: {outcome}\n\nMy answers:\n{answers}\n\nLink to this result: {url}\nTree: {id} ({hash})\n\nWhat we intend to do: \n\nPlease let me know how to proceed.\n'
  };

  var own = function (o, k) { return o != null && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined; };

  // The reference semantics (see scripts/guidelines/evaluator.py).
  function evaluate(tree, answers) {
    var nodes = tree.nodes, id = tree.start, steps = [], seen = {}, node;
    var missing = function () { return new Error("node '" + id + "' does not exist in tree '" + tree.id + "'"); };
    (answers || []).forEach(function (pair) {
      var q = String(pair[0]), v = String(pair[1]), option;
      node = own(nodes, id);
      if (!node) throw missing();
      if (node.type === 'outcome') throw new Error("answer to '" + q + "' given after the walk reached outcome '" + id + "'");
      if (q !== id) throw new Error("expected an answer to '" + id + "', found one to '" + q + "'");
      if (seen[id]) throw new Error("question '" + id + "' asked twice: the tree has a cycle");
      seen[id] = 1;
      option = node.options.find(function (o) { return o.value === v; });
      if (!option) {
        throw new Error("question '" + id + "' has no option '" + v + "' (its options: " +
          node.options.map(function (o) { return "'" + o.value + "'"; }).join(', ') + ')');
      }
      steps.push({ question: id, value: v, text: node.text || '', label: option.label });
      id = option.next;
    });
    node = own(nodes, id);
    if (!node) throw missing();
    var complete = node.type === 'outcome';
    return { tree: tree.id, node: id, steps: steps, complete: complete, verdict: complete ? node.verdict : null };
  }

  function fill(s, v) { return s.replace(/\{(\w+)\}/g, function (m, k) { return v[k] != null ? v[k] : m; }); }

  // Build an element: attributes (functions under "on…" become listeners), then children.
  function h(tag, attrs) {
    var e = document.createElement(tag), k, v;
    for (k in attrs) {
      v = attrs[k];
      if (v == null || v === false) continue;
      if (typeof v === 'function') e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    [].slice.call(arguments, 2).forEach(function add(c) {
      if (Array.isArray(c)) c.forEach(add); else if (c != null && c !== false) e.append(c);
    });
    return e;
  }

  function encode(answers) { return answers.map(function (a) { return a[0] + '.' + a[1]; }).join('~'); }
  // As scripts/guidelines/urlstate.py: empty steps are skipped, a step needs "q.v".
  function decode(s) {
    return (s || '').split('~').filter(Boolean).map(function (p) {
      var i = p.indexOf('.');
      if (i < 1 || i === p.length - 1) throw new Error("malformed step '" + p + "'");
      return [p.slice(0, i), p.slice(i + 1)];
    });
  }
  function href(answers) {
    var q = new URLSearchParams(location.search);
    q.delete('answers');
    q = q.toString();
    if (answers.length) q += (q ? '&' : '') + 'answers=' + encode(answers);
    return location.pathname + (q ? '?' + q : '');
  }
  function safe(url) { return url && !/^\s*(javascript|data|vbscript):/i.test(url) ? url : null; }

  function go(w, answers, earlier) {
    history.pushState({ dt: 1 }, '', href(answers));
    w.earlier = earlier;
    render(w, true);
  }

  function render(w, moved) {
    var view, r;
    try {
      r = evaluate(w.tree, decode(new URLSearchParams(location.search).get('answers')));
      view = r.complete ? result(w, r) : question(w, r);
    } catch (e) {
      view = stale(w, e);
    }
    w.earlier = null;
    w.view.replaceWith(view.el);
    w.view = view.el;
    if (moved) {
      view.focus.focus();
      say(w, view.say);
    }
  }

  function say(w, text) {
    w.live.textContent = '';
    setTimeout(function () { w.live.textContent = text; }, 50);
  }

  function answersOf(r) { return r.steps.map(function (s) { return [s.question, s.value]; }); }

  // The answers so far, each with a button to change it.
  function list(w, r) {
    var ans = answersOf(r), T = w.T;
    return h('ol', { class: 'dt-answers' }, r.steps.map(function (s, i) {
      return h('li', null,
        h('span', { class: 'dt-q' }, s.text), ' ',
        h('strong', { class: 'dt-a' }, s.label), ' ',
        h('button', { type: 'button', class: 'dt-change', onclick: function () { go(w, ans.slice(0, i), s.value); } },
          T.change, h('span', { class: 'dt-sr' }, fill(T.changeWhat, { q: s.text }))));
    }));
  }

  function nav(w, r) {
    var ans = answersOf(r), T = w.T;
    return ans.length ? h('div', { class: 'dt-nav' },
      h('button', { type: 'button', class: 'dt-btn dt-back', onclick: function () { go(w, ans.slice(0, -1), ans[ans.length - 1][1]); } }, '‹ ' + T.back),
      h('button', { type: 'button', class: 'dt-btn dt-restart', onclick: function () { go(w, []); } }, T.restart)) : null;
  }

  function links(w, node) {
    var d = w.d;
    return (node.principles || []).map(function (id) { return [own(d.principles, id), id]; })
      .concat((node.categories || []).map(function (id) { return [own(d.categories, id), id]; }))
      .map(function (p) {
        var item = p[0] || { id: p[1], title: '' }, url = safe(item.url);
        return h('li', null, h(url ? 'a' : 'span', { href: url }, h('b', null, item.id), item.title ? ' ' + item.title : ''));
      });
  }

  function question(w, r) {
    var T = w.T, node = own(w.tree.nodes, r.node), n = r.steps.length, ans = answersOf(r);
    var id = 'dt-' + w.tree.id + '-', heading = h('h2', { class: 'dt-heading', id: id + 'q', tabindex: '-1' }, node.text);
    var related = links(w, node);
    var el = h('div', { class: 'dt-step', 'data-dt-node': node.id },
      h('fieldset', { class: 'dt-question', 'aria-describedby': id + 'help' },
        h('legend', null, h('span', { class: 'dt-progress' }, fill(T.question, { n: n + 1 })), heading),
        h('p', { class: 'dt-help', id: id + 'help' }, node.help),
        h('div', { class: 'dt-options' }, node.options.map(function (o) {
          var was = o.value === w.earlier;
          return h('button', {
            type: 'button', class: 'dt-option' + (was ? ' dt-option--earlier' : ''), 'data-value': o.value,
            onclick: function () { go(w, ans.concat([[node.id, o.value]])); }
          }, o.label, was ? h('span', { class: 'dt-earlier' }, T.earlier) : null);
        })),
        related.length ? h('div', { class: 'dt-related' }, h('span', null, T.related), h('ul', null, related)) : null),
      n ? h('div', { class: 'dt-so-far' },
        h('h3', null, T.yours),
        h('p', { class: 'dt-count' }, fill(n === 1 ? T.answered1 : T.answeredN, { n: n })),
        list(w, r)) : null,
      nav(w, r));
    return { el: el, focus: heading, say: fill(T.sayQuestion, { n: n + 1, text: node.text }) };
  }

  function record(w, r, url) {
    var t = w.tree, g = w.d.guideline || {}, o = own(t.nodes, r.node), v = own(w.d.verdicts, o.verdict) || {};
    return {
      $schema: new URL(w.d.record_schema_url || (g.site_url || '/') + 'api/v1/record.schema.json', location.href).href,
      record_version: '1.0',
      guideline: { title: g.title, edition: g.edition || t.edition },
      tree: { id: t.id, title: t.title, hash: t.hash },
      answers: r.steps.map(function (s) { return { question: s.question, question_text: s.text, value: s.value, label: s.label }; }),
      outcome: { id: o.id, title: o.title },
      verdict: { id: o.verdict, label: v.label || o.verdict },
      url: url,
      created: new Date().toISOString()
    };
  }

  function mailto(w, rec) {
    var g = w.d.guideline || {}, c = g.contact || {}, T = w.T;
    var v = { short: g.short_title || g.title, guideline: g.title, edition: rec.guideline.edition, tree: rec.tree.title,
      id: rec.tree.id, hash: rec.tree.hash, verdict: rec.verdict.label, outcome: rec.outcome.title, url: rec.url,
      name: c.name || '', answers: rec.answers.map(function (a) { return '- ' + a.question_text + ' ' + a.label; }).join('\n') };
    return 'mailto:' + (c.email ? encodeURIComponent(c.email).replace(/%40/g, '@') : '') +
      '?subject=' + encodeURIComponent(fill(T.subject, v)) +
      '&body=' + encodeURIComponent(fill(T.body, v).replace(/\r?\n/g, '\r\n'));
  }

  function result(w, r) {
    var T = w.T, d = w.d, node = own(w.tree.nodes, r.node), g = d.guideline || {}, c = g.contact || {};
    var v = own(d.verdicts, node.verdict) || { label: node.verdict };
    var url = location.href.split('#')[0], rec = record(w, r, url), basis = links(w, node);
    var heading = h('h2', { class: 'dt-heading', tabindex: '-1' }, node.title);
    var input = h('input', { type: 'text', readonly: '', class: 'dt-url', id: 'dt-' + w.tree.id + '-url', value: url });
    var el = h('section', { class: 'dt-result', 'aria-label': T.result, 'data-dt-node': node.id, 'data-dt-verdict': node.verdict },
      h('p', { class: 'dt-progress' }, T.result),
      heading,
      h('p', { class: 'dt-badge dt-badge--' + String(node.verdict).replace(/[^a-z0-9-]/g, '') },
        v.symbol ? h('span', { class: 'dt-symbol', 'aria-hidden': 'true' }, v.symbol) : null,
        h('span', null, T.verdict + ' '), h('strong', null, v.label)),
      v.description ? h('p', { class: 'dt-verdict-text' }, v.description) : null,
      h('p', { class: 'dt-explanation' }, node.explanation),
      h('h3', null, T.why),
      list(w, r),
      basis.length ? h('div', { class: 'dt-related' }, h('span', null, T.basis), h('ul', null, basis)) : null,
      h('h3', null, T.next),
      h('ul', { class: 'dt-next' }, (node.next_steps || []).map(function (s) { return h('li', null, s); })),
      c.name ? h('p', { class: 'dt-contact' }, fill(T.contact, { name: c.name }), c.instructions ? ' ' + c.instructions : '') : null,
      h('div', { class: 'dt-actions' },
        h('button', { type: 'button', class: 'dt-btn dt-copy', onclick: function () {
          var fallback = function () { input.focus(); input.select(); say(w, T.copyFail); };
          try { navigator.clipboard.writeText(url).then(function () { say(w, T.copied); }, fallback); } catch (e) { fallback(); }
        } }, T.copy),
        h('button', { type: 'button', class: 'dt-btn dt-download', onclick: function () {
          var rec2 = record(w, r, url), a = h('a', {
            href: URL.createObjectURL(new Blob([JSON.stringify(rec2, null, 2) + '\n'], { type: 'application/json' })),
            download: w.tree.id + '-record-' + rec2.created.slice(0, 10) + '.json'
          });
          document.body.append(a);
          a.click();
          a.remove();
          setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
        } }, T.download),
        h('button', { type: 'button', class: 'dt-btn dt-print', onclick: function () { window.print(); } }, T.print),
        h('a', { class: 'dt-btn dt-btn--primary dt-email', href: mailto(w, rec) }, T.email)),
      h('p', { class: 'dt-share' }, h('label', { for: input.id }, T.link), ' ', input),
      h('p', { class: 'dt-print-url' }, T.link + ': ' + url),
      h('p', { class: 'dt-meta' }, fill(T.meta, { edition: rec.guideline.edition, id: w.tree.id, hash: w.tree.hash })),
      nav(w, r));
    return { el: el, focus: heading, say: fill(T.sayResult, { verdict: v.label, title: node.title }) };
  }

  function stale(w, error) {
    var T = w.T, g = w.d.guideline || {}, heading = h('h2', { class: 'dt-heading', tabindex: '-1' }, T.staleTitle);
    var el = h('div', { class: 'dt-stale' }, heading,
      h('p', null, fill(T.stale, { tree: w.tree.title, edition: g.edition || w.tree.edition })),
      h('p', { class: 'dt-detail' }, fill(T.detail, { error: error && error.message || String(error) })),
      h('div', { class: 'dt-nav' }, h('button', { type: 'button', class: 'dt-btn dt-btn--primary dt-restart', onclick: function () { go(w, []); } }, T.restart)));
    return { el: el, focus: heading, say: T.staleTitle };
  }

  function mount() {
    document.querySelectorAll('.dt[data-dt-tree]:not([data-dt-mounted])').forEach(function (el) {
      el.setAttribute('data-dt-mounted', '');
      var w = { el: el, path: location.pathname }, src = document.getElementById(el.getAttribute('data-dt-src'));
      try {
        w.d = JSON.parse((src.content || src).textContent); // a <template> or a JSON <script>
        w.tree = w.d.tree;
        if (!w.tree || !w.tree.nodes || !w.tree.start) throw new Error('no tree');
      } catch (e) {
        el.textContent = '';
        el.append(h('p', { class: 'dt-error' }, EN.broken));
        return;
      }
      w.T = Object.assign({}, EN, w.d.strings);
      w.live = h('div', { class: 'dt-sr', 'aria-live': 'polite' });
      w.view = h('div');
      el.textContent = '';
      el.append(w.live, w.view);
      el.dtWidget = w;
      render(w, false);
    });
  }

  window.DecisionTree = { evaluate: evaluate, encode: encode, decode: decode, mount: mount };

  window.addEventListener('popstate', function () {
    document.querySelectorAll('.dt[data-dt-mounted]').forEach(function (el) {
      var w = el.dtWidget;
      if (w && w.path === location.pathname) render(w, true);
    });
  });

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(mount);
  else if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
  else mount();
})();
