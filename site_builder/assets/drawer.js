/* The phone menu: Escape closes it and gives the focus back to the menu button. The menu opens and
   closes without script too (the theme's checkbox, reachable by keyboard; see catalog.css). */
(function () {
  "use strict";
  const toggle = document.getElementById("__drawer");
  if (!toggle) return;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !toggle.checked) return;
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
    toggle.focus();
  });
})();
