// The agora's live matrix. Every page also works without this file.
(function () {
  // A position recorded by someone else meanwhile (409): show the fresh matrix and the
  // conflict box the server sent, instead of treating it as a failure.
  // On a phone the matrix scrolls sideways: a refresh or a tap must not send the
  // facilitator back to the first column.
  var matrixScroll = null;
  // A World Café table's phone: a refused card (400: a fourth key idea, a closed round)
  // or a card another phone saved meanwhile (409) comes back as the table's live part
  // with the French message in it: show it rather than a generic error.
  // Nor replace a phone's (or the facilitator's) live part under someone typing a card
  // or choosing a seat: any write at another table bumps the forum's version, and the
  // swap would wipe what they typed. The next poll after they leave the field catches up.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || (elt.id !== "table-live" && elt.id !== "cafe-live")) { return; }
    if (event.detail.requestConfig && event.detail.requestConfig.verb !== "get") { return; }
    var active = document.activeElement;
    if (active && elt.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) {
      event.preventDefault();
    }
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var status = event.detail.xhr.status;
    if (target && target.id === "table-live" && (status === 400 || status === 409)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    // The poll (#agora-poll) may bring the whole live part out of band.
    if (!target || (target.id !== "agora-live" && target.id !== "agora-poll")) { return; }
    if (target.id === "agora-live" && event.detail.xhr.status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
    var box = document.querySelector("#agora-live .matrix-scroll");
    matrixScroll = box ? box.scrollLeft : null;
  });
  document.addEventListener("htmx:afterSwap", function () {
    if (matrixScroll === null) { return; }
    var box = document.querySelector("#agora-live .matrix-scroll");
    if (box) { box.scrollLeft = matrixScroll; }
    matrixScroll = null;
  });

  // Don't replace the live matrix under a facilitator typing a nuance: the next poll
  // after they leave the field brings the changes.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || elt.id !== "agora-poll") { return; }
    var live = document.getElementById("agora-live");
    var active = document.activeElement;
    if (live && active && live.contains(active) && active.tagName === "INPUT") {
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

// The World Café countdown: the server sends the seconds left; this only counts down
// between two polls (every page still shows the figure without this file).
(function () {
  function tick() {
    document.querySelectorAll("[data-seconds-left]").forEach(function (el) {
      if (!el.dataset.endsAt) {
        el.dataset.endsAt = String(Date.now() + 1000 * parseInt(el.dataset.secondsLeft, 10));
      }
      var left = Math.max(0, Math.round((parseInt(el.dataset.endsAt, 10) - Date.now()) / 1000));
      var clock = el.querySelector(".countdown-clock");
      if (clock) {
        clock.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      }
    });
  }
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);
})();
