/* Progressive enhancements for guideline pages: copy-citation buttons, the worked-
 * examples filter, labels for tables shown as cards on narrow screens, marks on
 * the site's own links for the print stylesheet, and tree diagrams opened at their start.
 *
 * Everything works without this file: the Copy buttons and the filter form are in
 * the page but `hidden` until mounted here. Material's instant navigation swaps
 * pages without reloading scripts, so mounting runs from `document$` on every page
 * and is idempotent (each element is marked once mounted). Text is set with
 * textContent only.
 */
(function () {
  "use strict";

  // Interface strings, in one place (a translation replaces this object).
  var STRINGS = {
    copied: "Citation copied to the clipboard.",
    selected: "Copying is blocked here: the citation is selected, press Ctrl+C (or \u2318C) to copy it.",
    shown: "Showing {shown} of {total} examples."
  };

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
        announce(status, STRINGS.copied);
      }, function () {
        selectText(text);
        announce(status, STRINGS.selected);
      });
    });
  }

  // --- Worked-examples filter ----------------------------------------------

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
    var template = (status && status.dataset.glTemplate) || STRINGS.shown;

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

    Array.prototype.forEach.call(selects, function (select) {
      select.addEventListener("change", apply);
    });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    if (empty) {
      var reset = empty.querySelector("[data-gl-filter-reset]");
      if (reset) reset.addEventListener("click", function () { form.reset(); });
    }
    form.hidden = false;
    apply();
  }

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

  function mount(root) {
    markInternalLinks(root);
    Array.prototype.forEach.call(root.querySelectorAll(".dt-diagram-wrap"), centreDiagram);
    Array.prototype.forEach.call(root.querySelectorAll("[data-gl-cite]"), mountCite);
    Array.prototype.forEach.call(root.querySelectorAll("form[data-gl-filter]"), mountFilter);
    Array.prototype.forEach.call(root.querySelectorAll(".gl-cardtable table"), labelTable);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { mount(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { mount(document); });
  } else {
    mount(document);
  }
})();
