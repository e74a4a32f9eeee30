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

  /* The 报刊 selector. A pointer (mouse, touch) choice goes to that paper at once;
     keyboard browsing through the options does not (WCAG 3.2.2): the 切换 button,
     or Enter on the select, confirms it. Without JavaScript the button submits the form. */
  function initPaperSwitch() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      var byKeyboard = false;
      function go() {
        var option = select.options[select.selectedIndex];
        if (option && option.dataset.url && !option.defaultSelected) window.location.href = option.dataset.url;
      }
      select.addEventListener("pointerdown", function () { byKeyboard = false; });
      select.addEventListener("keydown", function (event) {
        byKeyboard = true;
        if (event.key === "Enter" && !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
          event.preventDefault();
          go();
        }
      });
      select.addEventListener("change", function () { if (!byKeyboard) go(); });
    });
  }

  /* ← / → turn to the previous / next page or article, as in a printed paper, only
     when the keys have nothing else to do: no modifier key, focus not on a link,
     button or form control, and nothing to scroll sideways (a zoomed-in page pans). */
  var KEEPS_ARROWS = "a[href], area[href], button, input, select, textarea, summary, iframe, " +
    "[contenteditable]:not([contenteditable=false]), [role=button], [role=link], [role=checkbox], [role=radio], [role=slider], " +
    "[role=spinbutton], [role=textbox], [role=combobox], [role=listbox], [role=menuitem], [role=tab]";

  function scrollsSideways() {
    var root = document.scrollingElement || document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) return true;
    return !!(window.visualViewport && window.visualViewport.scale > 1.01);
  }

  function initArrowKeys() {
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.isComposing) return;
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      var rel = event.key === "ArrowLeft" ? "prev" : event.key === "ArrowRight" ? "next" : null;
      if (!rel) return;
      var target = event.target;
      if (target && (target.isContentEditable || (target.closest && target.closest(KEEPS_ARROWS)))) return;
      if (scrollsSideways()) return;
      var link = document.querySelector('main a[rel="' + rel + '"]');
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
