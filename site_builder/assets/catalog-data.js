/* Shared by the browse and compare pages: load the compact solutions index, search and filter
   it, and write evidence files. Catalog text is only ever put into the page with textContent or
   as attribute values, never as HTML. */
(function () {
  "use strict";

  /* A gzip member inflated in plain JavaScript (RFC 1952 around RFC 1951), for browsers without
     DecompressionStream (Safari before 16.4): the data files are published gzipped only. */
  const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
  const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  const DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
  const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
  const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

  /* A canonical Huffman code from its code lengths: how many codes of each length, and the
     symbols in code order. */
  function huffman(lengths) {
    const counts = new Uint16Array(16);
    for (const length of lengths) counts[length]++;
    counts[0] = 0;
    const offsets = new Uint16Array(16);
    for (let i = 1; i < 16; i++) offsets[i] = offsets[i - 1] + counts[i - 1];
    const symbols = new Uint16Array(lengths.length);
    lengths.forEach((length, symbol) => { if (length) symbols[offsets[length]++] = symbol; });
    return { counts, symbols };
  }

  function gunzip(bytes) {
    if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b || bytes[2] !== 8) throw new Error("not gzip");
    const flags = bytes[3];
    let pos = 10;
    if (flags & 4) pos += 2 + (bytes[pos] | (bytes[pos + 1] << 8)); // FEXTRA
    if (flags & 8) while (bytes[pos++]); // FNAME
    if (flags & 16) while (bytes[pos++]); // FCOMMENT
    if (flags & 2) pos += 2; // FHCRC
    const size = (bytes[bytes.length - 4] | (bytes[bytes.length - 3] << 8) | (bytes[bytes.length - 2] << 16) | (bytes[bytes.length - 1] << 24)) >>> 0;
    let out = new Uint8Array(Math.max(size, 1024));
    let length = 0;
    let bits = 0;
    let count = 0;
    function bit() {
      if (!count) {
        if (pos >= bytes.length) throw new Error("gzip data ends early");
        bits = bytes[pos++];
        count = 8;
      }
      const value = bits & 1;
      bits >>= 1;
      count--;
      return value;
    }
    function read(n) {
      let value = 0;
      for (let i = 0; i < n; i++) value |= bit() << i;
      return value;
    }
    function decode(code) {
      let first = 0;
      let index = 0;
      let value = 0;
      for (let len = 1; len < 16; len++) {
        value |= bit();
        const n = code.counts[len];
        if (value - first < n) return code.symbols[index + value - first];
        index += n;
        first = (first + n) << 1;
        value <<= 1;
      }
      throw new Error("bad gzip code");
    }
    function put(byte) {
      if (length === out.length) {
        const grown = new Uint8Array(out.length * 2);
        grown.set(out);
        out = grown;
      }
      out[length++] = byte;
    }
    const fixedLiterals = huffman(Array.from({ length: 288 }, (_, i) => (i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8)));
    const fixedDistances = huffman(new Array(30).fill(5));
    let last = 0;
    while (!last) {
      last = bit();
      const type = read(2);
      if (type === 0) { // stored: from the next byte boundary, LEN, NLEN, then LEN bytes
        count = 0;
        const stored = bytes[pos] | (bytes[pos + 1] << 8);
        pos += 4;
        if (pos + stored > bytes.length) throw new Error("gzip data ends early");
        for (let i = 0; i < stored; i++) put(bytes[pos++]);
        continue;
      }
      let literals = fixedLiterals;
      let distances = fixedDistances;
      if (type === 2) {
        const literalCount = read(5) + 257;
        const distanceCount = read(5) + 1;
        const codeLengthCount = read(4) + 4;
        const codeLengths = new Array(19).fill(0);
        for (let i = 0; i < codeLengthCount; i++) codeLengths[CODE_LENGTH_ORDER[i]] = read(3);
        const lengthCode = huffman(codeLengths);
        const lengths = [];
        while (lengths.length < literalCount + distanceCount) {
          const symbol = decode(lengthCode);
          if (symbol < 16) lengths.push(symbol);
          else if (symbol === 16) {
            if (!lengths.length) throw new Error("bad gzip lengths");
            const previous = lengths[lengths.length - 1];
            for (let n = 3 + read(2); n > 0; n--) lengths.push(previous);
          } else for (let n = symbol === 17 ? 3 + read(3) : 11 + read(7); n > 0; n--) lengths.push(0);
        }
        literals = huffman(lengths.slice(0, literalCount));
        distances = huffman(lengths.slice(literalCount, literalCount + distanceCount));
      } else if (type !== 1) throw new Error("bad gzip block");
      for (;;) {
        const symbol = decode(literals);
        if (symbol < 256) put(symbol);
        else if (symbol === 256) break;
        else {
          const at = symbol - 257;
          if (at >= 29) throw new Error("bad gzip length");
          const n = LENGTH_BASE[at] + read(LENGTH_EXTRA[at]);
          const d = decode(distances);
          if (d >= 30) throw new Error("bad gzip distance");
          const distance = DISTANCE_BASE[d] + read(DISTANCE_EXTRA[d]);
          if (distance > length) throw new Error("bad gzip distance");
          for (let i = 0; i < n; i++) put(out[length - distance]);
        }
      }
    }
    if (length !== size) throw new Error("gzip size differs");
    return out.subarray(0, length);
  }

  async function fetchJson(url) {
    // The data files are published gzipped only (`url` + ".gz"), so any static host sends few
    // bytes; the browser's DecompressionStream inflates them, or gunzip() above where it has none.
    const response = await fetch(url + ".gz");
    if (!response.ok) {
      throw new Error("could not load " + url + " (" + response.status + ")");
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    // A host that sends .gz files with Content-Encoding: gzip has had the browser inflate it.
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes));
    if (typeof DecompressionStream === "function") {
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return JSON.parse(await new Response(stream).text());
    }
    return JSON.parse(new TextDecoder().decode(gunzip(bytes)));
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

  window.CatalogData = { fetchJson, gunzip, Index, csv, download, stamp, stampLines, today, element };
})();
