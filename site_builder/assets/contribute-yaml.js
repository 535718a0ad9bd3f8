/* An entry as YAML text, in the catalog's own style (the same as `catalog new` writes): plain
   words only where no reader could take them for something else (no YAML 1.1 booleans, numbers,
   dates or syntax characters), JSON's double quotes everywhere else, which YAML reads the same;
   mappings as indented blocks, list items one per line. Characters that do not show are written
   as escapes, so that what a reviewer reads is what the file holds. */
(function () {
  "use strict";
  const WORDS = new Set(["y", "n", "yes", "no", "on", "off", "true", "false", "null"]);
  const PLAIN = /^[A-Za-z][\x20-\x7e]*$/;
  const SYNTAX = /[{}\[\],#&*!|>'"%@`]/;
  const HIDDEN = /[\u0080-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

  function plain(text) {
    return (
      PLAIN.test(text) &&
      !SYNTAX.test(text) &&
      !/[\s:]$/.test(text) &&
      !text.includes(": ") &&
      !text.includes(" #") &&
      !WORDS.has(text.toLowerCase())
    );
  }

  function quoted(text) {
    return JSON.stringify(text).replace(
      HIDDEN,
      (char) => "\\u" + char.charCodeAt(0).toString(16).padStart(4, "0")
    );
  }

  function scalar(value) {
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return String(value);
    const text = String(value);
    return plain(text) ? text : quoted(text);
  }

  function isMapping(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function member(key, value, pad) {
    if (isMapping(value)) {
      const lines = [pad + key + ":"];
      for (const [child, item] of Object.entries(value)) lines.push(...member(child, item, pad + "  "));
      return lines;
    }
    if (Array.isArray(value)) {
      const lines = [pad + key + ":"];
      for (const item of value) {
        if (isMapping(item)) {
          const block = [];
          for (const [child, v] of Object.entries(item)) block.push(...member(child, v, pad + "    "));
          lines.push(pad + "  - " + block[0].trimStart(), ...block.slice(1));
        } else {
          lines.push(pad + "  - " + scalar(item));
        }
      }
      return lines;
    }
    return [pad + key + ": " + scalar(value)];
  }

  /* `header` lines are written as comments above the entry. */
  function dump(entry, header) {
    const lines = (header || []).map((line) => "# " + line);
    for (const [key, value] of Object.entries(entry)) lines.push(...member(key, value, ""));
    return lines.join("\n") + "\n";
  }

  window.catalogYaml = { dump: dump, scalar: scalar };
})();
