/* The compare page: pick 2 to 4 solutions (kept in the URL as ?s=a,b), see their facts and
   effective terms side by side with differing rows marked, and download the comparison. */
(function () {
  "use strict";
  const D = window.CatalogData;
  const app = document.getElementById("catalog-compare");
  if (!app || !D) return;

  const MAX = 4;
  const base = app.dataset.base || "";
  const input = document.getElementById("compare-q");
  const suggestions = document.getElementById("compare-suggestions");
  const chips = document.getElementById("compare-selected");
  const status = document.getElementById("compare-status");
  const table = document.getElementById("compare-table");
  const onlyDiff = document.getElementById("compare-diff");
  const caption = document.getElementById("compare-caption");
  let index = null;
  let chosen = [];
  const records = new Map();
  let timer = 0;

  function readUrl() {
    const ids = (new URLSearchParams(location.search).get("s") || "").split(",").filter(Boolean);
    chosen = [...new Set(ids)].filter((id) => index.position.has(id)).slice(0, MAX);
  }

  function writeUrl() {
    history.replaceState(null, "", location.pathname + (chosen.length ? "?s=" + chosen.join(",") : ""));
    // On paper the address names the selection, so the printout can be opened again.
    const printed = document.getElementById("print-address-url");
    if (printed) printed.textContent = location.href;
  }

  // The compare files are gzipped only, as the index is: the shared loader inflates them.
  const load = D.fetchJson;

  /* A solution's record with its full effective terms: its contract's, with its own changes.
     Records come in chunks of solutions by their row in the index. */
  const chunks = new Map();
  function chunk(row) {
    const n = Math.floor(row / index.raw.compare_chunk);
    if (!chunks.has(n)) chunks.set(n, load(app.dataset.records + n + ".json"));
    return chunks.get(n);
  }

  async function record(id) {
    if (!records.has(id)) {
      records.set(id, (async () => {
        const data = await chunk(index.position.get(id));
        const found = data.records[id];
        if (!found) throw new Error("no comparison data for " + id);
        // Text is given once per file, in `words`: the record holds positions in it. What is
        // empty or false has no key.
        const word = (at) => (at === null ? null : data.words[at]);
        const item = {
          contract_id: found.contract_id,
          other_contracts: found.other_contracts || [],
          waived: Boolean(found.waived),
          overrides: (found.overrides || []).map(([path, value, clause]) => [path, word(value), word(clause)]),
        };
        const contract = await load(app.dataset.records + "contracts/" + item.contract_id + ".json");
        // The record's facts are in the order of the file's labels; the contract's own (null in
        // the record) come from the contract's file, in the same order.
        const theirs = contract.facts.slice();
        const facts = data.fact_labels.map((label, i) => [label, found.facts[i] === null ? theirs.shift() : word(found.facts[i])]);
        // A change is [path, value, clause]; its family and label are given once per file.
        const overrides = item.overrides.map(([path, value, clause]) => [path, ...data.term_labels[path], value, clause]);
        const changed = new Map(overrides.map((row) => [row[0], row]));
        const terms = contract.terms.map((row) => changed.get(row[0]) || row);
        const known = new Set(terms.map((row) => row[0]));
        for (const row of overrides) if (!known.has(row[0])) terms.push(row);
        // The name is the index's, the contract's number its file's.
        const name = index.raw.name[index.position.get(id)];
        return Object.assign({}, item, { id: id, name: name, contract: contract.number, terms: terms, facts: facts });
      })());
    }
    return records.get(id);
  }

  let suggesting = 0;

  async function suggest() {
    const ticket = ++suggesting;
    const query = input.value.trim();
    try {
      await index.prepare(query);
    } catch (error) {
      suggestions.textContent = "";
      suggestions.appendChild(D.element("li", {}, "Part of the search index could not be loaded; type again to retry."));
      return;
    }
    if (ticket !== suggesting) return; // a later keystroke is already being answered
    suggestions.textContent = "";
    if (!query) return;
    const rows = index.match(query, {}).slice(0, 8);
    if (!rows.length) {
      suggestions.appendChild(D.element("li", {}, "No solution matches."));
      return;
    }
    for (const row of rows) {
      const id = index.raw.id[row];
      const li = D.element("li");
      li.appendChild(D.element("span", {}, index.raw.name[row] + " (" + index.label("vendor", row) + ")"));
      const add = D.element("button", { type: "button", class: "md-button" }, "Add");
      add.setAttribute("aria-label", "Add " + index.raw.name[row]);
      add.disabled = chosen.includes(id) || chosen.length >= MAX;
      add.addEventListener("click", () => {
        chosen.push(id);
        writeUrl();
        render();
        suggest();
        input.focus();
      });
      li.appendChild(add);
      suggestions.appendChild(li);
    }
  }

  function renderChips() {
    chips.textContent = "";
    chosen.forEach((id) => {
      const row = index.position.get(id);
      const li = D.element("li");
      li.appendChild(D.element("a", { href: base + "solutions/" + id + "/" }, index.raw.name[row]));
      const remove = D.element("button", { type: "button", class: "md-button" }, "Remove");
      remove.setAttribute("aria-label", "Remove " + index.raw.name[row]);
      remove.addEventListener("click", () => {
        chosen = chosen.filter((c) => c !== id);
        writeUrl();
        render();
        input.focus();
      });
      li.appendChild(remove);
      chips.appendChild(li);
    });
  }

  /* Rows: facts first, then the terms, family by family; each term with the clause it comes from. */
  function rows(items) {
    const out = [];
    items[0].facts.forEach((fact, i) => out.push({
      family: "Facts", label: fact[0], values: items.map((r) => r.facts[i][1]), clauses: items.map(() => ""),
    }));
    // Every term any of them states, grouped under its family even when only a later solution has it.
    const families = new Map();
    for (const item of items) {
      for (const [path, family, label] of item.terms) {
        if (!families.has(family)) families.set(family, new Map());
        if (!families.get(family).has(path)) families.get(family).set(path, label);
      }
    }
    for (const [family, paths] of families) {
      for (const [path, label] of paths) {
        const found = items.map((r) => r.terms.find((x) => x[0] === path));
        out.push({
          family: family,
          label: label,
          values: found.map((t) => (t ? t[3] : "not stated")),
          clauses: found.map((t) => (t && t[4]) || ""),
        });
      }
    }
    for (const row of out) row.differs = new Set(row.values).size > 1;
    return out;
  }

  function drawTable(items) {
    table.textContent = "";
    const grid = D.element("table", { class: "cat-table cat-compare-table" });
    const title = "Comparison of " + items.map((r) => r.name).join(", ") +
      " (effective terms under each solution's first active contract, as of " + index.raw.as_of + ")";
    // The caption names the table for screen readers; the same words show above the scrolling
    // area, where a phone's narrow screen does not cut them off.
    grid.appendChild(D.element("caption", { class: "visually-hidden" }, title));
    caption.textContent = title;
    const head = D.element("thead");
    const headRow = D.element("tr");
    headRow.appendChild(D.element("th", { scope: "col" }, "Term"));
    for (const item of items) {
      const th = D.element("th", { scope: "col" });
      th.appendChild(D.element("a", { href: base + "solutions/" + item.id + "/" }, item.name));
      th.appendChild(document.createTextNode(" under " + item.contract));
      headRow.appendChild(th);
    }
    head.appendChild(headRow);
    grid.appendChild(head);
    let differing = 0;
    const groups = new Map();
    for (const row of rows(items)) {
      if (row.differs) differing++;
      if (onlyDiff.checked && !row.differs) continue;
      if (!groups.has(row.family)) groups.set(row.family, []);
      groups.get(row.family).push(row);
    }
    // A family is drawn only with rows under it: "only rows that differ" leaves no empty headings.
    for (const [family, shown] of groups) {
      const body = D.element("tbody");
      const groupRow = D.element("tr", { class: "cat-family" });
      groupRow.appendChild(D.element("th", { scope: "rowgroup", colspan: String(items.length + 1) }, family));
      body.appendChild(groupRow);
      for (const row of shown) {
        const marks = [];
        if (row.differs) marks.push("cat-differs");
        if (row.label === "Waived findings" && row.values.some((v) => v !== "none")) marks.push("cat-waived");
        const tr = D.element("tr", marks.length ? { class: marks.join(" ") } : {});
        const th = D.element("th", { scope: "row" }, row.label);
        if (row.differs) th.appendChild(D.element("strong", { class: "cat-differs-mark" }, " (differs)"));
        tr.appendChild(th);
        row.values.forEach((value, i) => {
          const td = D.element("td", {}, value);
          if (row.clauses[i]) td.appendChild(D.element("span", { class: "cat-note" }, " (" + row.clauses[i] + ")"));
          tr.appendChild(td);
        });
        body.appendChild(tr);
      }
      grid.appendChild(body);
    }
    table.appendChild(grid);
    return differing;
  }

  async function render() {
    renderChips();
    if (chosen.length < 2) {
      table.textContent = "";
      caption.textContent = "";
      status.textContent = chosen.length ? "Add at least one more solution to compare." : "Add two to four solutions to compare.";
      return;
    }
    let items;
    try {
      items = await Promise.all(chosen.map(record));
    } catch (error) {
      status.textContent = "The comparison data could not be loaded.";
      return;
    }
    const differing = drawTable(items);
    status.textContent = "Comparing " + items.length + " solutions: " + differing + " rows differ.";
  }

  function evidence(items) {
    return D.stamp(index, { title: "Comparison of solutions from the catalog", solutions: items.map((r) => r.id) });
  }

  /* The header on the first line, then a link per solution, the facts and every term with its
     value and clause; what the file is evidence of follows after an empty line. */
  async function downloadCsv() {
    if (chosen.length < 1) return;
    const items = await Promise.all(chosen.map(record));
    const head = ["Group", "Term"];
    for (const r of items) head.push(r.name + " (" + r.contract + ")", r.name + ": clause");
    head.push("Differs");
    const out = [head];
    const links = ["Facts", "Page"];
    for (const r of items) links.push(new URL(base + "solutions/" + r.id + "/", location.href).href, "");
    out.push(links.concat([""]));
    for (const row of rows(items)) {
      const line = [row.family, row.label];
      row.values.forEach((value, i) => line.push(value, row.clauses[i]));
      line.push(row.differs ? "yes" : "no");
      out.push(line);
    }
    out.push([]);
    out.push(...D.stampLines(evidence(items)));
    D.download("catalog-comparison-" + D.today() + ".csv", "text/csv;charset=utf-8", D.csv(out));
  }

  async function downloadJson() {
    if (chosen.length < 1) return;
    const items = await Promise.all(chosen.map(record));
    const body = { evidence: evidence(items), solutions: items, rows: rows(items) };
    D.download("catalog-comparison-" + D.today() + ".json", "application/json", JSON.stringify(body, null, 2) + "\n");
  }

  async function start() {
    try {
      index = new D.Index(await D.fetchJson(app.dataset.index), app.dataset.index);
    } catch (error) {
      status.textContent = "The list of solutions could not be loaded.";
      app.hidden = false;
      return;
    }
    readUrl();
    writeUrl();
    app.hidden = false;
    input.addEventListener("input", () => {
      index.prepare(input.value.trim()).catch(() => { /* suggest() reports it */ });
      clearTimeout(timer);
      timer = setTimeout(suggest, 80);
    });
    document.getElementById("compare-pick").addEventListener("submit", (event) => { event.preventDefault(); suggest(); });
    onlyDiff.addEventListener("change", render);
    document.getElementById("compare-csv").addEventListener("click", downloadCsv);
    document.getElementById("compare-json").addEventListener("click", downloadJson);
    await render();
  }

  start();
})();
