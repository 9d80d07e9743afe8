/**
 * A gendered kinship word ("wife", "son", "mother") that no relation of the KG says, read as its neutral relation
 * ("spouse", "child", "parent") with the answers kept to the gender asked for where the KG states genders: "Who is
 * Clint Eastwood's wife?" over FB15k-237, whose marriages are `spouse` links.
 */
import type { GraphAnswer } from './graph-answerer.js';
import type { QaMention } from '../../contract/types.js';
import type { KgStore } from '../store/kg-store.js';
import { entitiesByIds, entityIdsByKeys, predicateRows } from '../store/kg-lookup.js';
import { walkPredicate } from '../store/relation-walks.js';

const NEUTRAL: Record<string, [string, 'male' | 'female']> = {
  wife: ['spouse', 'female'], wives: ['spouses', 'female'], husband: ['spouse', 'male'], husbands: ['spouses', 'male'],
  son: ['child', 'male'], sons: ['children', 'male'], daughter: ['child', 'female'], daughters: ['children', 'female'],
  mother: ['parent', 'female'], mothers: ['parents', 'female'], father: ['parent', 'male'], fathers: ['parents', 'male'],
  brother: ['sibling', 'male'], brothers: ['siblings', 'male'], sister: ['sibling', 'female'], sisters: ['siblings', 'female'],
};

type Linked = QaMention & { start?: number; end?: number };

/** The question with its first gendered kinship word outside the mentions made neutral (mention offsets shifted), or null. */
export function neutralKinReading(question: string, mentions: Linked[]): { question: string; mentions: Linked[]; word: string; neutral: string; gender: 'male' | 'female' } | null {
  for (const m of question.matchAll(/\b([A-Za-z]+)\b/g)) {
    const w = m[1].toLowerCase();
    const n = NEUTRAL[w];
    const at = m.index!;
    if (!n || mentions.some((x) => x.start !== undefined && x.end !== undefined && at < x.end && at + w.length > x.start)) continue;
    const delta = n[0].length - w.length;
    return {
      question: question.slice(0, at) + n[0] + question.slice(at + w.length),
      mentions: mentions.map((x) => (x.start !== undefined && x.start > at ? { ...x, start: x.start + delta, ...(x.end !== undefined ? { end: x.end + delta } : {}) } : x)),
      word: w,
      neutral: n[0],
      gender: n[1],
    };
  }
  return null;
}

/** The answers whose stated gender is not the one asked for, dropped (answers with no stated gender stay). */
export function keepGender(store: KgStore, answer: GraphAnswer, gender: 'male' | 'female'): GraphAnswer {
  const preds = predicateRows(store.db).filter((p) => /(^|[/#_.])(gender|sex)$/i.test(p.key));
  if (!preds.length || !answer.answers.length) return answer;
  const ids = entityIdsByKeys(store.db, answer.answers.map((a) => a.key));
  const genderOf = new Map<number, 'male' | 'female'>();
  const rows = preds.flatMap((p) => walkPredicate(store.db, p.id, 's', [...ids.values()], 10_000));
  const labels = entitiesByIds(store.db, [...new Set(rows.map((r) => r.y))]);
  for (const r of rows) {
    const l = (labels.get(r.y)?.label ?? labels.get(r.y)?.key ?? '').toLowerCase();
    if (/^(female|woman|f)$/.test(l) || /[/#]female$/.test(l)) genderOf.set(r.x, 'female');
    else if (/^(male|man|m)$/.test(l) || /[/#]male$/.test(l)) genderOf.set(r.x, 'male');
  }
  const kept = answer.answers.filter((a) => {
    const g = genderOf.get(ids.get(a.key) ?? -1);
    return g === undefined || g === gender;
  });
  if (!kept.length || kept.length === answer.answers.length) return answer;
  const dropped = answer.answers.length - kept.length;
  return {
    ...answer,
    answers: kept,
    answer: `${kept.slice(0, 30).map((a) => a.label).join(', ')}.`,
    steps: [...answer.steps, `Dropped ${dropped} answer${dropped === 1 ? '' : 's'} whose stated gender is not ${gender}.`],
  };
}
