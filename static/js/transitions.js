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
