/**
 * Everyday idioms read as the words a KG's relations use, before a question is linked and read: "brothers and
 * sisters" → "siblings", "mother and father" → "parents", "do for a living" → "do as profession". An idiom inside a
 * name the KG knows (a film called "Brothers and Sisters") is left as it is.
 */
const IDIOMS: Array<[RegExp, string]> = [
  [/\b(?:brothers and sisters|sisters and brothers)\b/gi, 'siblings'],
  [/\b(?:sons and daughters|daughters and sons)\b/gi, 'children'],
  [/\b(?:mother and father|father and mother|mom and dad|mum and dad|mothers and fathers|fathers and mothers)\b/gi, 'parents'],
  [/\b(?:grandmother and grandfather|grandfather and grandmother|grandmothers and grandfathers|grandfathers and grandmothers)\b/gi, 'grandparents'],
  [/\b(?:grandsons and granddaughters|granddaughters and grandsons)\b/gi, 'grandchildren'],
  [/\b(?:husband and wife|wife and husband)\b/gi, 'spouse'],
  [/\bdo(?:es)? for (?:a )?living\b/gi, 'do as profession'],
  [/\bwork(?:s|ed)? as\b/gi, 'have profession'],
  // Music is composed, whatever verb says it: "who wrote the music for …", "who did the score of …".
  [/\b(?:wr(?:ote|ites?|itten)|did|made|created)\s+the\s+(music|score|soundtrack)\b/gi, 'composed the $1'],
];

/** The question with its idioms rewritten; `kept` are spans (names the KG knows) that are never rewritten. */
export function paraphrase(question: string, kept: Array<{ start: number; end: number }> = []): string {
  let out = question;
  for (const [re, to] of IDIOMS) {
    out = out.replace(re, (m: string, ...rest: unknown[]) => {
      const at = rest.find((x) => typeof x === 'number') as number;
      // Offsets refer to the original question only while nothing before them changed; names are checked by text too.
      const inName = kept.some((k) => at < k.end && at + m.length > k.start && question.slice(k.start, k.end).toLowerCase().includes(m.toLowerCase()));
      return inName ? m : to;
    });
  }
  return out;
}
