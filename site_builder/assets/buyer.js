/* Pages that answer per buyer type: show only the answers for the buyer type the reader picks,
   and remember the pick for the next page. Without this script every buyer type is shown. */
(function () {
  "use strict";
  const KEY = "catalog.buyerType";
  const form = document.getElementById("buyer-choice");
  if (!form) return;
  const select = form.querySelector("select");
  const status = document.getElementById("buyer-choice-status");
  const sections = Array.from(document.querySelectorAll("[data-buyer-type]"));
  const known = Array.from(select.options, (option) => option.value);

  function show(value, announce) {
    for (const section of sections) {
      section.hidden = value !== "" && section.dataset.buyerType !== value;
    }
    if (announce) {
      const chosen = select.options[select.selectedIndex];
      status.textContent = value ? "Showing the answers for " + chosen.text + "." : "Showing every buyer type.";
    }
  }

  let saved = "";
  try {
    saved = window.localStorage.getItem(KEY) || "";
  } catch (error) {
    saved = "";  // storage blocked: the choice lasts for this page only
  }
  if (known.includes(saved)) select.value = saved;
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
