/* Apply the remembered body text size before first paint (no flash).
   Loaded without defer in <head>, so it runs before the body is drawn; a file
   rather than an inline script, so the Content-Security-Policy needs no exception. */
try { var s = parseInt(localStorage.getItem("broadsheet.fontStep") || "0", 10);
      if (s) document.documentElement.style.setProperty("--font-step", s); } catch (e) {}
