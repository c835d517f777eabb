/* Search by ID: Material's search worker, with IDs searched whole.
 *
 * Material's search hands every query to lunr, which splits "EX-1" at its hyphen and ends
 * each term with a wildcard: "EX-1" finds EX-10 to EX-19 before EX-1, and "ex1" nothing.
 * The build gives each ID one token, its letters and numbers run together ("ex1",
 * "sec1.2"), in the index's `ids` and `mentions` fields (scripts/guidelines/mkdocs/
 * searchids.py). This worker runs Material's own (named in its address, which the theme
 * override sets: docs/overrides/main.html) and changes one thing: an ID typed as "EX-1",
 * "ex1", "ex 1" or "EX1", if the index defines it, is searched as that token, whole
 * ("ex1^1": a boost, so Material adds no wildcard). In an index of another language than
 * English, each other word is searched by its stem, as lunr's stemmer for that language (which
 * Material loads) makes it, where that only takes an ending off (and perhaps the accents of what
 * is left: then the typed letters stay, « interprètes » is searched as « interprèt* »): Material
 * ends each term with a wildcard, so « consentements »,
 * searched as « consent* », finds « consentement » (Material's own pipeline has no stemmer, as
 * a stemmed index would miss every prefix). Everything else passes unchanged.
 *
 * Material starts this worker as each page loads, but sends it the index only once the reader
 * reaches for search (the theme override holds the index's request until then). So Material's
 * own worker, some 40 KB, is imported when that first message arrives, not before: a visit that
 * never searches never downloads it. The message is then handed to it as if it had just come.
 *
 * It lives beside Material's worker so that the worker's own relative addresses (its
 * language files, "../lunr") resolve as they would without it.
 */
(function () {
  "use strict";

  // Material's message types (SearchMessageType): the index, and a query.
  var SETUP = 0;
  var QUERY = 2;
  // An ID as typed: letters, then maybe a hyphen or spaces, then a number (and a clause's),
  // not inside a longer word or number, nor next to lunr's operators (field:, *, ^, ~).
  var TYPED = /(^|[^0-9A-Za-z.:*^~])([A-Za-z]+)[\s-]*([0-9]+(?:\.[0-9]+)?)(?![0-9A-Za-z.:*^~])/g;
  var MATERIAL = /^search\.[0-9a-f]+\.min\.js$/;

  var known = Object.create(null);
  var language = "en";
  // A word to stem: letters only (no ID, number, operator or quote), long enough to have an ending.
  var WORD = /(^|[\s"])([^\s\d"*^~:+\-]{4,})(?=$|[\s"])/g;

  // The IDs the index defines, as tokens (an entry's `ids`: "sec1 sec1.2").
  function learn(docs) {
    known = Object.create(null);
    (docs || []).forEach(function (doc) {
      if (typeof doc.ids !== "string") return;
      doc.ids.split(/\s+/).forEach(function (token) {
        if (token) known[token] = true;
      });
    });
  }

  function rewrite(query) {
    return stemmed(query.replace(TYPED, function (typed, before, letters, number) {
      var token = (letters + number).toLowerCase();
      return known[token] ? before + token + "^1" : typed;
    }));
  }

  // A word without its accents, letter for letter ("interprètes" -> "interpretes").
  function unaccented(word) {
    return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function stemmed(query) {
    var lunr = self.lunr, stemmer = language !== "en" && lunr && lunr[language] && lunr[language].stemmer;
    if (!stemmer || !lunr.Token) return query;
    return query.replace(WORD, function (typed, before, word) {
      var lower = word.toLowerCase().normalize("NFC"), stem = String(stemmer(new lunr.Token(lower, {})));
      if (stem.length < 3) return typed;
      if (lower.indexOf(stem) === 0) return before + stem;
      // A stem the stemmer also took the accents off ("interpret" for « interprètes ») is no prefix
      // of the words the index holds: the typed word's own letters, as many, are ("interprèt").
      var own = lower.slice(0, stem.length);
      return before + (unaccented(own) === unaccented(stem) ? own : word);
    });
  }

  function edited(message) {
    if (!message) return message;
    if (message.type === SETUP && message.data) {
      learn(message.data.docs);
      var lang = message.data.config && message.data.config.lang;
      language = lang && lang.length === 1 ? String(lang[0]) : "en";
    }
    if (message.type === QUERY && typeof message.data === "string") {
      return { type: QUERY, data: rewrite(message.data) };
    }
    return message;
  }

  // Material's worker listens for messages with addEventListener: hand it each one edited.
  var listen = self.addEventListener;
  var materials = [];  // Material's listeners, as registered (for the first message, see start)
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return listen.call(self, type, listener, options);
    var wrapped = function (event) {
      return listener.call(self, new MessageEvent("message", { data: edited(event.data) }));
    };
    materials.push(wrapped);
    return listen.call(self, "message", wrapped, options);
  };

  var material = new URLSearchParams(self.location.search).get("material") || "";
  if (!MATERIAL.test(material)) throw new Error("Search by ID: not Material's search worker: " + material);

  // The first message (the index): import Material's worker now, then give it this message
  // (a listener added while a message is dispatched does not receive that message).
  function start(event) {
    self.removeEventListener("message", start);
    self.importScripts(material);
    materials.forEach(function (listener) {
      listener.call(self, event);
    });
  }
  listen.call(self, "message", start);
})();
