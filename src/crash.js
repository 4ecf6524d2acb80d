// Sockpit's last word: when the WebAssembly traps (out of memory, a stack overflow, or the abort after a
// panic), the app can no longer speak for itself. This says so on the page (#crash, role="alert"),
// needing nothing of the app. A panic's own message, shown first by the app's panic hook, is kept.
(function () {
  "use strict";
  function show(why) {
    if (document.getElementById("crash")) return;
    var el = document.createElement("div");
    el.id = "crash";
    el.className = "crash";
    el.setAttribute("role", "alert");
    el.textContent = "Sockpit stopped: " + why + ". The page cannot go on: reload it to start again " +
      "(this page's log is lost). To report it, copy this message and write down the steps that led here.";
    (document.body || document.documentElement).prepend(el);
  }
  function trapped(err) {
    return typeof WebAssembly !== "undefined" && err instanceof WebAssembly.RuntimeError;
  }
  window.addEventListener("error", function (e) {
    if (trapped(e.error)) show("the WebAssembly module trapped (" + e.error.message + ")");
  });
  window.addEventListener("unhandledrejection", function (e) {
    if (trapped(e.reason)) show("the WebAssembly module trapped (" + e.reason.message + ")");
  });
})();
