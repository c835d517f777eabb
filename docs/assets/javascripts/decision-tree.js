/* Interactive decision trees: one question at a time, ending in a verdict and a
 * decision record. Plain ES2017 in an ES module, no dependencies.
 *
 * Page contract (written by the generator on each tree page):
 *   <div class="dt" data-dt-tree="ID" data-dt-payload="JSON" data-dt-strings="JSON">…text for no-JS…</div>
 * where the first attribute holds the JSON payload {"tree": …, "guideline": …, "principles": …,
 * "categories": …, "verdicts": …, "record_schema_url": …, "language": …}, and the second the widget's words
 * in the page's language (the build's interface text, scripts/guidelines/render/i18n/*.yml,
 * under "widget"): this file holds none. An attribute is inert text that the site's HTML
 * sanitiser keeps (it drops <script> and <template>) and that Material's instant navigation
 * carries over unchanged.
 *
 * URL state: the answers given so far, in the order asked, live in one query parameter
 *   ?answers=<question>.<value>~<question>.<value>…   e.g. ?answers=q-own.yes~q-temp.no
 * (as scripts/guidelines/urlstate.py). Question IDs and option values are [a-z0-9-], so
 * "." and "~" (unreserved in URLs) never clash and nothing is percent-encoded. No
 * parameter: the first question; answers that reach an outcome: the result. Each step is
 * a history entry (pushState), restored on load and on popstate. One tree per page.
 * With answers, ?t=<12 hex> names the tree's content (its hash): a link made on an earlier
 * edition's tree offers that edition's tree (payload.editions) or a fresh start here.
 *
 * Semantics: evaluate, encode and decode come from evaluator.mjs (beside this file), the one
 * JavaScript copy of scripts/guidelines/evaluator.py and urlstate.py; the tests compare it
 * with Python in Node and, through window.DecisionTree, in the browser on every path of
 * every tree. Content is rendered with elements and text nodes only, never as HTML.
 *
 * An ES module (mkdocs.yml: type: module): it runs once per page load, after the document is
 * parsed; Material's instant navigation swaps pages without running it again, and
 * document$ then mounts the widget of each new page.
 */
import { evaluate, encode, decode, questionOrder } from './evaluator.mjs';

var FIELDS = ['production', 'asset', 'tools', 'inputs', 'intent'];
// IDs the texts mention, and a tree named as the page's language names one (T.treeMention: "{id} decision
// tree", "arbre de décision `{id}`"; a tree's ID in backticks is code): links from payload.links (ID -> URL).
function mention(T) {
  var [before, after] = T.treeMention.replace(/`?\{id\}`?/, '\0').split('\0')
    .map(s => s.replace(/[$()*+.?[\\\]^{|}]/g, '\\$&'));
  return new RegExp('\\b(?:(?:GP|AC|UC|EX)-\\d+|SEC-\\d+(?:\\.\\d+)?)\\b|' + (before ? '(?<=' + before + ')' : '\\b') +
    '(`?)([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\\1' + (after ? '(?=' + after + '\\b)' : '(?![\\w-])'), 'g');
}

var own = (o, k) => o != null && {}.hasOwnProperty.call(o, k) ? o[k] : undefined;

function short(w) { return w.tree.hash.slice(7, 19); }

function href(w, answers) {
  var q = new URLSearchParams(location.search);
  q.delete('answers');
  q.delete('t');
  q = q.toString();
  if (answers.length) q += (q ? '&' : '') + 'answers=' + encode(answers) + '&t=' + short(w);
  return location.pathname + (q ? '?' + q : '');
}

function fill(s, v) { return s.replace(/\{(\w+)\}/g, (m, k) => v[k] != null ? v[k] : m); }
// A link only to an http(s) or mailto address, as the browser itself reads it: in content, a full
// one (the site's rule); among the site's own links (``within``), one relative to this page too.
function safe(url, within) {
  try {
    return /^(https?|mailto):$/.test(new URL(url, within ? location.href : undefined).protocol) ? url : null;
  } catch (e) { return null; }
}

// An element from "tag.class.class", attributes (functions under "on…" become
// listeners) and children (text becomes text nodes; arrays are flattened).
function h(sel, attrs, ...kids) {
  var [tag, ...cls] = sel.split('.'), e = document.createElement(tag), k, v;
  if (cls.length) e.className = cls.join(' ');
  for (k in attrs) {
    v = attrs[k];
    if (typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (v != null) e.setAttribute(k, v);
  }
  kids.forEach(function add(c) {
    if (Array.isArray(c)) c.forEach(add); else if (c != null) e.append(c);
  });
  return e;
}
function btn(sel, label, onclick) { return h('button' + sel, { type: 'button', onclick }, label); }

// A text with the IDs and trees it names as links (payload.links, made by the build from the same texts).
function linked(w, text) {
  var out = [], at = 0, m, url, re = w.mention;
  text = String(text || '');
  re.lastIndex = 0;
  while ((m = re.exec(text))) {
    url = safe(own(w.d.links, m[2] || m[0]), 1);
    if (url) out.push(text.slice(at, m.index), h('a', { href: url }, m[1] ? h('code', 0, m[2]) : m[2] || m[0])), at = re.lastIndex;
  }
  out.push(text.slice(at));
  return out;
}

// The most questions left from a node, itself included: the "at most" of the progress line.
function most(w, id) {
  var n = own(w.tree.nodes, id), memo = w.most;
  if (!(id in memo)) memo[id] = n && n.type === 'question' ? 1 + Math.max(...n.options.map(o => most(w, o.next))) : 0;
  return memo[id];
}

// The details a partner adds for the studio: kept in this tab (sessionStorage) across trees.
// Text as typed, made safe to carry: whole characters (a lone surrogate half breaks a URL), no
// bidirectional controls (they would turn the rest of a subject line around), 2,000 at most.
function clean(v) {
  v = typeof v === 'string' ? v : '';
  v = (v.toWellFormed ? v.toWellFormed() : v).replace(/[\u202a-\u202e\u2066-\u2069]/g, '');
  return Array.from(v).slice(0, 2000).join('');
}
function details() {
  var d = {}, kept;
  try { kept = JSON.parse(sessionStorage.getItem('dt-details')) || {}; } catch (e) { kept = {}; }
  FIELDS.forEach(k => { d[k] = clean(kept[k]); });
  return d;
}
function keep(d) {
  try { sessionStorage.setItem('dt-details', JSON.stringify(d)); } catch (e) { /* private mode: this page only */ }
}
function given(d) { return FIELDS.filter(k => typeof d[k] === 'string' && d[k].trim()); }

// The contact's instructions are text in the content's safe Markdown subset: paragraphs,
// "- " lists, **strong**, *em*, `code`, [links](url); a backslash makes the next mark text.
function inline(text) {
  var out = [], re = /\\([\\`*_{}[\]()>#+.!-])|\*\*(.+?)\*\*|\*(.+?)\*|`(.+?)`|\[(.+?)\]\((\S+?)\)/g, m, at = 0;
  while ((m = re.exec(text))) {
    out.push(text.slice(at, m.index), m[1] || (m[2] ? h('strong', 0, m[2]) : m[3] ? h('em', 0, m[3])
      : m[4] ? h('code', 0, m[4]) : h(safe(m[6]) ? 'a' : 'span', { href: safe(m[6]) }, m[5])));
    at = re.lastIndex;
  }
  out.push(text.slice(at));
  return out;
}
function markdown(text) {
  var flat = t => inline(t.replace(/\s+/g, ' ').trim());
  return String(text).split(/\n\s*\n/).map(block => {
    var items = block.split(/\n(?=\s*[-*] )/), lead = /^\s*[-*] /.test(items[0]) ? null : items.shift();
    return [lead && h('p', 0, flat(lead)), items.length ? h('ul', 0, items.map(item => {
      return h('li', 0, flat(item.replace(/^\s*[-*] /, '')));
    })) : null];
  });
}

function go(w, answers, earlier) {
  // Material's format for the scroll offset of a history entry: Back keeps the widget in view.
  var at = { x: scrollX, y: scrollY };
  history.replaceState(Object.assign({}, history.state, at), '');
  history.pushState(Object.assign({ dt: 1 }, at), '', href(w, answers));
  w.earlier = earlier;
  render(w, true);
}

function render(w, moved) {
  var view, r, q = new URLSearchParams(location.search), t = q.get('t');
  var then = t && t !== short(w) && (w.d.editions || []).find(e => e.hash.slice(7, 19) === t);
  try {
    if (then) throw then;
    r = evaluate(w.tree, decode(q.get('answers')));
    view = r.complete ? result(w, r) : question(w, r);
  } catch (e) {
    view = e === then ? older(w, then) : stale(w, e);
  }
  w.earlier = null;
  w.search = location.search;
  w.view.replaceWith(view[0]);
  w.view = view[0];
  if (moved) {
    view[1].focus();
    say(w, view[2]);
  }
}

// The live region: emptied first, so that the same words are announced again.
function say(w, text) {
  w.live.textContent = '';
  setTimeout(() => { w.live.textContent = text; }, 50);
}

function pairs(r) { return r.steps.map(s => [s.question, s.value]); }

// The answers so far, each with a button to change it.
function list(w, r) {
  var ans = pairs(r), T = w.T;
  return h('ol.dt-answers', 0, r.steps.map((s, i) => {
    return h('li', 0, h('span.dt-q', 0, s.text), ' ', h('strong.dt-a', 0, s.label), ' ',
      btn('.dt-change', [T.change, h('span.dt-sr', 0, fill(T.changeWhat, { q: s.text }))],
        () => { go(w, ans.slice(0, i), s.value); }));
  }));
}

function nav(w, r) {
  var ans = pairs(r), n = ans.length;
  return n ? h('div.dt-nav', 0,
    btn('.dt-btn.dt-back', w.T.back, () => { go(w, ans.slice(0, -1), ans[n - 1][1]); }),
    btn('.dt-btn.dt-restart', w.T.restart, () => { go(w, []); })) : null;
}

// Links to the principles and categories a node names (the payload gives their URLs).
function links(w, node, label) {
  var d = w.d, items = (node.principles || []).map(id => own(d.principles, id) || { id: id })
    .concat((node.categories || []).map(id => own(d.categories, id) || { id: id }));
  return items.length ? h('div.dt-related', 0, h('span', 0, label), h('ul', 0, items.map(p => {
    var url = safe(p.url, 1);
    return h('li', 0, h(url ? 'a' : 'span', { href: url }, h('b', 0, p.id), p.title ? ' ' + p.title : ''));
  }))) : null;
}

function heading(text) { return h('h2.dt-heading', { tabindex: '-1' }, text); }

function question(w, r) {
  var T = w.T, node = own(w.tree.nodes, r.node), n = r.steps.length, ans = pairs(r), help = 'dt-' + w.tree.id + '-help';
  var title = heading(node.text);
  return [h('div.dt-step', { 'data-dt-node': node.id },
    h('fieldset.dt-question', { 'aria-describedby': help },
      h('legend', 0, h('span.dt-progress', 0, fill(T.question, { n: n + 1, m: n + most(w, node.id) })), title),
      h('p.dt-help', { id: help }, linked(w, node.help)),
      h('div.dt-options', 0, node.options.map(o => {
        var was = o.value === w.earlier, b = btn('.dt-option' + (was ? '.dt-option--earlier' : ''),
          [o.label, was ? h('span.dt-earlier', 0, T.earlier) : null],
          () => { go(w, ans.concat([[node.id, o.value]])); });
        b.setAttribute('data-value', o.value);
        return b;
      })),
      links(w, node, T.related)),
    n ? h('div.dt-so-far', 0, h('h3', 0, T.yours),
      h('p.dt-count', 0, fill(n === 1 ? T.answered1 : T.answeredN, { n: n })), list(w, r)) : null,
    nav(w, r)), title, fill(T.sayQuestion, { n: n + 1, text: node.text })];
}

function record(w, r, url) {
  var t = w.tree, g = w.d.guideline || {}, o = own(t.nodes, r.node), v = own(w.d.verdicts, o.verdict) || {};
  var d = details(), rec = {
    $schema: new URL(w.d.record_schema_url, location.href).href,
    record_version: '1.3',
    guideline: { title: g.title, edition: g.edition || t.edition, status_label: g.status_label || null },
    language: w.d.language,
    tree: { id: t.id, title: t.title, hash: t.hash },
    answers: r.steps.map(s => ({ question: s.question, question_text: s.text, value: s.value, label: s.label })),
    outcome: { id: o.id, title: o.title, principles: o.principles || [], categories: o.categories || [] },
    verdict: { id: o.verdict, label: v.label || o.verdict },
    url: url,
    created: new Date().toISOString()
  };
  if (given(d).length) rec.details = Object.fromEntries(given(d).map(k => [k, d[k].trim()]));
  return rec;
}

// mailto: to the contact (when the guideline gives an address), subject and body from the record
// (RFC 6068: percent-encoded, CRLF); lines only for the details given.
function mailto(w, rec) {
  var g = w.d.guideline || {}, c = g.contact || {}, T = w.T, d = rec.details || {}, F = T.fields;
  var v = {
    short: g.short_title || g.title, guideline: g.title, edition: rec.guideline.edition, tree: rec.tree.title,
    status: (g.published ? '' : T.draftStatus) + (g.status_label ? fill(T.labelStatus, { label: g.status_label }) : ''),
    verdict: rec.verdict.label, outcome: rec.outcome.title,
    url: rec.url, on: d.production ? fill(T.forProduction, d) : '', id: rec.tree.id, hash: rec.tree.hash,
    also: rec.outcome.title.toLowerCase().includes(rec.verdict.label.toLowerCase()) ? '' : fill(T.alsoVerdict, rec.verdict),
    ids: rec.outcome.categories.concat(rec.outcome.principles).map(i => i + ' ' + ((own(w.d.categories, i) || own(w.d.principles, i) || {}).title || '')).join(T.idsSep)
  };
  var body = [T.hello, '', fill(T.about, v)].concat(
    FIELDS.filter(k => d[k] && k !== 'production').map(k => fill(T.fieldLine, { field: F[k], value: d[k] })),
    ['', fill(T.gives, v)], v.ids ? [fill(T.restsOn, v)] : [], ['', T.ourAnswers],
    rec.answers.map(a => fill(T.answerLine, { question: a.question_text, answer: a.label })),
    ['', fill(T.linkLine, v), fill(T.reference, v), '', (g.status_label ? g.status_label + '. ' : '') + T.aid]).join('\n');
  return 'mailto:' + (c.email ? encodeURIComponent(c.email).replace(/%40/g, '@') : '') +
    '?subject=' + encodeURIComponent((d.production ? fill(T.subjectFor, d) : '') + fill(T.subject, v)) +
    '&body=' + encodeURIComponent(body.replace(/\n/g, '\r\n'));
}

// The optional details: a form on screen; in print, what was given (the printout is the document).
function detailsForm(w, r, url, email, printed) {
  var d = details(), F = w.T.fields, id = 'dt-' + w.tree.id + '-';
  var update = () => {
    keep(d);
    email.href = mailto(w, record(w, r, url));
    printed.replaceChildren(...given(d).map(k => [h('dt', 0, F[k]), h('dd', 0, d[k])]).flat());
  };
  var form = h('details.dt-details', given(d).length ? { open: '' } : 0, h('summary', 0, w.T.details),
    h('p.dt-details-help', 0, w.T.detailsHelp),
    FIELDS.map(k => h('p.dt-field', 0, h('label', { for: id + k }, F[k]),
      h(k === 'intent' || k === 'inputs' ? 'textarea' : 'input', {
        id: id + k, name: k, rows: 2, autocomplete: k === 'production' ? 'organization' : 'off',
        maxlength: 2000, oninput: e => { d[k] = clean(e.target.value); update(); }
      }))),
    btn('.dt-btn.dt-clear', w.T.clear, () => {
      FIELDS.forEach(k => { d[k] = ''; form.querySelector('#' + id + k).value = ''; });
      update();
    }));
  FIELDS.forEach(k => { form.querySelector('#' + id + k).value = d[k]; });
  update();
  return form;
}

// A checklist's early result: the questions it did not reach, which may apply too.
function unasked(w, r) {
  if (!w.d.unasked) return null;
  var asked = r.steps.map(s => s.question);
  var later = questionOrder(w.tree).filter(id => !asked.includes(id)).map(id => w.tree.nodes[id]);
  return later.length ? h('div.dt-unasked', 0, h('p', 0, w.T.unasked), h('ul', 0, later.map(n => h('li', 0, n.text)))) : null;
}

function result(w, r) {
  var T = w.T, d = w.d, node = own(w.tree.nodes, r.node), g = d.guideline || {}, c = g.contact || {};
  var v = own(d.verdicts, node.verdict) || { label: node.verdict };
  var url = location.href.split('#')[0], rec = record(w, r, url), title = heading(node.title);
  var input = h('input.dt-url', { type: 'text', readonly: '', id: 'dt-' + w.tree.id + '-url', value: url });
  var email = h('a.dt-btn.dt-btn--primary.dt-email', { href: mailto(w, rec) }, T.email), printed = h('dl.dt-given');
  var day = new Date().toLocaleDateString(T.dateLocale, { day: 'numeric', month: 'long', year: 'numeric' });
  return [h('section.dt-result', { 'aria-label': T.result, 'data-dt-node': node.id, 'data-dt-verdict': node.verdict },
    h('p.dt-print-head', 0, fill(T.printHead, { guideline: g.title, edition: rec.guideline.edition, date: day,
      draft: g.published ? '' : T.draft })),
    h('p.dt-progress', 0, T.result),
    title,
    h('p.dt-badge.dt-badge--' + node.verdict, 0,
      v.symbol ? h('span.dt-symbol', { 'aria-hidden': 'true' }, v.symbol) : null,
      h('span', 0, T.verdict + ' '), h('strong', 0, v.label)),
    v.description ? h('p.dt-verdict-text', 0, v.description) : null,
    h('p.dt-explanation', 0, linked(w, node.explanation)),
    // the most lenient verdict (the vocabulary's first) from a tree that looks at one part of the use
    node.verdict === Object.keys(d.verdicts || {})[0] && d.quick_check && d.quick_check !== w.tree.id
      ? h('p.dt-only-part', 0, linked(w, fill(T.onlyPart, { q: d.quick_check }))) : null,
    printed,
    h('h3', 0, T.why),
    list(w, r),
    links(w, node, T.basis),
    unasked(w, r),
    h('h3', 0, T.next),
    h('ul.dt-next', 0, (node.next_steps || []).map(s => h('li', 0, linked(w, s)))),
    c.name ? h('div.dt-contact', 0, h('p', 0, fill(T.contact, { name: c.name })),
      c.instructions ? h('details', 0, h('summary', 0, T.howTo), markdown(c.instructions)) : null) : null,
    detailsForm(w, r, url, email, printed),
    h('div.dt-actions', 0,
      email,
      btn('.dt-btn.dt-print', T.print, () => { print(); }),
      btn('.dt-btn.dt-download', T.download, () => {
        var fresh = record(w, r, url), a = h('a', {
          href: URL.createObjectURL(new Blob([JSON.stringify(fresh, null, 2) + '\n'], { type: 'application/json' })),
          download: fill(T.recordFile, { id: w.tree.id, date: fresh.created.slice(0, 10) })
        });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => { URL.revokeObjectURL(a.href); }, 1000);
      }),
      btn('.dt-btn.dt-copy', T.copy, () => {
        var fallback = () => { input.focus(); input.select(); say(w, T.copyFail); };
        try { navigator.clipboard.writeText(url).then(() => { say(w, T.copied); }, fallback); } catch (e) { fallback(); }
      })),
    h('p.dt-share', 0, h('label', { for: input.id }, T.link), ' ', input),
    h('p.dt-print-url', 0, fill(T.linkLine, { url: url })),
    h('p.dt-meta', 0, fill(T.meta, { edition: rec.guideline.edition, id: w.tree.id, hash: w.tree.hash })),
    h('p.dt-status', 0, g.status_label ? h('strong', 0, g.status_label + '. ') : null, T.aid),
    nav(w, r)), title, fill(T.sayResult, { verdict: v.label, title: node.title })];
}

function stale(w, error) {
  var T = w.T, title = heading(T.staleTitle);
  return [h('div.dt-stale', 0, title,
    h('p', 0, fill(T.stale, { tree: w.tree.title, edition: (w.d.guideline || {}).edition || w.tree.edition })),
    h('p.dt-detail', 0, fill(T.detail, { error: error && error.message || String(error) })),
    h('div.dt-nav', 0, btn('.dt-btn.dt-btn--primary.dt-restart', T.restart, () => { go(w, []); }))),
  title, T.staleTitle];
}

// A link made on another edition's tree: go to that edition's page with the same answers, or start here.
function older(w, e) {
  var T = w.T, title = heading(T.olderTitle), url = safe(e.url, 1);
  return [h('div.dt-stale', 0, title,
    h('p', 0, fill(T.older, { edition: e.edition, tree: w.tree.title, current: (w.d.guideline || {}).edition })),
    h('div.dt-nav', 0, url ? h('a.dt-btn.dt-btn--primary', { href: url + location.search }, fill(T.openOlder, e)) : null,
      btn('.dt-btn.dt-restart', T.fresh, () => { go(w, []); }))),
  title, T.olderTitle];
}

var popped = null;

function mount() {
  document.querySelectorAll('.dt[data-dt-tree]:not([data-dt-mounted])').forEach(el => {
    el.setAttribute('data-dt-mounted', '');
    var w = { path: location.pathname }, T = null;
    try { T = JSON.parse(el.getAttribute('data-dt-strings')); } catch (e) { /* below */ }
    if (!T || typeof T !== 'object') return; // no words in the page's language: its no-JS text stays
    try {
      w.d = JSON.parse(el.getAttribute('data-dt-payload'));
      w.tree = w.d.tree;
      if (!w.tree.nodes[w.tree.start]) throw 0;
    } catch (e) {
      el.textContent = '';
      el.append(h('p.dt-error', 0, T.broken));
      return;
    }
    w.T = T;
    w.mention = mention(T);
    w.most = {};
    w.live = h('div.dt-sr', { 'aria-live': 'polite' });
    w.view = h('div');
    el.textContent = '';
    el.append(w.live, w.view);
    el.dtWidget = w;
    render(w, popped === location.href);
  });
  popped = null;
}

// The evaluator stays reachable from the page: tests, the benchmark, a console.
window.DecisionTree = { evaluate: evaluate, encode: encode, decode: decode, mount: mount };

// Back/Forward to another state of this page. Material's instant navigation may also
// fetch and swap in the same page on such a move; the new widget then takes the focus.
addEventListener('popstate', () => {
  document.querySelectorAll('.dt[data-dt-mounted]').forEach(el => {
    var w = el.dtWidget;
    if (w && w.path === location.pathname && w.search !== location.search) {
      popped = location.href;
      render(w, true);
    }
  });
});

// The document is parsed when a module runs: mount now, or on each page Material shows.
if (window.document$ && window.document$.subscribe) window.document$.subscribe(mount);
else mount();
