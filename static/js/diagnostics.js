// Diagnostic filling: let htmx show the server's conflict (409) and validation (422)
// messages inside the item instead of treating them as failures. Works without this file
// too: every item has a plain submit button.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  if ((status === 409 || status === 422) && event.detail.target &&
      event.detail.target.classList.contains("save-state")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
