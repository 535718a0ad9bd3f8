/* Pages that answer per buyer type: show only the answers for the buyer type the reader picks,
   and remember the pick for the next page. Without this script every buyer type is shown, and
   the choice (which only works with it) is not in the page: it is built here from the buyer
   types the page answers for, each named by its row or section heading. */
(function () {
  "use strict";
  const KEY = "catalog.buyerType";
  const form = document.getElementById("buyer-choice");
  if (!form) return;
  const sections = Array.from(document.querySelectorAll("[data-buyer-type]"));
  const names = new Map();
  for (const section of sections) {
    // A table row is named by its header cell (which has no scope: it is the first one), a
    // section by its heading.
    const heading = section.querySelector(section.tagName === "TR" ? "th" : "h3");
    if (!names.has(section.dataset.buyerType) && heading) {
      names.set(section.dataset.buyerType, heading.textContent.trim());
    }
  }
  if (names.size < 2) return;

  const label = document.createElement("label");
  label.htmlFor = "buyer-choice-select";
  label.textContent = "Show " + form.dataset.what + " for ";
  const select = document.createElement("select");
  select.id = "buyer-choice-select";
  select.add(new Option("every buyer type", ""));
  for (const [value, name] of names) select.add(new Option(name, value));
  const status = document.createElement("span");
  status.id = "buyer-choice-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  form.append(label, select, " ", status);
  form.addEventListener("submit", (event) => event.preventDefault());

  function show(value, announce) {
    for (const section of sections) {
      section.hidden = value !== "" && section.dataset.buyerType !== value;
    }
    if (announce) {
      status.textContent = value
        ? "Showing " + form.dataset.what + " for " + names.get(value) + "."
        : "Showing every buyer type.";
    }
  }

  let saved = "";
  try {
    saved = window.localStorage.getItem(KEY) || "";
  } catch (error) {
    saved = "";  // storage blocked: the choice lasts for this page only
  }
  if (names.has(saved)) select.value = saved;
  form.hidden = false;
  show(select.value, false);
  select.addEventListener("change", () => {
    try {
      window.localStorage.setItem(KEY, select.value);
    } catch (error) {
      /* storage blocked: nothing to remember */
    }
    show(select.value, true);
  });
})();
