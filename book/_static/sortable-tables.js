/* Sortable, filterable tables for the briefing book, offline and without a library.
 *
 * Written to the WAI-ARIA Authoring Practices "Sortable Table" pattern: each column header holds
 * a native <button> (keyboard-operable, announced as a button), the sorted header carries
 * aria-sort="ascending" or "descending" and no other header carries it, and the caption says
 * that the buttons sort. A labelled search field above the table hides the rows that do not
 * contain its words; a polite live region says how many rows are shown.
 *
 * Why not a table library: the book's tables are small (a few to a few dozen rows), already
 * rendered as static HTML (which stays as it is for readers without JavaScript, and the PDF has
 * its own), and need only sort and filter. This file is a few kilobytes, needs no jQuery, and
 * makes no request; a library would add ~170 kB and its own, less accessible, controls.
 *
 * Dates sort as dates at their precision ("14 September 2005", "3–4 April 2012", "March 1970",
 * "1976"); "not confirmed" and empty cells sort last in either direction; numbers as numbers;
 * anything else as text.
 */
(function () {
  "use strict";

  var MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"];
  var DAY_MONTH_YEAR = /^(\d{1,2})(?:\s*[\u2013-]\s*\d{1,2})?\s+([a-z]+)\s+(\d{4})\b/;
  var MONTH_YEAR = /^([a-z]+)\s+(\d{4})\b/;
  var YEAR = /^(\d{4})\b/;
  var NUMBER = /^[-+]?\d+(?:[.,]\d+)?$/;

  function cellText(cell) {
    return (cell ? cell.textContent : "").replace(/[\s\u00a0]+/g, " ").trim();
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* An ISO-like key for a date at its precision, or null. */
  function dateKey(text) {
    var t = text.toLowerCase(), m, month;
    if ((m = DAY_MONTH_YEAR.exec(t)) && (month = MONTHS.indexOf(m[2])) >= 0) {
      return m[3] + "-" + pad(month + 1) + "-" + pad(+m[1]);
    }
    if ((m = MONTH_YEAR.exec(t)) && (month = MONTHS.indexOf(m[1])) >= 0) {
      return m[2] + "-" + pad(month + 1) + "-00";
    }
    if ((m = YEAR.exec(t))) return m[1] + "-00-00";
    return null;
  }

  function isBlank(text) { return text === "" || /^not confirmed\b/i.test(text); }

  /* "date", "number" or "text": what most of the column's filled cells are. */
  function columnKind(rows, index) {
    var dates = 0, numbers = 0, filled = 0;
    rows.forEach(function (row) {
      var text = cellText(row.cells[index]);
      if (isBlank(text)) return;
      filled += 1;
      if (dateKey(text) !== null) dates += 1;
      if (NUMBER.test(text)) numbers += 1;
    });
    if (filled && numbers === filled) return "number";
    if (filled && dates === filled) return "date";
    return "text";
  }

  function sortKey(cell, kind) {
    var text = cellText(cell);
    if (isBlank(text)) return null;
    if (kind === "date") return dateKey(text);
    if (kind === "number") return parseFloat(text.replace(",", "."));
    return text.toLowerCase();
  }

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "en", {numeric: true});
  }

  var counter = 0;

  function enhance(table) {
    var head = table.tHead, body = table.tBodies[0];
    if (!head || !body || head.rows.length !== 1 || body.rows.length < 2) return;
    var headers = Array.prototype.slice.call(head.rows[0].cells);
    var rows = Array.prototype.slice.call(body.rows);
    if (rows.some(function (r) { return r.cells.length !== headers.length; })) return; // spans
    counter += 1;
    rows.forEach(function (row, i) { row.dataset.order = i; });
    var kinds = headers.map(function (_, i) { return columnKind(rows, i); });
    table.classList.add("sortable");

    var caption = table.caption;
    var name = "this table";
    if (caption) {
      var copy = caption.cloneNode(true);
      Array.prototype.forEach.call(copy.querySelectorAll(".headerlink"), function (a) { a.remove(); });
      name = cellText(copy);
    }
    if (caption) {
      var hint = document.createElement("span");
      hint.className = "visually-hidden";
      hint.textContent = " (the column headers are buttons that sort the rows)";
      caption.appendChild(hint);
    }

    headers.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      // a header's paragraph (docutils writes <th><p>Date</p></th>) gives its words to the
      // button, which may hold phrasing content only
      Array.prototype.slice.call(th.childNodes).forEach(function (node) {
        if (node.nodeType === 1 && node.tagName === "P") {
          while (node.firstChild) button.appendChild(node.firstChild);
          node.remove();
        } else {
          button.appendChild(node);
        }
      });
      var arrow = document.createElement("span");
      arrow.className = "sort-indicator";
      arrow.setAttribute("aria-hidden", "true");
      button.appendChild(arrow);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        sortBy(index, ascending);
      });
    });

    function sortBy(index, ascending) {
      var kind = kinds[index];
      var keyed = rows.map(function (row) {
        return {row: row, key: sortKey(row.cells[index], kind), order: +row.dataset.order};
      });
      keyed.sort(function (a, b) {
        if (a.key === null && b.key === null) return a.order - b.order;
        if (a.key === null) return 1;   // blanks last, whatever the direction
        if (b.key === null) return -1;
        var c = compare(a.key, b.key);
        return (ascending ? c : -c) || a.order - b.order;
      });
      keyed.forEach(function (k) { body.appendChild(k.row); });
      headers.forEach(function (h, i) {
        if (i === index) h.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        else h.removeAttribute("aria-sort");
      });
    }

    // The filter: a labelled search field and a live count, just before the table.
    var id = "table-filter-" + counter;
    var bar = document.createElement("div");
    bar.className = "table-filter";
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.textContent = "Filter the rows of " + name;
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.spellcheck = false;
    var status = document.createElement("span");
    status.className = "table-filter-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    bar.appendChild(label);
    bar.appendChild(input);
    bar.appendChild(status);
    var anchor = table.closest(".pst-scrollable-table-container") || table;
    anchor.parentNode.insertBefore(bar, anchor);

    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().replace(/\u00a0/g, " ").split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = cellText(row).toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) >= 0; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = words.length ? shown + " of " + rows.length + " rows shown" : "";
    });
  }

  function init() {
    var article = document.querySelector("article.bd-article") || document.querySelector("main");
    if (!article) return;
    Array.prototype.forEach.call(article.querySelectorAll("table"), enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
