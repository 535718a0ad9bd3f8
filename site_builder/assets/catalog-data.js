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

  class Index {
    /* `raw` is solutions-index.json, fetched from `url`; summaries come later, in chunks. */
    constructor(raw, url) {
      this.raw = raw;
      this.count = raw.id.length;
      this.facets = raw.facets;
      this.columns = raw.columns;
      this.position = new Map(raw.id.map((id, i) => [id, i]));
      this.engine = new window.CatalogSearch.Engine(raw.search, this.count);
      this.searched = { query: null, result: null };
      this.summaryBase = new URL(raw.summaries.path, new URL(url, location.href)).href;
      this.summaries = new Map(); // chunk number -> Promise of its list
      const shards = raw.search.shards;
      this.shardBase = shards ? new URL(shards.path, new URL(url, location.href)).href : null;
      this.shards = new Map(); // key -> Promise, resolved once the engine has the shard
    }

    /* Fetch the search shards `query` needs (one per first letter of its words); resolves when
       textMatch and match may be called with it. Started on every keystroke, so a shard is
       usually in before typing stops. */
    prepare(query) {
      return Promise.all(this.engine.needed(query || "").map((key) => {
        if (!this.shards.has(key)) {
          const loading = fetchJson(this.shardBase + key + ".json").then((shard) => this.engine.add(key, shard));
          loading.catch(() => this.shards.delete(key)); // the next keystroke tries again
          this.shards.set(key, loading);
        }
        return this.shards.get(key);
      }));
    }

    /* The rows whose text holds every query word, best first; null for an empty query. The
       query's shards must be loaded (see prepare). */
    textMatch(query) {
      const text = query || "";
      if (this.searched.query !== text) this.searched = { query: text, result: this.engine.search(text) };
      return this.searched.result;
    }

    /* A row's summary if its chunk is loaded, else undefined (see loadSummaries). */
    summary(row) {
      const chunk = this.summaries.get(Math.floor(row / this.raw.summaries.chunk));
      return chunk && chunk.loaded ? chunk.loaded[row % this.raw.summaries.chunk] : undefined;
    }

    /* Load the summaries of `rows`; resolves when every one is available. */
    loadSummaries(rows) {
      const size = this.raw.summaries.chunk;
      const wanted = new Set(rows.map((row) => Math.floor(row / size)));
      return Promise.all([...wanted].map((n) => {
        if (!this.summaries.has(n)) {
          const entry = fetchJson(this.summaryBase + n + ".json").then((list) => { entry.loaded = list; return list; });
          this.summaries.set(n, entry);
        }
        return this.summaries.get(n);
      }));
    }

    values(facet, row) {
      const cell = this.columns[facet][row];
      return Array.isArray(cell) ? cell : [cell];
    }

    label(facet, row) {
      return this.values(facet, row).map((v) => this.facets[facet].labels[v]).join("; ");
    }

    /* Rows that match the query (best first; catalog order without one) and pass every
       selected facet except `skip` (for counts: a facet's own choices do not narrow its own
       counts). */
    match(query, selected, skip) {
      const text = this.textMatch(query);
      const checks = Object.keys(selected).filter((f) => f !== skip && selected[f].size > 0);
      const rows = text ? text.rows : Array.from({ length: this.count }, (_, i) => i);
      if (!checks.length) return rows;
      return rows.filter((row) => checks.every((facet) => {
        const cell = this.columns[facet][row];
        const wanted = selected[facet];
        return Array.isArray(cell) ? cell.some((v) => wanted.has(v)) : wanted.has(cell);
      }));
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
        summary: this.summary(row),
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

  window.CatalogData = { fetchJson, Index, csv, download, stamp, stampLines, today, element };
})();
