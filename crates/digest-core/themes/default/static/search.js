// The search engine of the default theme, loaded by site.js the first time a reader
// searches (never with a page).
//
// The index (digest-core's `search` module) is a folder of small files: `index.json`
// lists the segments of the index (runs of papers, oldest first) and the first term of
// every term chunk of each; a query fetches the manifest, the chunk of each segment that
// holds each of its terms, and the result cards of the papers shown. Queries are split into terms
// by the same rules the index was built with (`for_each_term` in crates/digest-core/src/search/tokenize.rs); the two must
// change together.

const FORMAT = 3;
// Ranking weight by where a term occurs: text, text three times or more, summary,
// title/authors/tags/id. Common words are stored without fields (weight 1).
const WEIGHT = [1, 1.5, 2.5, 4];
const MAX_WORD_CHARS = 40;
const MAX_TERMS = 8;
// A word still being typed matches the words it begins, within this many chunks/terms
// of each segment.
const MAX_PREFIX_CHUNKS = 2;
const MAX_PREFIX_TERMS = 100;
const PREFIX_FACTOR = 0.7;

const WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;
const ASCII = /^[\x00-\x7f]*$/;
const MARKS = /\p{M}/gu;

// Chinese, Japanese and Korean characters: text without spaces between words.
function isUnspaced(ch) {
  const c = ch.codePointAt(0);
  return (
    (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xac00 && c <= 0xd7af) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0x20000 && c <= 0x2ffff)
  );
}
const isAsciiLetter = (ch) => ch !== undefined && /^[A-Za-z]$/.test(ch);
const isAsciiDigit = (ch) => ch !== undefined && ch >= "0" && ch <= "9";
const isWordChar = (ch) => WORD_CHAR.test(ch) && !isUnspaced(ch);

// Lower case without accents, English plurals made singular (`fold_word` in crates/digest-core/src/search/tokenize.rs).
function fold(word) {
  if (ASCII.test(word)) return singular(word.toLowerCase());
  return word.normalize("NFD").replace(MARKS, "").toLowerCase();
}

// Harman's "S" stemmer for words of four or more ASCII letters (`singular` in crates/digest-core/src/search/tokenize.rs).
function singular(word) {
  if (word.length < 4 || !/^[a-z]+$/.test(word)) return word;
  const ends = (tail) => word.endsWith(tail);
  if (ends("ies") && !ends("eies") && !ends("aies")) return word.slice(0, -3) + "y";
  if (ends("s") && !ends("us") && !ends("ss")) return word.slice(0, -1);
  return word;
}

// A query with the ways readers paste an arXiv id written as the id the index holds:
// `arXiv:2310.02989`, `2310.02989v1` and `https://arxiv.org/abs/2310.02989v2` all become
// `2310.02989`.
export function arxivForms(query) {
  return query
    .replace(/https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\/(\S+?)(?:\.pdf)?(?=[\s?#]|$)/gi, "$1")
    .replace(/\barxiv:\s*/gi, "")
    .replace(/\b(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})v\d+\b/gi, "$1");
}

// The terms of a query: { text, prefix }. Unspaced text is looked up by pairs of
// characters (every other pair is enough to require them all); a lone character, and a
// word at the very end of the query (still being typed), match the terms they begin.
export function queryTerms(query) {
  const chars = Array.from(query);
  const terms = [];
  const push = (text, prefix) => {
    const same = terms.find((t) => t.text === text);
    if (same) same.prefix = same.prefix && prefix;
    else terms.push({ text, prefix });
  };
  let i = 0;
  while (i < chars.length) {
    const c = chars[i];
    if (isUnspaced(c)) {
      const start = i;
      while (i < chars.length && isUnspaced(chars[i])) i++;
      const run = chars.slice(start, i);
      if (run.length === 1) {
        push(run[0], true);
      } else {
        for (let k = 0; k + 1 < run.length; k += 2) push(run[k] + run[k + 1], false);
        if (run.length % 2 === 1) push(run[run.length - 2] + run[run.length - 1], false);
      }
    } else if (c === "\\" && isAsciiLetter(chars[i + 1])) {
      i++;
      while (i < chars.length && isAsciiLetter(chars[i])) i++;
    } else if (WORD_CHAR.test(c)) {
      const start = i;
      while (i < chars.length) {
        const d = chars[i];
        const inNumber = d === "." && isAsciiDigit(chars[i - 1]) && isAsciiDigit(chars[i + 1]);
        if (!inNumber && !isWordChar(d)) break;
        i++;
      }
      if (i - start <= MAX_WORD_CHARS) {
        const word = fold(chars.slice(start, i).join(""));
        if (word) push(word, i === chars.length);
      }
    } else {
      i++;
    }
  }
  return terms.slice(0, MAX_TERMS);
}

// Terms are sorted by their UTF-8 bytes, which is code point order (JavaScript's own
// comparison is by UTF-16 units and differs above U+FFFF).
function compare(a, b) {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < x.length && i < y.length; i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d) return d;
  }
  return x.length - y.length;
}

function readVarint(bytes, at) {
  let value = 0;
  let scale = 1;
  for (;;) {
    const b = bytes[at.i++];
    value += (b & 0x7f) * scale;
    if (b < 0x80) return value;
    scale *= 128;
  }
}

// A chunk's terms, postings left encoded until a query needs them.
function parseChunk(buffer) {
  const bytes = new Uint8Array(buffer);
  const text = new TextDecoder();
  const entries = [];
  const at = { i: 0 };
  while (at.i < bytes.length) {
    const length = readVarint(bytes, at);
    const term = text.decode(bytes.subarray(at.i, at.i + length));
    at.i += length;
    const count = readVarint(bytes, at);
    const header = readVarint(bytes, at);
    const size = Math.floor(header / 2);
    entries.push({ term, count, bitmap: header % 2 === 1, data: bytes.subarray(at.i, at.i + size) });
    at.i += size;
  }
  return entries;
}

// Calls visit(paper, field) for each paper of an entry.
function eachPosting(entry, visit) {
  const data = entry.data;
  if (entry.bitmap) {
    for (let byte = 0; byte < data.length; byte++) {
      const bits = data[byte];
      if (!bits) continue;
      for (let bit = 0; bit < 8; bit++) if (bits & (1 << bit)) visit(byte * 8 + bit, 0);
    }
    return;
  }
  const at = { i: 0 };
  let paper = 0;
  while (at.i < data.length) {
    const v = readVarint(data, at);
    paper += Math.floor(v / 4);
    visit(paper, v % 4);
  }
}

class Index {
  constructor(base, manifest) {
    this.base = base;
    this.manifest = manifest;
    this.chunks = new Map();
    this.cardFiles = new Map();
  }

  url(path) {
    return this.base + path + "?v=" + this.manifest.build;
  }

  // The chunk of segment `seg` a term would be in: the last whose first term is not
  // after it.
  chunkOf(seg, term) {
    const firsts = seg.c;
    let lo = 0;
    let hi = firsts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(firsts[mid], term) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // A segment's chunk URL carries the segment's own version: the chunks of segments that
  // did not change stay in the browser's cache from one build to the next.
  chunk(seg, k) {
    const path = "t/" + seg.s + "/" + k + ".bin";
    if (!this.chunks.has(path)) {
      this.chunks.set(
        path,
        fetch(this.base + path + "?v=" + seg.v)
          .then((r) => {
            if (!r.ok) throw new Error("search chunk " + path + ": " + r.status);
            return r.arrayBuffer();
          })
          .then(parseChunk)
      );
    }
    return this.chunks.get(path);
  }

  // Entries of segment `seg` matching a query term (their papers numbered from the
  // segment's first).
  async entries(seg, term) {
    let k = this.chunkOf(seg, term.text);
    let entries = await this.chunk(seg, k);
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(entries[mid].term, term.text) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (!term.prefix) {
      return lo < entries.length && entries[lo].term === term.text ? [entries[lo]] : [];
    }
    const found = [];
    for (let chunks = 1; ; chunks++) {
      for (let i = lo; i < entries.length; i++) {
        if (!entries[i].term.startsWith(term.text) || found.length >= MAX_PREFIX_TERMS) {
          return found;
        }
        found.push(entries[i]);
      }
      // The matching terms go on into the next chunk.
      k++;
      if (chunks >= MAX_PREFIX_CHUNKS || k > seg.c.length) return found;
      entries = await this.chunk(seg, k);
      lo = 0;
    }
  }

  // Papers with a query term: paper → score. A term's weight comes from its papers in
  // all segments together, as if the index were one.
  async scores(term) {
    const papers = this.manifest.papers;
    const segs = this.manifest.segs;
    const found = await Promise.all(segs.map((seg) => this.entries(seg, term)));
    const counts = new Map();
    for (const entries of found) {
      for (const entry of entries) counts.set(entry.term, (counts.get(entry.term) || 0) + entry.count);
    }
    const scores = new Map();
    found.forEach((entries, i) => {
      const first = segs[i].s;
      for (const entry of entries) {
        const idf = Math.log(1 + papers / counts.get(entry.term));
        const factor = entry.term === term.text ? 1 : PREFIX_FACTOR;
        eachPosting(entry, (paper, field) => {
          const score = idf * WEIGHT[field] * factor;
          if (!(scores.get(first + paper) >= score)) scores.set(first + paper, score);
        });
      }
    });
    return scores;
  }

  // The categories results can be narrowed to: [name, papers], most papers first.
  categories() {
    return this.manifest.cats || [];
  }

  // Papers with every term of the query, best first (newest first among equals); with
  // `category`, only that category's papers (the index's term `#cs.cv`, which no query
  // word makes: `category_term` in crates/digest-core/src/search/input.rs).
  async search(query, category) {
    const terms = queryTerms(arxivForms(query));
    if (!terms.length) return [];
    const lookups = terms.map((t) => this.scores(t));
    if (category) lookups.push(this.scores({ text: "#" + category.toLowerCase(), prefix: false }));
    const each = await Promise.all(lookups);
    if (category) {
      // Narrowing does not change the ranking: the category's papers only filter.
      const within = each.pop();
      for (const scores of each) for (const paper of scores.keys()) if (!within.has(paper)) scores.delete(paper);
    }
    each.sort((a, b) => a.size - b.size);
    let total = each[0];
    for (const more of each.slice(1)) {
      const both = new Map();
      for (const [paper, score] of total) {
        const other = more.get(paper);
        if (other !== undefined) both.set(paper, score + other);
      }
      total = both;
    }
    return Array.from(total)
      .sort((a, b) => b[1] - a[1] || b[0] - a[0])
      .map((entry) => entry[0]);
  }

  // What to mark in the results shown for a query: a regular expression (global,
  // case-insensitive) for its terms, or null. Words are marked where a word begins, so a
  // term also marks the longer words it starts (`transformer` in "Transformers").
  highlighter(query) {
    query = arxivForms(query);
    // Whole runs of Chinese (the query looks them up by pairs) come first, so a run is
    // marked as one; then the terms, longest first.
    const runs = [];
    let run = "";
    for (const ch of Array.from(query + " ")) {
      if (isUnspaced(ch)) {
        run += ch;
      } else {
        if (Array.from(run).length > 2) runs.push(run);
        run = "";
      }
    }
    const words = queryTerms(query)
      .map((t) => t.text)
      .filter((t) => isUnspaced(t) || Array.from(t).length > 1);
    const parts = runs
      .concat(words)
      .sort((a, b) => b.length - a.length)
      .map((t) => {
        const escaped = t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        return isUnspaced(t) ? escaped : "(?<![\\p{L}\\p{N}])" + escaped;
      });
    return parts.length ? new RegExp(parts.join("|"), "giu") : null;
  }

  // Result cards of papers: { u, k, d, t: [[lang, title]], s: [[lang, summary]],
  // c: [category], g: [digest path, digest date] }.
  cards(papers) {
    const shard = this.manifest.shard;
    return Promise.all(
      papers.map((paper) => {
        const k = Math.floor(paper / shard);
        if (!this.cardFiles.has(k)) {
          this.cardFiles.set(
            k,
            fetch(this.url("d/" + k + ".json")).then((r) => {
              if (!r.ok) throw new Error("search cards " + k + ": " + r.status);
              return r.json();
            })
          );
        }
        return this.cardFiles.get(k).then((cards) => cards[paper % shard]);
      })
    );
  }
}

// Opens the index in the bundle folder `base` (ending in `/`).
export async function open(base) {
  const response = await fetch(base + "index.json", { cache: "no-cache" });
  if (!response.ok) throw new Error("search index: " + response.status);
  const manifest = await response.json();
  if (manifest.format !== FORMAT) throw new Error("search index format " + manifest.format);
  return new Index(base, manifest);
}
