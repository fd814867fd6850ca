// @ts-check
// What every producer shares: deterministic text (long, in many scripts), the SSE framing of
// a producer's response body, and the split of an SSE body into the frames wirestore reads.
import { createParser } from 'eventsource-parser';

/** A seeded PRNG (mulberry32): the same fixtures on every run. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Latin with accents, Cyrillic, Greek, CJK, Arabic, Hebrew, Devanagari, emoji (with a ZWJ
// sequence and a flag), JSON specials and control characters the encoders must escape.
const WORDS = [
  'the', 'stream', 'of', 'tokens', 'arrives', 'café', 'naïve', 'Zürich', 'smörgåsbord',
  'Москва', 'λόγος', '東京', '日本語の', '文字', 'مرحبا', 'שלום', 'नमस्ते', '😀', '👩‍💻', '🇫🇷',
  '"quoted"', 'back\\slash', 'tab\there', 'line\nbreak', '</script>', '\u2028', '{json}', '[1,2]',
];

/** `n` pieces of text from `rand`, each one to three words (a delta's worth). */
export function pieces(rand, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const count = 1 + Math.floor(rand() * 3);
    let piece = '';
    for (let w = 0; w < count; w++) piece += `${WORDS[Math.floor(rand() * WORDS.length)]} `;
    out.push(piece);
  }
  return out;
}

/** Splits `text` into chunks of 1..`max` UTF-16 units, never inside a surrogate pair. */
export function chunks(rand, text, max) {
  const out = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + 1 + Math.floor(rand() * max));
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code < 0xdc00) end++;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/** `event: <type>` + `data: <json>` per event: OpenAI's and Anthropic's SSE framing. */
export function namedSse(events) {
  return events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('');
}

/**
 * The frames of an SSE body, as a client reads them: each event's `data` (the SSE spec's
 * parsing, by eventsource-parser, the parser the AI SDK uses), `[DONE]` left out.
 * @param {string} body
 * @returns {string[]}
 */
export function framesOf(body) {
  /** @type {string[]} */
  const frames = [];
  const parser = createParser({
    onEvent(event) {
      if (event.data !== '[DONE]') frames.push(event.data);
    },
  });
  parser.feed(body);
  return frames;
}

/** A `Response` carrying an SSE body, for a client's `fetch`. */
export function sseResponse(body, headers = {}) {
  return new Response(body, { headers: { 'content-type': 'text/event-stream', ...headers } });
}
