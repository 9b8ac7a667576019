// Diagnostic filling. Every item also works without this file (plain submit button).

// Let htmx show the server's conflict (409) and validation (422) messages inside the
// item instead of treating them as failures.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  if ((status === 409 || status === 422) && event.detail.target &&
      event.detail.target.classList.contains("save-state")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// An honest saved state: while something typed has not been sent yet, say so, even if
// an earlier save (of the level, say) has just answered "Enregistré".
function itemForm(element) {
  var form = element && element.closest ? element.closest("form[data-autosave]") : null;
  return form;
}
function showPending(form) {
  var status = form.querySelector(".save-state");
  // A conflict waits for the person's choice: never hide it.
  if (status && form.dataset.dirty && !status.querySelector(".conflict")) {
    status.innerHTML = "";
    var span = document.createElement("span");
    span.className = "muted pending-state";
    span.textContent = form.dataset.pendingLabel || "…";
    status.appendChild(span);
  }
}
function markDirty(event) {
  var form = itemForm(event.target);
  if (!form || event.target.type === "submit") { return; }
  form.dataset.dirty = "1";
  showPending(form);
}
document.addEventListener("input", markDirty);

// What sends an item: a level (radio) at once, typed text after a pause. Dispatched
// here rather than written as htmx trigger filters, which need eval (the CSP forbids it).
document.addEventListener("change", function (event) {
  var form = itemForm(event.target);
  if (form && event.target.type === "radio" && window.htmx) {
    window.htmx.trigger(form, "level-changed");
  }
});
document.addEventListener("input", function (event) {
  var form = itemForm(event.target);
  if (form && event.target.type !== "radio" && window.htmx) {
    window.htmx.trigger(form, "text-input");
  }
});
document.addEventListener("htmx:beforeRequest", function (event) {
  var form = itemForm(event.detail.elt);
  if (form) { delete form.dataset.dirty; }
});
// Right after a save's answer is swapped in, not a moment later: "Enregistré" must never
// show, even briefly, while something typed since is still waiting to be sent.
document.addEventListener("htmx:afterSwap", function (event) {
  var form = itemForm(event.detail.elt) || itemForm(event.target);
  if (form && form.dataset.dirty) { showPending(form); }
});
document.addEventListener("htmx:afterRequest", function (event) {
  var form = itemForm(event.detail.elt);
  if (form) { window.setTimeout(function () { showPending(form); }, 50); }
});

// Leaving a text field sends what was typed at once instead of waiting for the pause
// (unless a conflict is waiting for the person's choice).
document.addEventListener("focusout", function (event) {
  var form = itemForm(event.target);
  if (form && form.dataset.dirty && event.target.tagName === "TEXTAREA" &&
      !form.querySelector(".conflict") && window.htmx) {
    window.htmx.trigger(form, "flush");
  }
});

// Right after the swap too, in the same task: a save of the level that answers while the
// text is still being typed must not show "Enregistré", even for the 50 ms above.
document.addEventListener("htmx:afterSwap", function (event) {
  var form = itemForm(event.detail.elt);
  if (form) { showPending(form); }
});
