const STOPWORDS = new Set(
  'a an the of in on at to for by with from and or is are was were be been being do does did what which who whom whose where when why how ' +
    "that this these those it its his her their there here as into about me my i you your we our has have had 's s not no any some all " +
    'tell give show find list name kind sort please can could would should will'.split(' '),
);

/** Lower-case word tokens of a text (underscores and punctuation split words; possessive 's dropped). */
export function words(text: string): string[] {
  return text
    .replace(/'s\b/g, '')
    .replace(/[_/#:-]+/g, ' ')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A light English stemmer, enough to meet "born"/"birth", "treats"/"treat", "diseases"/"disease". */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w === 'birth' || w === 'born') return 'born';
  if (w === 'founded' || w === 'founder' || w === 'founders' || w === 'founding') return 'found';
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith('es') && /(ch|sh|ss|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  return w;
}

export function contentStems(text: string): string[] {
  return words(text)
    .filter((w) => !STOPWORDS.has(w))
    .map(stem);
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word.toLowerCase());
}
