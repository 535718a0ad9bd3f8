/* The browse page: search as you type, facets, results, the shareable URL, the evidence
   download, and picking solutions to compare. Without JavaScript the page keeps its plain
   paged list; this script replaces it with the searchable one. */
(function () {
  "use strict";
  const D = window.CatalogData;
  const app = document.getElementById("catalog-browse");
  if (!app || !D) return;

  const base = app.dataset.base || "";
  const STEP = 50;
  const CHECKBOX_LIMIT = 12; // longer value lists get a drop-down instead of checkboxes
  const input = document.getElementById("catalog-q");
  const facetsBox = document.getElementById("catalog-facets");
  const results = document.getElementById("catalog-results");
  const count = document.getElementById("catalog-count");
  const more = document.getElementById("catalog-more");
  const compareLink = document.getElementById("catalog-compare-link");
  let index = null;
  let selected = {};
  let matches = [];
  let shown = 0;
  let timer = 0;
  const picked = [];

  function readUrl() {
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    picked.length = 0;
    for (const id of (params.get("compare") || "").split(",")) {
      if (id && index.position.has(id) && !picked.includes(id) && picked.length < 4) picked.push(id);
    }
    selected = {};
    for (const facet of Object.keys(index.facets)) {
      const wanted = (params.get(facet) || "").split(",").filter(Boolean);
      const values = index.facets[facet].values;
      selected[facet] = new Set(wanted.map((v) => values.indexOf(v)).filter((i) => i >= 0));
    }
  }

  function writeUrl() {
    const params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    for (const facet of Object.keys(selected)) {
      if (selected[facet].size) {
        params.set(facet, [...selected[facet]].sort((a, b) => a - b).map((i) => index.facets[facet].values[i]).join(","));
      }
    }
    if (picked.length) params.set("compare", picked.join(","));
    const query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function buildFacets() {
    facetsBox.textContent = "";
    for (const facet of index.raw.facet_order) {
      const info = index.facets[facet];
      if (info.values.length < 2 && !selected[facet].size) continue;
      if (info.values.length > CHECKBOX_LIMIT) {
        const box = D.element("div", { class: "cat-facet" });
        const id = "facet-" + facet;
        box.appendChild(D.element("label", { for: id }, info.label));
        const select = D.element("select", { id: id, "data-facet": facet });
        select.appendChild(D.element("option", { value: "" }, "Any"));
        info.values.forEach((value, i) => {
          const option = D.element("option", { value: String(i) }, info.labels[i]);
          if (selected[facet].has(i)) option.selected = true;
          select.appendChild(option);
        });
        select.addEventListener("change", () => {
          selected[facet] = new Set(select.value === "" ? [] : [Number(select.value)]);
          update(true);
        });
        box.appendChild(select);
        facetsBox.appendChild(box);
        continue;
      }
      const fieldset = D.element("fieldset", { "data-facet": facet });
      fieldset.appendChild(D.element("legend", {}, info.label));
      info.values.forEach((value, i) => {
        const id = "facet-" + facet + "-" + i;
        const row = D.element("div", { class: "cat-option" });
        const box = D.element("input", { type: "checkbox", id: id, value: String(i) });
        box.checked = selected[facet].has(i);
        box.addEventListener("change", () => {
          if (box.checked) selected[facet].add(i); else selected[facet].delete(i);
          update(true);
        });
        const label = D.element("label", { for: id }, info.labels[i]);
        const n = D.element("span", { class: "cat-n", "data-count": facet + "-" + i });
        label.appendChild(document.createTextNode(" "));
        label.appendChild(n);
        row.appendChild(box);
        row.appendChild(label);
        fieldset.appendChild(row);
      });
      facetsBox.appendChild(fieldset);
    }
  }

  function updateSummary() {
    let n = 0;
    for (const facet of Object.keys(selected)) n += selected[facet].size;
    document.getElementById("catalog-filter-summary").textContent = n ? "Filters (" + n + " chosen)" : "Filters";
  }

  function updateCounts() {
    for (const fieldset of facetsBox.querySelectorAll("fieldset[data-facet]")) {
      const facet = fieldset.dataset.facet;
      const counts = index.counts(facet, index.match(input.value, selected, facet));
      for (const span of fieldset.querySelectorAll("[data-count]")) {
        span.textContent = "(" + counts[Number(span.dataset.count.split("-").pop())] + ")";
      }
    }
  }

  function card(row) {
    const id = index.raw.id[row];
    const li = D.element("li", { class: "cat-card" });
    const title = D.element("h3", { class: "cat-card__title" });
    title.appendChild(D.element("a", { href: base + "solutions/" + id + "/" }, index.raw.name[row]));
    const status = index.facets.status.values[index.columns.status[row]];
    title.appendChild(document.createTextNode(" "));
    title.appendChild(D.element("span", { class: "cat-b-" + status }, index.label("status", row)));
    if (index.facets.emergency.values[index.columns.emergency[row]] === "yes") {
      title.appendChild(document.createTextNode(" "));
      title.appendChild(D.element("span", { class: "cat-b-ready" }, "Emergency-ready"));
    }
    li.appendChild(title);
    const meta = D.element("p", { class: "cat-card__meta" });
    meta.appendChild(D.element("a", { href: base + "vendors/" + index.facets.vendor.values[index.columns.vendor[row]] + "/" },
      index.label("vendor", row)));
    meta.appendChild(document.createTextNode(" · " + index.label("category", row) + " · contract "));
    index.raw.numbers[row].split(" ").filter(Boolean).forEach((number, i) => {
      if (i) meta.appendChild(document.createTextNode(", "));
      meta.appendChild(D.element("span", { class: "cat-nowrap" }, number));
    });
    li.appendChild(meta);
    li.appendChild(D.element("p", { class: "cat-card__summary", "data-row": String(row) }, index.summary(row) || ""));
    const pick = D.element("p", { class: "cat-option" });
    const boxId = "compare-" + id;
    const box = D.element("input", { type: "checkbox", id: boxId });
    box.checked = picked.includes(id);
    box.addEventListener("change", () => togglePick(id, box));
    pick.appendChild(box);
    pick.appendChild(D.element("label", { for: boxId }, "Compare " + index.raw.name[row]));
    li.appendChild(pick);
    return li;
  }

  function togglePick(id, box) {
    const at = picked.indexOf(id);
    if (box.checked && at === -1) {
      if (picked.length >= 4) {
        box.checked = false;
        count.textContent = "You can compare at most four solutions; remove one first.";
        return;
      }
      picked.push(id);
    } else if (!box.checked && at !== -1) {
      picked.splice(at, 1);
    }
    showPicks();
    writeUrl();
  }

  function showPicks() {
    compareLink.href = base + "compare/" + (picked.length ? "?s=" + picked.join(",") : "");
    compareLink.textContent = "Compare selected (" + picked.length + ")";
    compareLink.setAttribute("aria-disabled", picked.length ? "false" : "true");
  }

  function showMore() {
    const end = Math.min(matches.length, shown + STEP);
    const fragment = document.createDocumentFragment();
    const rows = matches.slice(shown, end);
    for (const row of rows) fragment.appendChild(card(row));
    results.appendChild(fragment);
    shown = end;
    index.loadSummaries(rows).then(() => {
      for (const p of results.querySelectorAll("p.cat-card__summary[data-row]")) {
        if (!p.textContent) p.textContent = index.summary(Number(p.dataset.row)) || "";
      }
    }, () => { /* the cards stay without summaries; every page still has its own */ });
    more.hidden = shown >= matches.length;
    more.textContent = "Show more results (" + (matches.length - shown) + " more)";
  }

  let updates = 0;

  async function update(fromControl) {
    const ticket = ++updates;
    try {
      await index.prepare(input.value);
    } catch (error) {
      count.textContent = "Part of the search index could not be loaded; type again to retry.";
      return;
    }
    if (ticket !== updates) return; // a later change is already being shown
    matches = index.match(input.value, selected);
    results.textContent = "";
    shown = 0;
    showMore();
    const n = matches.length;
    count.textContent = n === 0 ? "No solutions match." : n === 1 ? "1 solution matches." : n.toLocaleString("en-US") + " solutions match.";
    updateCounts();
    updateSummary();
    if (fromControl) writeUrl();
  }

  function filtersUsed() {
    const used = {};
    for (const facet of Object.keys(selected)) {
      if (selected[facet].size) used[index.facets[facet].label] = [...selected[facet]].map((i) => index.facets[facet].labels[i]);
    }
    return used;
  }

  function evidence() {
    return D.stamp(index, {
      title: "Solutions from the catalog, as filtered",
      search: input.value.trim(),
      filters: filtersUsed(),
      solutions: matches.length,
    });
  }

  const COLUMNS = ["id", "name", "vendor", "category", "contract_numbers", "vehicle", "status", "deployment", "classification",
    "risk", "credential", "buyer", "emergency", "summary", "url"];

  /* The header on the first line and one row per solution, so the file opens as a table; what
     it is evidence of follows the data, after an empty line, as "# name, value" rows. */
  async function downloadCsv() {
    await index.loadSummaries(matches);
    const rows = [COLUMNS];
    for (const row of matches) {
      const record = index.record(row, base);
      rows.push(COLUMNS.map((c) => record[c]));
    }
    rows.push([]);
    rows.push(...D.stampLines(evidence()));
    D.download("catalog-solutions-" + D.today() + ".csv", "text/csv;charset=utf-8", D.csv(rows));
  }

  async function downloadJson() {
    await index.loadSummaries(matches);
    const body = { evidence: evidence(), solutions: matches.map((row) => index.record(row, base)) };
    D.download("catalog-solutions-" + D.today() + ".json", "application/json", JSON.stringify(body, null, 2) + "\n");
  }

  async function start() {
    try {
      index = new D.Index(await D.fetchJson(app.dataset.index), app.dataset.index);
    } catch (error) {
      count.textContent = "The search index could not be loaded; the list below still links every solution.";
      return;
    }
    readUrl();
    showPicks();
    buildFacets();
    // Open beside the results on wide screens; folded above them on a phone.
    document.getElementById("catalog-filter-box").open = window.matchMedia("(min-width: 60em)").matches;
    app.hidden = false;
    document.getElementById("catalog-static").hidden = true;
    input.addEventListener("input", () => {
      index.prepare(input.value).catch(() => { /* update() reports it */ });
      clearTimeout(timer);
      timer = setTimeout(() => update(true), 80);
    });
    document.getElementById("catalog-filters").addEventListener("submit", (event) => {
      event.preventDefault();
      update(true);
    });
    document.getElementById("catalog-clear").addEventListener("click", () => {
      input.value = "";
      for (const facet of Object.keys(selected)) selected[facet].clear();
      buildFacets();
      update(true);
      input.focus();
    });
    more.addEventListener("click", showMore);
    document.getElementById("catalog-csv").addEventListener("click", downloadCsv);
    document.getElementById("catalog-json").addEventListener("click", downloadJson);
    update(false);
  }

  start();
})();
