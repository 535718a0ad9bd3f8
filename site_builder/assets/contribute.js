/* The contribute form: the fields are in the page (made at build time from the published
   schemas); this script adds and removes list items, fills the form from an entry's published
   JSON to change it, shows what the terms policy asks for the choices made (contribute/needs.json),
   and writes the file: as text to copy or download, and as a link to the repository's page for a
   new file with the text filled in, so that the pull request comes from the contributor's own
   fork. Nothing typed here is sent anywhere by this script. */
(function () {
  "use strict";
  const app = document.getElementById("contribute");
  if (!app || !window.catalogYaml) return;
  const form = document.getElementById("contribute-form");
  const loader = document.getElementById("contribute-load");
  const errors = document.getElementById("contribute-errors");
  const result = document.getElementById("contribute-result");
  const needsBox = document.getElementById("contribute-needs");
  const kind = app.dataset.kind;
  const folder = app.dataset.folder;
  // GitHub's new-file page takes its text in the address; longer addresses are refused.
  const MAX_URL = 8000;
  let needs = null;
  let loaded = null; // the published entry being changed, or null for a new one
  let serial = 0;
  app.hidden = false;
  form.noValidate = true; // checked below with the same rules, so that every error is listed

  /* The fields directly inside `container` (a form, a group or a list item). */
  function fieldsOf(container) {
    return Array.from(container.querySelectorAll("[data-kind]")).filter(
      (el) => el.parentElement.closest("[data-kind], [data-item], form") === container
    );
  }

  function itemsOf(list) {
    return Array.from(list.querySelector("[data-items]").children);
  }

  function controlOf(el) {
    return el.querySelector("input, select, textarea");
  }

  function typed(el, raw) {
    const type = el.dataset.type;
    if (type === "boolean") return raw === "true";
    if (type === "integer" || type === "number") return Number(raw);
    return raw;
  }

  /* The value a field holds, or undefined when nothing is filled in. */
  function valueOf(el) {
    const kindOf = el.dataset.kind;
    if (kindOf === "value") {
      const control = controlOf(el);
      // A text area keeps its line breaks, a last one included (a YAML block's text ends so).
      const raw = control.tagName === "TEXTAREA" ? control.value : control.value.trim();
      return raw.trim() === "" ? undefined : typed(el, raw);
    }
    if (kindOf === "choices") {
      const checked = Array.from(el.querySelectorAll("input:checked")).map((box) => box.value);
      // In the order the entry had them (a changed file shows no reordering), new ones after.
      const before = JSON.parse(el.dataset.order || "[]");
      const rank = (value) => (before.includes(value) ? before.indexOf(value) : before.length);
      checked.sort((a, b) => rank(a) - rank(b));
      return checked.length ? checked : undefined;
    }
    if (kindOf === "object") return collect(el);
    if (kindOf === "list") {
      const values = itemsOf(el)
        .map((item) => fieldsOf(item)[0])
        .map((field) => (field ? valueOf(field) : undefined))
        .filter((value) => value !== undefined);
      return values.length ? values : undefined;
    }
    return undefined;
  }

  function collect(container) {
    const entry = {};
    for (const field of fieldsOf(container)) {
      const value = valueOf(field);
      if (value !== undefined) entry[field.dataset.field] = value;
    }
    return Object.keys(entry).length ? entry : undefined;
  }

  /* Whether every optional group around `el` is used: a required field inside an optional
     group counts only once something in the group is filled in. */
  function inUse(el) {
    for (let group = el.parentElement.closest("[data-optional]"); group; ) {
      if (valueOf(group) === undefined) return false;
      group = group.parentElement.closest("[data-optional]");
    }
    return true;
  }

  function settleRequired() {
    for (const control of form.querySelectorAll("[data-required]")) control.required = inUse(control);
  }

  function markRequired(root) {
    for (const control of root.querySelectorAll("[required]")) control.dataset.required = "";
  }

  /* A new item of a list, its ids made unique: each list's token (@0, @1…) becomes a number. */
  function addItem(list) {
    const template = list.querySelector(":scope > template[data-item-template]");
    const token = template.dataset.token;
    const clone = template.content.cloneNode(true);
    const number = String(++serial);
    const renumber = (root) => {
      for (const el of root.querySelectorAll("[id], [for], [aria-describedby], [aria-labelledby]")) {
        for (const name of ["id", "for", "aria-describedby", "aria-labelledby"]) {
          const value = el.getAttribute(name);
          if (value && value.includes(token)) el.setAttribute(name, value.split(token).join(number));
        }
      }
      for (const inner of root.querySelectorAll("template")) renumber(inner.content);
    };
    renumber(clone);
    const item = clone.querySelector("[data-item]");
    list.querySelector("[data-items]").append(item);
    markRequired(item);
    wire(item);
    limit(list);
    return item;
  }

  function limit(list) {
    const max = Number(list.dataset.max);
    const add = list.querySelector(":scope > [data-add]");
    add.hidden = max > 0 && itemsOf(list).length >= max;
  }

  function wire(root) {
    for (const add of root.querySelectorAll("[data-add]")) {
      if (add.dataset.wired) continue;
      add.dataset.wired = "1";
      const list = add.closest("[data-kind=list]");
      add.addEventListener("click", () => {
        const item = addItem(list);
        const first = controlOf(item);
        if (first) first.focus();
        changed();
      });
    }
    for (const remove of root.querySelectorAll("[data-remove]")) {
      if (remove.dataset.wired) continue;
      remove.dataset.wired = "1";
      remove.addEventListener("click", () => {
        const list = remove.closest("[data-kind=list]");
        remove.closest("[data-item]").remove();
        limit(list);
        list.querySelector(":scope > [data-add]").focus();
        changed();
      });
    }
  }

  /* Every list starts with the items its schema requires at least. */
  function fillMinimum(root) {
    for (const list of root.querySelectorAll("[data-kind=list]")) {
      if (list.closest("template")) continue;
      const minimum = Number(list.dataset.min);
      while (itemsOf(list).length < minimum) addItem(list);
    }
  }

  function openAround(el) {
    for (let more = el.closest("details"); more; more = more.parentElement.closest("details")) {
      more.open = true;
    }
  }

  function fill(container, data) {
    for (const field of fieldsOf(container)) {
      const value = data[field.dataset.field];
      if (value === undefined || value === null) continue;
      put(field, value);
    }
  }

  function put(field, value) {
    const kindOf = field.dataset.kind;
    if (kindOf === "value") {
      controlOf(field).value = typeof value === "object" ? "" : String(value);
    } else if (kindOf === "choices") {
      for (const box of field.querySelectorAll("input")) box.checked = value.includes(box.value);
      field.dataset.order = JSON.stringify(value);
    } else if (kindOf === "object" && typeof value === "object") {
      const more = field.querySelector(":scope > details");
      if (more) more.open = true;
      fill(field, value);
    } else if (kindOf === "list" && Array.isArray(value)) {
      for (const item of itemsOf(field)) item.remove();
      for (const itemValue of value) {
        const inner = fieldsOf(addItem(field))[0];
        if (inner) put(inner, itemValue);
      }
    }
  }

  function clearForm() {
    form.reset();
    for (const field of form.querySelectorAll("[data-order]")) delete field.dataset.order;
    for (const list of form.querySelectorAll("[data-kind=list]")) {
      for (const item of itemsOf(list)) item.remove();
    }
    fillMinimum(form);
  }

  /* --- what the terms policy asks ------------------------------------------------------- */

  function pick(value, index) {
    return Array.isArray(value) ? value[index] : value;
  }

  function entriesOf(setIndex) {
    return setIndex === undefined ? [] : needs.sets[setIndex].map((i) => needs.entries[i]);
  }

  function chosen(path) {
    const field = form.querySelector('[data-kind][data-path="' + path + '"]');
    return field ? valueOf(field) : undefined;
  }

  function policyAsks() {
    if (!needs) return [];
    if (kind === "contract") return entriesOf(needs.contract_terms).map((e) => [e, ""]);
    if (kind !== "solution") return [];
    const c = needs.choices;
    const category = c.category.indexOf(chosen("category"));
    const tier = c.risk_tier.indexOf(chosen("risk_tier"));
    const level = c.classification.indexOf(chosen("data.max_classification"));
    if (category < 0 || tier < 0 || level < 0) return null;
    const index = (category * c.risk_tier.length + tier) * c.classification.length + level;
    const asks = entriesOf(pick(needs.minima, index)).map((e) => [e, ""]);
    for (const regulated of chosen("data.regulated") || []) {
      asks.push(...entriesOf(needs.regulated[regulated]).map((e) => [e, ""]));
    }
    for (const offering of chosen("offered_under") || []) {
      const contract = needs.contracts[offering.contract];
      if (!contract) continue;
      for (const entry of entriesOf(pick(contract.short, index))) {
        asks.push([entry, "Contract " + offering.contract + " (" + contract.number + ") falls short here"]);
      }
    }
    return asks;
  }

  const YES_NO = { true: "“Yes”", false: "“No”" };

  function words(entry, where) {
    const wanted = YES_NO[entry.words] || entry.words;
    if (wanted && where) {
      return where + ": it needs " + wanted + ", as an override here if your company agrees to it, or an amended contract.";
    }
    if (wanted) {
      return "For these choices the terms policy asks for " + wanted + " (in the contract's terms, or as an override here).";
    }
    return "The terms policy: " + entry.message + (entry.hint ? " (" + entry.hint + ")." : ".");
  }

  function showNeeds() {
    for (const note of form.querySelectorAll("[data-policy-for]")) {
      note.textContent = "";
      note.hidden = true;
    }
    const asks = policyAsks();
    if (asks === null) {
      needsBox.textContent =
        "Choose the category, risk tier and data classification to see what the terms policy asks for them.";
      return;
    }
    const shown = [];
    for (const [entry, where] of asks) {
      let path = entry.field;
      let notes = [];
      while (path) {
        notes = Array.from(form.querySelectorAll("[data-policy-for]")).filter(
          (note) => note.dataset.policyFor.split("[]").join("") === path
        );
        const exact = notes.filter((note) => note.dataset.policyFor === path);
        if (exact.length) notes = exact; // a list's own note, not its items'

        if (notes.length) break;
        path = path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "";
      }
      const text = words(entry, where);
      for (const note of notes) {
        if (note.textContent.includes(text)) continue;
        note.textContent = (note.textContent + " " + text).trim();
        note.hidden = false;
        openAround(note);
        const own = note.parentElement.querySelector(":scope > details");
        if (own) own.open = true; // a group the policy asks for is shown open
      }
      if (!shown.includes(text)) shown.push(text);
    }
    needsBox.textContent = shown.length
      ? "For these choices the terms policy asks for " +
        shown.length +
        (shown.length === 1 ? " thing" : " things") +
        ", each shown beside its field."
      : kind === "solution"
        ? "For these choices the terms policy asks for nothing beyond the form's required fields."
        : "";
  }

  function changed() {
    settleRequired();
    showNeeds();
  }

  /* --- checking and writing the file ---------------------------------------------------- */

  function labelOf(control) {
    const label = control.id && form.querySelector('label[for="' + control.id + '"]');
    const group = control.closest("fieldset");
    const text = label ? label.textContent : group ? group.querySelector("legend").textContent : control.id;
    return text.replace("(required)", "").trim();
  }

  function problems() {
    settleRequired();
    const found = [];
    for (const control of form.querySelectorAll("input, select, textarea")) {
      if (control.closest("template") || control.checkValidity()) continue;
      found.push([control, labelOf(control) + ": " + control.validationMessage]);
    }
    for (const group of form.querySelectorAll("[data-needed]")) {
      if (!inUse(group)) continue;
      const minimum = Math.max(1, Number(group.dataset.min || 1));
      const listed = group.dataset.kind === "list";
      if ((valueOf(group) || []).length >= minimum) continue;
      const target = listed ? group.querySelector(":scope > [data-add]") : group.querySelector("input");
      const name = group.querySelector("legend").textContent.replace("(required)", "").trim();
      found.push([target, name + (listed ? ": add at least " + minimum : ": choose at least one")]);
    }
    return found;
  }

  function showProblems(found) {
    errors.replaceChildren();
    const heading = document.createElement("p");
    heading.textContent =
      found.length === 1 ? "One field needs a change:" : found.length + " fields need a change:";
    const list = document.createElement("ul");
    for (const [control, text] of found) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "#" + control.id;
      link.textContent = text;
      link.addEventListener("click", (event) => {
        event.preventDefault();
        openAround(control);
        control.focus();
      });
      item.append(link);
      list.append(item);
    }
    errors.append(heading, list);
    errors.hidden = false;
    errors.focus();
  }

  function fileName(entryId) {
    return "catalog/" + folder + "/" + entryId + ".yaml";
  }

  function write() {
    const entry = collect(form) || {};
    if (loaded) {
      // Fields the form leaves to the YAML editor are kept as published.
      for (const left of document.querySelectorAll(".cat-left[data-path]")) {
        const path = left.dataset.path;
        if (path.includes("[]")) continue;
        const parts = path.split(".");
        let from = loaded;
        for (const part of parts) from = from && typeof from === "object" ? from[part] : undefined;
        if (from === undefined) continue;
        let into = entry;
        for (const part of parts.slice(0, -1)) into = into[part] = into[part] || {};
        into[parts[parts.length - 1]] = from;
      }
    }
    const path = fileName(entry.id);
    const header = ["yaml-language-server: $schema=../../schema/" + app.dataset.schema];
    const text = window.catalogYaml.dump(entry, header);
    document.getElementById("contribute-yaml").value = text;
    const download = document.getElementById("contribute-download");
    download.href = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
    download.download = entry.id + ".yaml";
    const open = document.getElementById("contribute-open");
    const where = document.getElementById("contribute-result-where");
    const next = document.getElementById("contribute-next");
    next.replaceChildren();
    const say = (words) => {
      const line = document.createElement("p");
      line.textContent = words;
      next.append(line);
    };
    if (loaded) {
      where.textContent = "This is the new text of " + path + ".";
      if (app.dataset.edit) {
        open.href = app.dataset.edit + path;
        open.textContent = "Open " + path + " in the repository's editor";
        open.hidden = false;
      }
      say(
        "The repository's editor cannot be filled in from a link for a file that exists: copy the text, " +
          "open the file's editor, select everything in it and paste. Comments in the file are not kept."
      );
    } else {
      where.textContent = "This is " + path + ", a new file.";
      if (app.dataset.new) {
        const address =
          app.dataset.new + "?filename=" + encodeURIComponent(path) + "&value=" + encodeURIComponent(text);
        const fits = address.length <= MAX_URL;
        open.href = fits ? address : app.dataset.new + "?filename=" + encodeURIComponent(path);
        open.textContent = fits
          ? "Open the repository's new-file page with this text"
          : "Open the repository's new-file page (paste the text there)";
        open.hidden = false;
        if (!fits) say("The text is too long to pass in a link: copy it and paste it into the new file.");
      }
      exists(entry.id).then((found) => {
        if (found) {
          say("A " + kind + " with the id " + entry.id + " exists already: choose another id, or change that one.");
        }
      });
    }
    say(
      "Signed in to the repository's site, you are asked to copy the repository (fork it) if you may not " +
        "write to it; then propose the change as a pull request. It is checked automatically, and a " +
        "maintainer reviews it."
    );
    result.hidden = false;
    result.focus();
  }

  /* Whether an entry of this kind has the id: from the page's list of ids when it holds them
     all, else by asking for its published JSON. */
  function exists(entryId) {
    const list = document.getElementById("ids-" + folder);
    if (list && "complete" in list.dataset) {
      return Promise.resolve(Array.from(list.options).some((option) => option.value === entryId));
    }
    return fetch(entryAddress(entryId), { method: "HEAD" }).then((response) => response.ok);
  }

  function entryAddress(entryId) {
    return app.dataset.base + "api/v1/" + folder + "/" + encodeURIComponent(entryId) + ".json";
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const found = problems();
    if (found.length) {
      result.hidden = true;
      showProblems(found);
      return;
    }
    errors.hidden = true;
    write();
  });
  form.addEventListener("change", changed);
  form.addEventListener("input", settleRequired);

  document.getElementById("contribute-copy").addEventListener("click", () => {
    const text = document.getElementById("contribute-yaml");
    const status = document.getElementById("contribute-copied");
    const done = () => (status.textContent = "Copied.");
    if (navigator.clipboard) {
      navigator.clipboard.writeText(text.value).then(done, () => {
        text.select();
        status.textContent = "Select the text and copy it (Ctrl+C or ⌘C).";
      });
    } else {
      text.select();
      status.textContent = "Select the text and copy it (Ctrl+C or ⌘C).";
    }
  });

  loader.addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("contribute-load-id");
    const status = document.getElementById("contribute-load-hint");
    const entryId = input.value.trim();
    if (!entryId) {
      loaded = null;
      clearForm();
      changed();
      status.textContent = "The form is empty, for a new " + kind + ".";
      return;
    }
    const missing = () => {
      status.textContent = "There is no " + kind + " with the id " + entryId + " in the catalog.";
      input.focus();
    };
    if (!input.checkValidity()) {
      missing();
      return;
    }
    exists(entryId)
      .then((found) => (found ? fetch(entryAddress(entryId)) : null))
      .then((response) => {
        if (response === null || response.status === 404) return null;
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then((published) => {
        if (published === null) missing();
        return published;
      })
      .then((published) => {
        if (published === null) return;
        loaded = published[kind];
        clearForm();
        fill(form, loaded);
        changed();
        status.textContent =
          "The form now holds " + entryId + " as published. Change what you need, then make the file.";
        form.querySelector("input, select, textarea").focus();
      })
      .catch(() => {
        status.textContent = "The entry could not be loaded; try again, or use the repository's editor.";
      });
  });

  markRequired(form);
  wire(form);
  fillMinimum(form);
  changed();
  fetch(app.dataset.needs)
    .then((response) => (response.ok ? response.json() : null))
    .then((data) => {
      needs = data;
      showNeeds();
    })
    .catch(() => {
      needsBox.textContent = "What the terms policy asks could not be loaded; the form still works.";
    });
})();
