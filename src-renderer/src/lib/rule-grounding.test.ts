import { describe, expect, it } from 'vitest';
import { RDF_TYPE as TYPE } from '../../../src-main/contract/vocabulary';
import { groundRule, parseClause, shortName } from './rule-grounding';

describe('learned rules read back and grounded', () => {
  it('parses quoted predicates and constants (doubled quotes, backslash escapes)', () => {
    const c = parseClause(`'${TYPE}'(X, 'It''s \\\\ here') :- presents(_, X).`)!;
    expect(c.head).toEqual({ predicate: TYPE, args: [{ text: 'X', variable: true }, { text: "It's \\ here", variable: false }] });
    expect(c.body).toEqual([{ predicate: 'presents', args: [{ text: '_', variable: true }, { text: 'X', variable: true }] }]);
    expect(parseClause('not a rule')).toBeNull();
    expect(parseClause('r(X, Y) :- p(X, Y)')).toBeNull(); // no full stop
  });

  it('lays a cyclic rule of length 3 onto its example, following each atom’s direction', () => {
    const rule = `'${TYPE}'(X, Y) :- presents(A, X), presents(A, B), '${TYPE}'(B, Y).`;
    const g = groundRule(rule, ['chest_pain', 'pneumonia', 'chest_pain', 'Symptom'])!;
    expect(g.keys).toEqual(['chest_pain', 'pneumonia', 'Symptom']);
    expect(g.facts).toEqual([
      { subject: 'pneumonia', predicate: 'presents', object: 'chest_pain', head: false },
      { subject: 'pneumonia', predicate: 'presents', object: 'chest_pain', head: false },
      { subject: 'chest_pain', predicate: TYPE, object: 'Symptom', head: false },
      { subject: 'chest_pain', predicate: TYPE, object: 'Symptom', head: true },
    ]);
  });

  it('grounds rules with constants and dangling rules (the head constant is part of the picture)', () => {
    expect(groundRule(`'${TYPE}'(X, 'Symptom') :- presents(flu, X).`, ['chills', 'flu'])).toEqual({
      keys: ['chills', 'flu', 'Symptom'],
      facts: [
        { subject: 'flu', predicate: 'presents', object: 'chills', head: false },
        { subject: 'chills', predicate: TYPE, object: 'Symptom', head: true },
      ],
    });
    expect(groundRule('presents(X, fever) :- presents(X, _).', ['common_cold', 'cough'])!.facts).toEqual([
      { subject: 'common_cold', predicate: 'presents', object: 'cough', head: false },
      { subject: 'common_cold', predicate: 'presents', object: 'fever', head: true },
    ]);
    // The head's subject is the constant: the path starts at Y.
    expect(groundRule(`citizen_of(albert_einstein, Y) :- '${TYPE}'(Y, 'Country').`, ['germany', 'Country'])!.facts.at(-1)).toEqual(
      { subject: 'albert_einstein', predicate: 'citizen_of', object: 'germany', head: true },
    );
    expect(groundRule('citizen_of(X, Y) :- born_in(X, A), located_in(A, Y).', ['albert_einstein', 'ulm', 'germany'])!.facts.map((f) => `${f.subject} ${f.predicate} ${f.object}`)).toEqual([
      'albert_einstein born_in ulm', 'ulm located_in germany', 'albert_einstein citizen_of germany',
    ]);
  });

  it('lays a predicted triple’s grounding (as rules.predict gives it: subject to object) onto an inverse rule', () => {
    // Alice's husband is Ethan, so Ethan's wife is Alice: the head is the predicted fact, not yet stored.
    expect(groundRule('wife(X, Y) :- husband(Y, X).', ['ethan', 'alice'])).toEqual({
      keys: ['ethan', 'alice'],
      facts: [
        { subject: 'alice', predicate: 'husband', object: 'ethan', head: false },
        { subject: 'ethan', predicate: 'wife', object: 'alice', head: true },
      ],
    });
  });

  it('refuses an example that does not fit the rule', () => {
    expect(groundRule('presents(X, fever) :- presents(X, cough).', ['common_cold', 'sore_throat'])).toBeNull(); // wrong constant
    expect(groundRule('r(X, Y) :- p(X, A), q(A, Y).', ['a', 'b'])).toBeNull(); // wrong length
  });

  it('shortens IRIs only', () => {
    expect(shortName(TYPE)).toBe('type');
    expect(shortName('https://relata.local/kg/p/born_in')).toBe('born_in');
    expect(shortName('born_in')).toBe('born_in');
    expect(shortName('a/b')).toBe('a/b');
  });
});
