// Live boards (peer sessions, agora). Every page also works without this file.
(function () {
  // The polls hit "changed since" endpoints that answer 304 when nothing changed:
  // tell htmx not to swap (an empty body would otherwise wipe the board).
  function setup() {
    if (!window.htmx) { return; }
    var rules = htmx.config.responseHandling;
    if (!rules.some(function (r) { return r.code === "304"; })) {
      rules.unshift({ code: "304", swap: false });
    }
  }
  setup();
  document.addEventListener("DOMContentLoaded", setup);

  // A position recorded by someone else meanwhile (409): show the fresh matrix and the
  // conflict box the server sent, instead of treating it as a failure.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (event.detail.xhr.status === 409 && target && target.id === "agora-live") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Don't replace the live matrix under a facilitator typing a nuance: the next poll
  // after they leave the field brings the changes.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || elt.id !== "agora-live") { return; }
    var active = document.activeElement;
    if (active && elt.contains(active) && active.tagName === "INPUT") {
      event.preventDefault();
    }
  });

  // "Keep theirs": the matrix already shows their position; only the box goes away.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-dismiss-conflict]") : null;
    if (!link) { return; }
    var box = document.getElementById("position-conflict");
    if (box) {
      event.preventDefault();
      box.innerHTML = "";
    }
  });
})();
