/* Scenario pages: copy the draft emergency determination, or print the page. */
(function () {
  "use strict";
  const actions = document.getElementById("determination-actions");
  const text = document.getElementById("determination-text");
  if (!actions || !text) return;
  const status = document.getElementById("determination-status");
  actions.hidden = false;
  document.getElementById("determination-copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text.innerText.trim() + "\n");
      status.textContent = "Copied.";
    } catch (error) {
      const range = document.createRange();
      range.selectNodeContents(text);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      status.textContent = "Selected; press Ctrl+C (or Cmd+C) to copy.";
    }
  });
  document.getElementById("determination-print").addEventListener("click", () => window.print());
})();
