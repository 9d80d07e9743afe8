/**
 * Premises stated in a question ("If Alice is Bob's sister and Bob is Charlie's father, …") as triples in the
 * rule packs' reading: "Y is X's p" → p(X, Y), i.e. the triple (X, p, Y).
 */
export interface Premise {
  subject: string;
  predicate: string;
  object: string;
  text: string;
}

const PREMISE = /\b([\p{Lu}][\p{L}\p{N}_-]*) is ([\p{Lu}][\p{L}\p{N}_-]*)'s ([\p{L}]+(?:[- ](?!and\b|but\b|then\b)[\p{L}]+)?)/gu;

export function premisesOf(question: string): Premise[] {
  const cut = question.search(/[,;]\s*(what|who|how|which|is|are)\b/i);
  const clause = cut > 0 ? question.slice(0, cut) : question;
  if (!/^\s*(if|given|suppose|assume)\b/i.test(clause)) return [];
  return [...clause.matchAll(PREMISE)].map((m) => ({
    subject: m[2],
    predicate: m[3].toLowerCase().replace(/[ -]/g, '_'),
    object: m[1],
    text: m[0],
  }));
}
