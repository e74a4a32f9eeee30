/* Broadsheet reader: progressive enhancements; every feature works without it too. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var KEY = "broadsheet.fontStep", MIN = -2, MAX = 6;

  function getStep() {
    try { return parseInt(localStorage.getItem(KEY) || "0", 10) || 0; } catch (e) { return 0; }
  }
  function setStep(step) {
    step = Math.max(MIN, Math.min(MAX, step));
    try { localStorage.setItem(KEY, String(step)); } catch (e) { /* private mode */ }
    document.documentElement.style.setProperty("--font-step", step);
    return step;
  }

  function initFontControls() {
    document.querySelectorAll(".font-controls button[data-font]").forEach(function (button) {
      button.addEventListener("click", function () {
        var action = button.getAttribute("data-font");
        setStep(action === "up" ? getStep() + 1 : action === "down" ? getStep() - 1 : 0);
      });
    });
  }

  /* Hovering or focusing an area on the page image highlights its title, and back. */
  function initHotspots() {
    function mark(order, on) {
      document.querySelectorAll('[data-article="' + order + '"]').forEach(function (el) {
        el.classList.toggle("is-active", on);
      });
    }
    document.querySelectorAll("[data-article]").forEach(function (el) {
      var order = el.getAttribute("data-article");
      ["mouseenter", "focusin"].forEach(function (ev) { el.addEventListener(ev, function () { mark(order, true); }); });
      ["mouseleave", "focusout"].forEach(function (ev) { el.addEventListener(ev, function () { mark(order, false); }); });
    });
  }

  function initPaperSwitch() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () {
        var option = select.options[select.selectedIndex];
        if (option && option.dataset.url) window.location.href = option.dataset.url;
      });
    });
  }

  /* ← / → turn to the previous / next page or article, as in a printed paper. */
  function initArrowKeys() {
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))) return;
      var rel = event.key === "ArrowLeft" ? "prev" : event.key === "ArrowRight" ? "next" : null;
      var link = rel && document.querySelector('main a[rel="' + rel + '"]');
      if (link) { event.preventDefault(); window.location.href = link.href; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initArrowKeys();
    initFontControls();
    initHotspots();
    initPaperSwitch();
  });
})();
