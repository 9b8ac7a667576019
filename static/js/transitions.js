// Small progressive enhancements; every page works without this file.
document.addEventListener("htmx:responseError", function (event) {
  var xhr = event.detail.xhr;
  var message = "Une erreur est survenue (" + xhr.status + "). Rechargez la page et réessayez.";
  try {
    var data = JSON.parse(xhr.responseText);
    if (data && data.error) { message = data.error; }
  } catch (e) { /* not JSON */ }
  var target = document.getElementById("htmx-errors");
  if (target) { target.textContent = message; }
});

// The polls hit "changed since" endpoints that answer 304 when nothing changed:
// tell htmx not to swap (an empty body would otherwise wipe the board).
function acceptNotModified() {
  if (!window.htmx) { return; }
  var rules = htmx.config.responseHandling;
  if (!rules.some(function (r) { return r.code === "304"; })) {
    rules.unshift({ code: "304", swap: false });
  }
}
acceptNotModified();
document.addEventListener("DOMContentLoaded", acceptNotModified);

// Selects that act at once (the language switcher): no inline handler, which the
// Content-Security-Policy refuses. Without JavaScript, the form's button submits.
document.addEventListener("change", function (event) {
  if (event.target.matches && event.target.matches("select[data-submit-on-change]")) {
    event.target.form.submit();
  }
});

// The axis picker (templates/includes/axis_picker.html): a filter box over the
// checkboxes grouped by principle. Without JavaScript the grouped checkboxes work alone.
function normaliseText(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}
function filterAxes(picker) {
  var input = picker.querySelector("[data-axis-filter]");
  var words = normaliseText(input.value).split(/\s+/).filter(Boolean);
  var shown = 0;
  picker.querySelectorAll(".axis-group").forEach(function (group) {
    var visible = 0;
    group.querySelectorAll("li").forEach(function (item) {
      var text = normaliseText(item.textContent);
      var box = item.querySelector("input");
      // A checked axis stays visible: a filter never hides what is chosen.
      var match = box.checked || words.every(function (w) { return text.indexOf(w) !== -1; });
      item.hidden = !match;
      if (match) { visible += 1; }
    });
    group.hidden = visible === 0;
    shown += visible;
  });
  var count = picker.querySelector("[data-axis-count]");
  if (count) {
    count.textContent = words.length
      ? (shown === 0 ? "Aucun axe ne correspond." : shown === 1 ? "1 axe affiché." : shown + " axes affichés.")
      : "";
  }
}
function setUpAxisPickers(root) {
  (root || document).querySelectorAll("[data-axis-picker]").forEach(function (picker) {
    if (picker.dataset.ready) { return; }
    picker.dataset.ready = "1";
    var box = picker.querySelector(".axis-picker-filter");
    var input = picker.querySelector("[data-axis-filter]");
    if (!box || !input) { return; }
    box.hidden = false;
    input.addEventListener("input", function () { filterAxes(picker); });
    input.addEventListener("keydown", function (event) {
      // Enter in the filter must not submit the card.
      if (event.key === "Enter") { event.preventDefault(); }
      if (event.key === "Escape") { input.value = ""; filterAxes(picker); }
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { setUpAxisPickers(document); });
document.addEventListener("htmx:afterSettle", function (event) { setUpAxisPickers(event.target); });
// A table wider than its box scrolls sideways: keyboard users must be able to reach and
// scroll it (WCAG 2.1.1), so an overflowing `.table-scroll` becomes a named, focusable
// region; once it fits again it leaves the tab order. Names come from the table's
// caption, else the heading before it.
function scrollRegionName(box) {
  var caption = box.querySelector("caption");
  if (caption && caption.textContent.trim()) { return caption.textContent.trim(); }
  for (var node = box.previousElementSibling; node; node = node.previousElementSibling) {
    if (/^H[1-6]$/.test(node.tagName)) { return node.textContent.trim(); }
  }
  var heading = box.closest("section, article, div.card");
  heading = heading && heading.querySelector("h1, h2, h3, h4");
  return heading ? heading.textContent.trim() : "Tableau";
}
function markScrollRegion(box) {
  if (box.dataset.ownTabindex === undefined) {
    box.dataset.ownTabindex = box.hasAttribute("tabindex") ? "1" : "";
  }
  var overflows = box.scrollWidth > box.clientWidth + 1;
  var hint = box.previousElementSibling;
  if (!hint || !hint.classList.contains("scroll-hint")) {
    // Seen, not read: the region's name already says it scrolls.
    hint = document.createElement("p");
    hint.className = "scroll-hint muted";
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = "Plus large que l’écran : faites défiler horizontalement →";
    box.parentNode.insertBefore(hint, box);
  }
  hint.hidden = !overflows;
  if (box.dataset.ownTabindex) { return; }  // the template made it focusable itself
  if (overflows) {
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
      box.setAttribute("aria-label", scrollRegionName(box) + " (défilement horizontal)");
    }
  } else if (box !== document.activeElement) {
    box.removeAttribute("tabindex");
  }
}
var scrollRegions = window.ResizeObserver && new ResizeObserver(function (entries) {
  entries.forEach(function (entry) { markScrollRegion(entry.target); });
});
function watchScrollRegions(root) {
  if (!root || !root.querySelectorAll) { return; }
  var boxes = root.querySelectorAll(".table-scroll");
  Array.prototype.forEach.call(boxes, function (box) {
    markScrollRegion(box);
    if (scrollRegions) { scrollRegions.observe(box); }
  });
}
document.addEventListener("DOMContentLoaded", function () { watchScrollRegions(document); });
// Content swapped in by htmx (polled boards, results) gets the same treatment.
document.addEventListener("htmx:load", function (event) { watchScrollRegions(event.target); });
