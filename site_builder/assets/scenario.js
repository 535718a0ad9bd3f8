/* Scenario pages: copy a draft emergency determination, or print the page. */
(function () {
  "use strict";

  /* The draft as plain text for a form: headings and paragraphs apart, list items as "- ". */
  function plainText(root) {
    const parts = [];
    const words = (item) => item.textContent.replace(/\s+/g, " ").trim();
    for (const node of root.children) {
      if (node.tagName === "UL" || node.tagName === "OL") {
        parts.push([...node.querySelectorAll("li")].map((li) => "- " + words(li)).join("\n"));
      } else {
        parts.push(words(node));
      }
    }
    return parts.filter(Boolean).join("\n\n") + "\n";
  }

  for (const actions of document.querySelectorAll("[data-determination-actions]")) {
    const text = document.getElementById(actions.dataset.determinationActions);
    if (!text) continue;
    const status = actions.querySelector("[role=status]");
    actions.hidden = false;
    actions.querySelector("[data-copy]").addEventListener("click", async () => {
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
    actions.querySelector("[data-print]").addEventListener("click", () => window.print());
  }
})();
