/* Broadsheet desk: small enhancements shared by the desk's screens.
 * - an upload's progress bar polls its run as JSON until it is done or failed;
 * - the edition's state form shows the date and time only for 定时发布.
 * Everything arriving from the server is written as text (textContent), never as markup.
 */
(function () {
  "use strict";
  var POLL_MS = 1000;

  function element(tag, text) {
    var el = document.createElement(tag);
    if (text !== undefined) { el.textContent = String(text); }
    return el;
  }

  function outcome(data) {
    var box = document.createDocumentFragment();
    var list = element("dl");
    list.className = "summary-list";
    Object.keys(data.summary || {}).forEach(function (key) {
      var value = data.summary[key];
      list.appendChild(element("dt", key));
      list.appendChild(element("dd", typeof value === "object" ? JSON.stringify(value) : value));
    });
    box.appendChild(list);
    if (data.errors && data.errors.length) {
      var errors = element("ul");
      errors.className = "error-list";
      data.errors.forEach(function (text) { errors.appendChild(element("li", text)); });
      box.appendChild(errors);
    }
    return box;
  }

  function showRun(root, data) {
    var bar = root.querySelector("progress");
    bar.value = data.progress;
    bar.textContent = data.progress + "%";
    root.querySelector("[data-run-message]").textContent = data.message || data.status;
    if (!data.finished) { return false; }
    var state = root.querySelector("[data-run-state]");
    state.textContent = root.getAttribute(data.status === "done" ? "data-msg-done" : "data-msg-failed");
    var box = root.querySelector("[data-run-outcome]");
    while (box.firstChild) { box.removeChild(box.firstChild); }
    box.appendChild(outcome(data));
    var link = root.querySelector("[data-run-edition]");
    if (data.edition_url) { link.href = data.edition_url; link.hidden = false; }
    return true;
  }

  function pollRun(root) {
    var url = root.getAttribute("data-url");
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) { if (!showRun(root, data)) { setTimeout(tick, POLL_MS); } })
        .catch(function () { setTimeout(tick, POLL_MS * 3); });
    }
    if (!root.querySelector("[data-run-state]").textContent.trim()) { tick(); }
  }

  function stateForm(form) {
    var select = form.querySelector("select[name=state]");
    var when = form.querySelector("[data-when=scheduled]");
    if (!select || !when) { return; }
    function sync() { when.hidden = select.value !== "scheduled"; }
    select.addEventListener("change", sync);
    sync();
  }

  document.querySelectorAll("[data-run-progress]").forEach(pollRun);
  document.querySelectorAll(".state-form").forEach(stateForm);
})();
