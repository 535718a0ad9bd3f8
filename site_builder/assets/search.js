/* The catalog's search: words folded and stemmed exactly as site_builder/render/searchtext.py
   does when it builds the index (a test feeds both the same words), then looked up in the
   index's sorted terms as whole words, as prefixes of the word being typed, or with one typo.
   The terms come in shards by first character, loaded for the words typed (see needed()).
   Runs in the browser (window.CatalogSearch) and under Node for the tests (module.exports). */
(function (root) {
  "use strict";

  const LATIN = /^[a-z]+$/;

  /* ---- Words, spelling and Porter's stemmer (see searchtext.py for the rules' source) ---- */

  function words(text) {
    const plain = String(text).toLowerCase().normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "").replace(/['\u2019]/g, "");
    return plain.match(/[\p{L}\p{N}]+/gu) || [];
  }

  function consonant(word, i) {
    const letter = word[i];
    if ("aeiou".includes(letter)) return false;
    if (letter === "y") return i === 0 || !consonant(word, i - 1);
    return true;
  }

  function measure(stem) {
    let count = 0;
    let vowelSeen = false;
    for (let i = 0; i < stem.length; i++) {
      if (consonant(stem, i)) {
        if (vowelSeen) count++;
        vowelSeen = false;
      } else {
        vowelSeen = true;
      }
    }
    return count;
  }

  function hasVowel(stem) {
    for (let i = 0; i < stem.length; i++) if (!consonant(stem, i)) return true;
    return false;
  }

  function doubleConsonant(word) {
    const n = word.length;
    return n >= 2 && word[n - 1] === word[n - 2] && consonant(word, n - 1);
  }

  function cvc(word) {
    const n = word.length;
    return n >= 3 && consonant(word, n - 3) && !consonant(word, n - 2) && consonant(word, n - 1) &&
      !"wxy".includes(word[n - 1]);
  }

  const STEP2 = {
    ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize", abli: "able", alli: "al",
    entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate", ator: "ate", alism: "al",
    iveness: "ive", fulness: "ful", ousness: "ous", aliti: "al", iviti: "ive", biliti: "ble",
  };
  const STEP3 = { icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: "" };
  const STEP4 = "al ance ence er ic able ible ant ement ment ent ion ou ism ate iti ous ive ize".split(" ");

  function longest(word, suffixes) {
    let best = null;
    for (const suffix of suffixes) {
      if (word.endsWith(suffix) && (best === null || suffix.length > best.length)) best = suffix;
    }
    return best;
  }

  function stem(input) {
    let word = input;
    if (word.length <= 2) return word;
    if (word.endsWith("sses")) word = word.slice(0, -2);
    else if (word.endsWith("ies")) word = word.slice(0, -2);
    else if (word.endsWith("s") && !word.endsWith("ss")) word = word.slice(0, -1);
    if (word.endsWith("eed")) {
      if (measure(word.slice(0, -3)) > 0) word = word.slice(0, -1);
    } else {
      for (const suffix of ["ed", "ing"]) {
        if (word.endsWith(suffix) && hasVowel(word.slice(0, -suffix.length))) {
          word = word.slice(0, -suffix.length);
          if (word.endsWith("at") || word.endsWith("bl") || word.endsWith("iz")) word += "e";
          else if (doubleConsonant(word) && !"lsz".includes(word[word.length - 1])) word = word.slice(0, -1);
          else if (measure(word) === 1 && cvc(word)) word += "e";
          break;
        }
      }
    }
    if (word.endsWith("y") && hasVowel(word.slice(0, -1))) word = word.slice(0, -1) + "i";
    let suffix = longest(word, Object.keys(STEP2));
    if (suffix && measure(word.slice(0, -suffix.length)) > 0) word = word.slice(0, -suffix.length) + STEP2[suffix];
    suffix = longest(word, Object.keys(STEP3));
    if (suffix && measure(word.slice(0, -suffix.length)) > 0) word = word.slice(0, -suffix.length) + STEP3[suffix];
    suffix = longest(word, STEP4);
    if (suffix) {
      const rest = word.slice(0, -suffix.length);
      if (measure(rest) > 1 && (suffix !== "ion" || rest.endsWith("s") || rest.endsWith("t"))) word = rest;
    }
    if (word.endsWith("e")) {
      const rest = word.slice(0, -1);
      const m = measure(rest);
      if (m > 1 || (m === 1 && !cvc(rest))) word = rest;
    }
    if (measure(word) > 1 && doubleConsonant(word) && word.endsWith("l")) word = word.slice(0, -1);
    // Added to Porter's steps: "recoveri" -> "recov", "deliveri" -> "deliv"
    if (word.endsWith("eri") && measure(word.slice(0, -3)) > 1) word = word.slice(0, -3);
    return word;
  }

  class Folder {
    constructor(rules) {
      this.spelling = rules.spelling;
      this.rules = rules.rules.map(([pattern, replacement]) => [new RegExp(pattern), replacement]);
      this.stopwords = new Set(rules.stopwords);
      this.cache = new Map();
    }

    spell(word) {
      let out = Object.prototype.hasOwnProperty.call(this.spelling, word) ? this.spelling[word] : word;
      for (const [pattern, replacement] of this.rules) out = out.replace(pattern, replacement);
      return out;
    }

    fold(word) {
      if (!LATIN.test(word)) return word;
      let out = this.cache.get(word);
      if (out === undefined) {
        out = stem(this.spell(word));
        this.cache.set(word, out);
      }
      return out;
    }
  }

  /* ---- Matching ---- */

  /* Typing slips: a doubled letter in the wrong place ("sattelite") counts as one slip. */
  function undouble(word) {
    return word.replace(/(.)\1+/g, "$1");
  }

  /* True when a and b differ by at most one letter added, dropped, changed, or two neighbours swapped. */
  function oneSlip(a, b) {
    if (a === b) return true;
    if (Math.abs(a.length - b.length) > 1) return false;
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  const EXACT = 1;
  const PREFIX = 0.75;
  const STEM_OF = 0.7; // the word being typed runs past a whole indexed stem ("organizati" -> "organ")
  const SLIP = 0.5;
  const MIN_SLIP = 5; // letters a word needs before a typo is forgiven
  const NAME_BONUS = 0.5; // share added when every word is in the name

  /* The shard a folded term is published in (searchindex.py's shard_key). */
  function shardKey(term) {
    const first = term[0];
    return (first >= "a" && first <= "z") || (first >= "0" && first <= "9") ? first : "_";
  }

  /* One shard's terms, sorted, with their postings (decoded when first used). */
  class Shard {
    constructor(raw) {
      this.terms = raw.terms;
      this.postings = raw.postings;
      this.common = new Set(raw.common || []);
      this.decoded = new Map();
      this.undoubled = null;
    }

    lowerBound(text) {
      let lo = 0;
      let hi = this.terms.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.terms[mid] < text) lo = mid + 1; else hi = mid;
      }
      return lo;
    }
  }

  const NO_TERMS = new Shard({ terms: [], postings: [], common: [] });

  class Engine {
    /* `section` is either a whole index (terms and postings) or its head, whose shards are
       handed over with add() before a query needing them is searched (see needed()). */
    constructor(section, count) {
      this.count = count;
      this.whole = section.terms ? new Shard(section) : null;
      this.shardKeys = new Set(section.shards ? section.shards.keys : []);
      this.shards = new Map();
      this.weights = section.weights;
      this.alphabet = new Map([...section.alphabet].map((c, i) => [c, i]));
      this.folder = new Folder(section.fold);
      this.fieldScore = new Float32Array(1 << this.weights.length);
      for (let mask = 1; mask < this.fieldScore.length; mask++) {
        let best = 0;
        let sum = 0;
        this.weights.forEach((weight, bit) => {
          if (mask & (1 << bit)) { best = Math.max(best, weight); sum += weight; }
        });
        this.fieldScore[mask] = best + (sum - best) / 4;
      }
    }

    /* The keys of the shards `text` needs that are not loaded yet. */
    needed(text) {
      if (this.whole) return [];
      const keys = new Set();
      for (const { word } of this.parse(text)) {
        const key = shardKey(this.folder.fold(word));
        if (this.shardKeys.has(key) && !this.shards.has(key)) keys.add(key);
      }
      return [...keys];
    }

    add(key, raw) {
      if (!this.shards.has(key)) this.shards.set(key, new Shard(raw));
    }

    shardOf(folded) {
      if (this.whole) return this.whole;
      const key = shardKey(folded);
      if (!this.shardKeys.has(key)) return NO_TERMS;
      const shard = this.shards.get(key);
      if (!shard) throw new Error("search shard " + key + " is not loaded");
      return shard;
    }

    numbers(text) {
      const out = [];
      let current = 0;
      for (const char of text) {
        const digit = this.alphabet.get(char);
        current = current * 32 + (digit & 31);
        if (digit < 32) { out.push(current); current = 0; }
      }
      return out;
    }

    /* The rows and field masks of one term: groups of [mask, count, row gaps...]. */
    rows(shard, term) {
      let found = shard.decoded.get(term);
      if (!found) {
        const values = this.numbers(shard.postings[term]);
        const rows = [];
        const masks = [];
        for (let at = 0; at < values.length;) {
          const mask = values[at];
          const n = values[at + 1];
          let row = -1;
          for (let k = 0; k < n; k++) { row += values[at + 2 + k]; rows.push(row); masks.push(mask); }
          at += 2 + n;
        }
        found = { rows: rows, masks: masks };
        shard.decoded.set(term, found);
      }
      return found;
    }

    /* The shard holding a query word's terms, and those terms (by place in it), each with how
       well it matches. Every such term starts with the folded word's first character. */
    candidates(word, typing) {
      const folded = this.folder.fold(word);
      const shard = this.shardOf(folded);
      const terms = shard.terms;
      const found = new Map();
      const at = shard.lowerBound(folded);
      if (terms[at] === folded) found.set(at, EXACT);
      if (typing) {
        for (let i = at; i < terms.length && terms[i].startsWith(folded); i++) {
          if (!found.has(i)) found.set(i, PREFIX);
        }
        // The word runs on past a stem ("organizati" holds "organ"): the stem may be what is meant.
        for (let end = folded.length - 1; end >= 4 && folded.length - end <= 6; end--) {
          const i = shard.lowerBound(folded.slice(0, end));
          if (terms[i] === folded.slice(0, end) && !found.has(i)) found.set(i, STEM_OF);
        }
      }
      if (!found.size && word.length >= MIN_SLIP && LATIN.test(word)) {
        if (!shard.undoubled) shard.undoubled = terms.map((t) => (LATIN.test(t) ? undouble(t) : ""));
        const target = undouble(folded);
        for (let i = 0; i < terms.length; i++) {
          const other = shard.undoubled[i];
          if (other && Math.abs(other.length - target.length) <= 1 && other[0] === target[0] && oneSlip(target, other)) {
            found.set(i, SLIP);
          }
        }
      }
      return { shard: shard, found: found };
    }

    /* Query words: stopwords dropped unless nothing else is left; the last word counts as being
       typed (prefixes allowed) unless the text ends in a space or punctuation. */
    parse(text) {
      const all = words(text);
      const kept = all.filter((w) => !this.folder.stopwords.has(w));
      const typing = /[\p{L}\p{N}]$/u.test(String(text));
      const last = all[all.length - 1];
      // A stopword still being typed may be the start of a real word ("an" of "analytics").
      if (typing && kept.length && kept[kept.length - 1] !== last) kept.push(last);
      const list = kept.length ? kept : all;
      return list.map((word, i) => ({ word: word, typing: typing && i === list.length - 1 && word === last }));
    }

    /* Rows holding every query word (in any field), best first: {rows, scores}. */
    search(text) {
      const query = this.parse(text);
      if (!query.length) return null;
      const total = new Float32Array(this.count);
      const inName = new Uint8Array(this.count);
      let required = null;
      let requiredWords = 0;
      for (const { word, typing } of query) {
        const best = new Float32Array(this.count);
        const name = new Uint8Array(this.count);
        const { shard, found } = this.candidates(word, typing);
        let optional = found.size > 0;
        for (const [term, quality] of found) {
          if (!shard.common.has(term)) optional = false;
          const { rows, masks } = this.rows(shard, term);
          for (let k = 0; k < rows.length; k++) {
            const score = this.fieldScore[masks[k]] * quality;
            if (score > best[rows[k]]) best[rows[k]] = score;
            if (masks[k] & 1) name[rows[k]] = 1;
          }
        }
        // A word common to most descriptions (indexed only where it carries weight) narrows
        // nothing; every other word must be found.
        if (!optional) {
          requiredWords++;
          if (required === null) required = new Uint8Array(this.count);
        }
        for (let row = 0; row < this.count; row++) {
          total[row] += best[row];
          inName[row] += name[row];
          if (!optional && best[row] > 0) required[row]++;
        }
      }
      const rows = [];
      for (let row = 0; row < this.count; row++) {
        if (required ? required[row] === requiredWords : total[row] > 0) rows.push(row);
      }
      for (const row of rows) {
        if (inName[row] === query.length) total[row] *= 1 + NAME_BONUS;
      }
      rows.sort((a, b) => total[b] - total[a] || a - b);
      return { rows: rows, scores: total };
    }
  }

  const api = {
    words: words, stem: stem, Folder: Folder, Engine: Engine, oneSlip: oneSlip, undouble: undouble, shardKey: shardKey,
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.CatalogSearch = api;
})(typeof window === "undefined" ? globalThis : window);
