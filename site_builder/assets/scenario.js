/* Scenario pages: copy the draft emergency determination, or print the page. */
(function () {
  "use strict";
  const actions = document.getElementById("determination-actions");
  const text = document.getElementById("determination-text");
  if (!actions || !text) return;
  const status = document.getElementById("determination-status");

  /* The draft as plain text for a form: headings and paragraphs apart, list items as "- ". */
  function plainText(root) {
    const parts = [];
    for (const node of root.children) {
      const words = (item) => item.textContent.replace(/\s+/g, " ").trim();
      if (node.tagName === "UL" || node.tagName === "OL") {
        parts.push([...node.querySelectorAll("li")].map((li) => "- " + words(li)).join("\n"));
      } else {
        parts.push(words(node));
      }
    }
    return parts.filter(Boolean).join("\n\n") + "\n";
  }
  actions.hidden = false;
  document.getElementById("determination-copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(plainText(text));
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
