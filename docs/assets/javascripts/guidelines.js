/* Progressive enhancements for guideline pages: copy-citation buttons, the worked-
 * examples filter, labels for tables shown as cards on narrow screens, marks on
 * the site's own links for the print stylesheet, and tree diagrams opened at their start.
 *
 * Everything works without this file: the Copy buttons and the filter form are in
 * the page but `hidden` until mounted here (the chosen filters are kept in the address).
 * Material's instant navigation swaps pages without reloading scripts, so mounting
 * runs from `document$` on every page and is idempotent (each element is marked once
 * mounted). Text is set with textContent only. Its words are the page's: the theme writes them,
 * in the page's language, as JSON in <script type="application/json" id="gl-strings">
 * (docs/overrides/main.html, from the build's interface text); the filter's status line
 * reads its own template from its data-gl-template attribute.
 */
(function () {
  "use strict";

  // The page's words (the block stays as the first page had it: instant navigation keeps to one
  // site, and a site is in one language).
  function strings() {
    var block = document.getElementById("gl-strings");
    try {
      return (block && JSON.parse(block.textContent)) || {};
    } catch (error) {
      return {};
    }
  }

  function once(element, key) {
    if (element.dataset[key] === "1") return false;
    element.dataset[key] = "1";
    return true;
  }

  // --- Copy citation -------------------------------------------------------

  function copyWithCommand(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.left = "0";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (error) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        if (!copyWithCommand(text)) throw new Error("copy failed");
      });
    }
    return copyWithCommand(text) ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function announce(status, message) {
    // Clear first so that the same message is announced again on a second click.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function mountCite(box) {
    if (!once(box, "glMounted")) return;
    var button = box.querySelector("[data-gl-copy]");
    var text = box.querySelector(".gl-cite__text");
    var status = box.querySelector("[data-gl-copy-status]");
    if (!button || !text || !status) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var citation = text.textContent.replace(/\s+/g, " ").trim();
      copyText(citation).then(function () {
        box.classList.add("gl-cite--copied");
        announce(status, strings().copied || "");
      }, function () {
        selectText(text);
        announce(status, strings().selected || "");
      });
    });
  }

  // --- Worked-examples filter ----------------------------------------------

  // The chosen filters live in the address (?principles=GP-3&stages=production), replaced in
  // place (no history entry per choice), so it can be shared and reloaded, and Back or
  // Forward returns to it. A value that no option offers is ignored, and dropped.
  var RESTORE = "gl-restore"; // the event that has a mounted filter read the address again

  function readAddress(selects) {
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(selects, function (select) {
      var wanted = params.get(select.dataset.glFacet) || "";
      var offered = Array.prototype.some.call(select.options, function (option) {
        return option.value === wanted;
      });
      select.value = offered ? wanted : "";
    });
  }

  function writeAddress(selects) {
    var url = new URL(window.location.href);
    Array.prototype.forEach.call(selects, function (select) {
      if (select.value) url.searchParams.set(select.dataset.glFacet, select.value);
      else url.searchParams.delete(select.dataset.glFacet);
    });
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url.href);
  }

  function mountFilter(form) {
    if (!once(form, "glMounted")) return;
    var table = document.getElementById(form.dataset.glTarget || "");
    if (!table) return;
    var rows = Array.prototype.map.call(table.querySelectorAll("[data-gl-row]"), function (marker) {
      return { marker: marker, row: marker.closest("tr") };
    }).filter(function (entry) { return entry.row; });
    var selects = form.querySelectorAll("select[data-gl-facet]");
    var status = form.querySelector("[data-gl-filter-status]");
    var empty = document.querySelector("[data-gl-filter-empty]");
    var template = (status && status.dataset.glTemplate) || "";
    var path = window.location.pathname;

    function apply() {
      var shown = 0;
      rows.forEach(function (entry) {
        var visible = Array.prototype.every.call(selects, function (select) {
          if (!select.value) return true;
          var values = (entry.marker.getAttribute("data-" + select.dataset.glFacet) || "").split(" ");
          return values.indexOf(select.value) !== -1;
        });
        entry.row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (status) {
        status.textContent = template.replace("{shown}", String(shown)).replace("{total}", String(rows.length));
      }
      if (empty) empty.hidden = shown !== 0;
    }

    function chosen() {
      apply();
      writeAddress(selects);
    }

    // From the address: on mounting, and when Back or Forward changes it on this page.
    function restore() {
      if (window.location.pathname !== path) return;
      readAddress(selects);
      chosen();
    }

    Array.prototype.forEach.call(selects, function (select) {
      select.addEventListener("change", chosen);
    });
    form.addEventListener("reset", function () { window.setTimeout(chosen, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener(RESTORE, restore);
    if (empty) {
      var reset = empty.querySelector("[data-gl-filter-reset]");
      // The link goes to the address without the filters (see keepAddress).
      if (reset) reset.addEventListener("click", function () { form.reset(); chosen(); keepAddress(reset); });
    }
    form.hidden = false;
    restore();
  }

  // Back and Forward between addresses of one page do not reload it (Material's instant
  // navigation only fetches another page): the filters follow the address.
  window.addEventListener("popstate", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-gl-filter]"), function (form) {
      form.dispatchEvent(new CustomEvent(RESTORE));
    });
  });

  // Links to a place on the page (the table of contents) go to the address as it is now, with
  // its filters: Material resolves every link once, against the address the page was loaded at.
  function keepAddress(link) {
    if (link.origin !== window.location.origin || link.pathname !== window.location.pathname) return;
    if (link.search === window.location.search) return;
    var href = link.href;
    link.search = window.location.search;
    window.setTimeout(function () { link.href = href; }, 0);
  }

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!link || link.hasAttribute("data-gl-filter-reset")) return; // it empties the address first
    if (document.querySelector("form[data-gl-filter][data-gl-mounted]")) keepAddress(link);
  }, true);

  // --- Tables shown as cards on narrow screens --------------------------------

  // Each cell gets its column's heading as data-label, shown by the CSS as a label
  // when the table is laid out as one card per row.
  function labelTable(table) {
    if (!once(table, "glLabelled")) return;
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (headings[index]) cell.setAttribute("data-label", headings[index]);
      });
    });
  }

  // --- Links, for print ----------------------------------------------------------

  // The print stylesheet writes out the address of outside links. Material's instant
  // navigation makes every internal href absolute, so mark the site's own links to
  // keep their (local, ever-changing) address off the paper.
  function markInternalLinks(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".md-content a[href]"), function (link) {
      if (link.origin === window.location.origin) link.classList.add("gl-internal");
    });
  }

  // --- Tree diagrams ---------------------------------------------------------------

  // A diagram wider than its frame scrolls sideways; open it with its first question
  // (the first box drawn) in the middle of the frame rather than at its left edge.
  function centreDiagram(frame) {
    if (!once(frame, "glCentred") || frame.scrollWidth <= frame.clientWidth) return;
    var start = frame.querySelector(".dt-diagram__box rect");
    if (!start) return;
    var box = start.getBoundingClientRect();
    var view = frame.getBoundingClientRect();
    frame.scrollLeft += box.left + box.width / 2 - (view.left + view.width / 2);
  }

  // The header's language menu leads to this page in each language (or the nearest page above it
  // there). Instant navigation loads a page without reloading the header: the menu is re-pointed from
  // the head, which it does update (the build names each language's target there).
  function pointLanguageMenu() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-header a.md-select__link[hreflang]"), function (link) {
      var target = document.querySelector('meta[name="gl-language-menu:' + link.getAttribute("hreflang") + '"]');
      if (target) link.setAttribute("href", target.getAttribute("content"));
    });
  }

  function mount(root) {
    pointLanguageMenu();
    markInternalLinks(root);
    Array.prototype.forEach.call(root.querySelectorAll(".dt-diagram-wrap"), centreDiagram);
    Array.prototype.forEach.call(root.querySelectorAll("[data-gl-cite]"), mountCite);
    Array.prototype.forEach.call(root.querySelectorAll("form[data-gl-filter]"), mountFilter);
    Array.prototype.forEach.call(root.querySelectorAll(".gl-cardtable table"), labelTable);
  }

  // The language menu leads to the same page in the other language (its link, set by the
  // build), with the address's query and fragment: on a decision tree the answers given so far
  // (option values, the same in every language), on a section the clause. Only to the same page
  // (the one the head names for that language, while the head names this page as its own
  // language's): where a language has no such page, the link leads to the nearest page above it,
  // and the page for a missing address names the home pages; the answers or the clause would mean
  // nothing there. The search's highlight (?h=) is left behind: its words are in this language.
  function menuTarget(link) {
    var named = document.querySelector('link[rel="alternate"][hreflang="' + link.getAttribute("hreflang") + '"]');
    var own = document.querySelector('link[rel="alternate"][hreflang="' + document.documentElement.lang + '"]');
    var base = link.href.split(/[?#]/)[0];
    if (!named || new URL(named.href).pathname !== link.pathname ||
        !own || new URL(own.href).pathname !== location.pathname) return base;
    var query = new URLSearchParams(location.search);
    query.delete("h");
    var rest = query.toString();
    return base + (rest ? "?" + rest : "") + location.hash;
  }

  function isMenuLink(link) {
    return !!link && link.matches(".md-header a.md-select__link[hreflang]") && link.origin === location.origin;
  }

  // Handled here, before Material's own handler, which would map the page through a sitemap and
  // drop both.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[hreflang]");
    if (!isMenuLink(link) || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    location.assign(menuTarget(link));
  }, true);

  // Opened in a new tab or copied (a middle or right click, the keyboard's focus), the link
  // carries the same: it is brought up to date just before (the answers change as they are given).
  ["pointerdown", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var link = event.target.closest && event.target.closest("a[hreflang]");
      if (isMenuLink(link)) link.setAttribute("href", menuTarget(link));
    }, true);
  });

  // (and again just before printing, whatever rewrote the links since)
  window.addEventListener("beforeprint", function () { markInternalLinks(document); });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { mount(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { mount(document); });
  } else {
    mount(document);
  }
})();
