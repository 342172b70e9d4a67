(function () {
  "use strict";
  // Without this script every claim is open and every table shown: the page reads fully.
  // With it, claims fold to one line each and a mark in the text opens its claim.
  document.documentElement.classList.add("js");

  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  all("details[data-collapse]").forEach(function (details) { details.open = false; });
  all("[data-needs-js]").forEach(function (element) { element.hidden = false; });

  function panelOf(claimId) {
    return document.getElementById("claim-" + claimId);
  }

  function syncExpanded() {
    all("a.mark-link").forEach(function (link) {
      var panel = panelOf(link.getAttribute("data-claim"));
      link.setAttribute("aria-expanded", panel && panel.open ? "true" : "false");
    });
    all("mark.hl").forEach(function (mark) {
      var panel = panelOf(mark.getAttribute("data-claim"));
      mark.classList.toggle("active", Boolean(panel && panel.open));
    });
  }

  // Beside the text (a wide screen), the claims scroll in their own column: scroll that alone,
  // so the mark just selected stays where the reader is. Below the text, go to the claim.
  function reveal(panel) {
    var column = panel.parentNode;
    var scrolls = column.scrollHeight > column.clientHeight &&
      window.getComputedStyle(column).overflowY !== "visible";
    if (scrolls && panel.offsetParent === column) {
      column.scrollTop = panel.offsetTop - 4;
      // near the end of a document the column is pushed up with it: bring its top in view
      var top = column.getBoundingClientRect().top;
      if (top < 0) { window.scrollBy(0, top - 8); }
    } else {
      panel.scrollIntoView({ block: "start" });
    }
  }

  function select(claimId) {
    var panel = panelOf(claimId);
    if (!panel) { return; }
    all("details.claim", panel.parentNode).forEach(function (other) {
      if (other !== panel) { other.open = false; }
    });
    panel.hidden = false;
    panel.open = true;
    syncExpanded();
    reveal(panel);
    var summary = panel.querySelector("summary");
    if (summary) { summary.focus({ preventScroll: true }); }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var link = target.closest("a.mark-link, a.claim-link");
    if (link) {
      event.preventDefault();
      select(link.getAttribute("data-claim"));
      return;
    }
    var mark = target.closest("mark.hl");
    if (mark) {
      // the innermost mark under the pointer is the claim meant
      select(mark.getAttribute("data-claim"));
    }
  });
  document.addEventListener("toggle", syncExpanded, true);
  syncExpanded();

  // --- filters and search ---------------------------------------------------------------
  var form = document.getElementById("filters");
  var status = document.getElementById("filter-status");
  if (!form) { return; }

  function value(name) {
    var field = form.elements.namedItem(name);
    return field ? field.value : "";
  }

  function matches(element, query) {
    var tags = JSON.parse(element.getAttribute("data-tags") || "[]");
    if (value("status") && element.getAttribute("data-status") !== value("status")) { return false; }
    if (value("verdict") && element.getAttribute("data-verdict") !== value("verdict")) { return false; }
    if (value("claimant") && element.getAttribute("data-claimant") !== value("claimant")) { return false; }
    if (value("tag") && tags.indexOf(value("tag")) < 0) { return false; }
    if (!query) { return true; }
    var panel = panelOf(element.getAttribute("data-claim"));
    var text = (element.textContent + " " + (panel ? panel.textContent : "")).toLowerCase();
    return query.split(/\s+/).every(function (word) { return text.indexOf(word) >= 0; });
  }

  function apply() {
    var query = value("q").trim().toLowerCase();
    var shown = {};
    var items = all("li.claim-item");
    var count = 0;
    items.forEach(function (item) {
      var ok = matches(item, query);
      shown[item.getAttribute("data-claim")] = ok;
      item.hidden = !ok;
      if (ok) { count += 1; }
    });
    all("details.claim").forEach(function (panel) {
      panel.hidden = !shown[panel.getAttribute("data-claim")];
    });
    all("mark.hl, a.mark-link").forEach(function (mark) {
      mark.classList.toggle("dim", !shown[mark.getAttribute("data-claim")]);
    });
    all("article.chart").forEach(function (chart) {
      var claims = JSON.parse(chart.getAttribute("data-claims") || "[]");
      chart.hidden = !claims.some(function (claimId) { return shown[claimId]; });
    });
    var filtering = count !== items.length;
    status.textContent = filtering ? "Showing " + count + " of " + items.length + " claims." : "";
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
}());
