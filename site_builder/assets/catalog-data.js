/* Shared by the browse and compare pages: load the compact solutions index, search and filter
   it, and write evidence files. Catalog text is only ever put into the page with textContent or
   as attribute values, never as HTML. */
(function () {
  "use strict";

  async function fetchJson(url) {
    // The index is published gzipped; inflate it here so any static host serves few bytes.
    if (typeof DecompressionStream === "function") {
      try {
        const response = await fetch(url + ".gz");
        if (response.ok && response.body) {
          const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
          return JSON.parse(await new Response(stream).text());
        }
      } catch (error) {
        /* fall back to the plain file below */
      }
    }
    const response = await fetch(url);
    if (!response.ok) {
      throw new Error("could not load " + url + " (" + response.status + ")");
    }
    return response.json();
  }

  function words(text) {
    return text.toLowerCase().split(/[\s,;]+/).filter(Boolean);
  }

  class Index {
    constructor(raw) {
      this.raw = raw;
      this.count = raw.id.length;
      this.facets = raw.facets;
      this.columns = raw.columns;
      this.position = new Map(raw.id.map((id, i) => [id, i]));
      const vendors = raw.facets.vendor;
      const categories = raw.facets.category;
      this.haystack = raw.id.map((id, i) =>
        [raw.name[i], vendors.labels[raw.columns.vendor[i]], raw.summary[i], raw.tags[i],
          categories.labels[raw.columns.category[i]], raw.numbers[i], id].join(" \u0000 ").toLowerCase());
      this.names = raw.name.map((name) => name.toLowerCase());
    }

    values(facet, row) {
      const cell = this.columns[facet][row];
      return Array.isArray(cell) ? cell : [cell];
    }

    label(facet, row) {
      return this.values(facet, row).map((v) => this.facets[facet].labels[v]).join("; ");
    }

    /* Rows whose text holds every word of the query and that pass every selected facet except
       `skip` (for counts: a facet's own choices do not narrow its own counts). */
    match(query, selected, skip) {
      const terms = words(query || "");
      const checks = Object.keys(selected).filter((f) => f !== skip && selected[f].size > 0);
      const found = [];
      for (let row = 0; row < this.count; row++) {
        const text = this.haystack[row];
        let ok = true;
        for (const term of terms) {
          if (text.indexOf(term) === -1) { ok = false; break; }
        }
        if (!ok) continue;
        for (const facet of checks) {
          const cell = this.columns[facet][row];
          const wanted = selected[facet];
          if (Array.isArray(cell) ? !cell.some((v) => wanted.has(v)) : !wanted.has(cell)) { ok = false; break; }
        }
        if (ok) found.push(row);
      }
      if (terms.length) {
        // Names holding the whole query come first, then names holding every word, then names
        // starting with the first word; the catalog order (by id) breaks ties.
        const phrase = terms.join(" ");
        const rank = (row) => {
          const name = this.names[row];
          if (name.indexOf(phrase) !== -1) return 0;
          if (terms.every((t) => name.indexOf(t) !== -1)) return 1;
          return name.startsWith(terms[0]) ? 2 : 3;
        };
        const ranks = new Map(found.map((row) => [row, rank(row)]));
        found.sort((a, b) => ranks.get(a) - ranks.get(b) || a - b);
      }
      return found;
    }

    counts(facet, rows) {
      const counts = new Array(this.facets[facet].values.length).fill(0);
      const column = this.columns[facet];
      for (const row of rows) {
        const cell = column[row];
        if (Array.isArray(cell)) { for (const v of cell) counts[v]++; } else { counts[cell]++; }
      }
      return counts;
    }

    record(row, base) {
      const record = {
        id: this.raw.id[row],
        name: this.raw.name[row],
        summary: this.raw.summary[row],
        url: new URL(base + "solutions/" + this.raw.id[row] + "/", location.href).href,
      };
      for (const facet of Object.keys(this.facets)) {
        record[facet] = this.values(facet, row).map((v) => this.facets[facet].labels[v]);
      }
      record.contract_numbers = this.raw.numbers[row].split(" ").filter(Boolean);
      return record;
    }
  }

  /* A spreadsheet cell: quoted, and never read as a formula (catalog text is untrusted). */
  function csvCell(value) {
    let text = Array.isArray(value) ? value.join("; ") : String(value == null ? "" : value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }

  function csv(rows) {
    return "\ufeff" + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
  }

  function download(name, type, text) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function stamp(index, extra) {
    return Object.assign({
      downloaded_at: new Date().toISOString(),
      status_as_of: index.raw.as_of,
      source_commit: index.raw.commit || "unversioned",
      terms_policy_version: index.raw.policy_version,
      catalog: index.raw.jurisdiction,
      page: location.href,
    }, extra);
  }

  function stampLines(evidence) {
    return Object.keys(evidence).map((key) => {
      const value = evidence[key];
      const text = value && typeof value === "object" && !Array.isArray(value)
        ? Object.keys(value).map((k) => k + ": " + [].concat(value[k]).join(" | ")).join("; ") || "none"
        : value;
      return ["# " + key.replace(/_/g, " "), text];
    });
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const key of Object.keys(attributes || {})) node.setAttribute(key, attributes[key]);
    if (text != null) node.textContent = text;
    return node;
  }

  window.CatalogData = { fetchJson, Index, csv, download, stamp, stampLines, today, element, words };
})();
