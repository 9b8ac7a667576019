// The board polls a "changed since" endpoint that answers 304 when nothing changed:
// tell htmx not to swap (an empty body would otherwise wipe the board).
(function () {
  function setup() {
    if (!window.htmx) { return; }
    var rules = htmx.config.responseHandling;
    if (!rules.some(function (r) { return r.code === "304"; })) {
      rules.unshift({ code: "304", swap: false });
    }
  }
  setup();
  document.addEventListener("DOMContentLoaded", setup);
})();
