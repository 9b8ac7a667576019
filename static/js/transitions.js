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
