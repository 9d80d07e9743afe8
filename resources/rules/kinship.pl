% Relata kinship rule pack.
%
% Reading: p(X, Y) means "Y is X's p" (as Wikidata's properties read):
%   father(charlie, bob)  = Bob is Charlie's father;  sister(bob, alice) = Alice is Bob's sister;
%   so ?- aunt(charlie, A). gives A = alice.
%
% Vocabulary: father mother son daughter brother sister husband wife grandfather grandmother
% grandson granddaughter uncle aunt nephew niece father_in_law mother_in_law son_in_law
% daughter_in_law brother_in_law sister_in_law, gender(X, male|female), and also parent child
% spouse sibling grandparent grandchild pibling (uncle or aunt) nibling (nephew or niece)
% parent_in_law child_in_law sibling_in_law cousin ancestor descendant, and the readings of
% uncle/aunt/pibling/nephew/niece/nibling _by_blood and _by_marriage (e.g. aunt_by_marriage).
%
% Hyphens: Datalog names cannot contain '-', so the pack writes father_in_law; the KG fact source
% reads father_in_law from triples keyed father-in-law too, and `relata relate` reports it as
% father-in-law.
%
% Every relation is defined from four base notions (parent, spouse, sibling, gender), and each
% base notion is recovered from every relation that implies it, so any mix of facts works and
% chains of any length compose. Only sound inferences: e.g. an aunt is not assumed to be the
% father's sister (she may be the mother's). Siblings share a parent (half-siblings included).
%
% Uncles and aunts, as dictionaries define them ("the sister of one's father or mother, or the wife
% of one's uncle"): by blood, a parent's sibling (pibling_by_blood, aunt_by_blood, uncle_by_blood),
% or by marriage, the spouse of a parent's sibling (pibling_by_marriage, aunt_by_marriage,
% uncle_by_marriage); uncle, aunt and pibling include both, and a proof names the reading it used.
% Nephews and nieces mirror them (nibling_by_blood / _by_marriage, nephew_by_..., niece_by_...).
% A stated uncle or aunt fact says neither, so it gives pibling but no reading.
%
% This is the strict reading: nothing is assumed that a family tree leaves unsaid. The conventional
% reading of a family tree (spouses are parents of each other's stated children unless a
% step-relation says otherwise; siblings share both parents) is the named, explicit convention
% `family-tree` in conventions/kinship-family-tree.pl, loaded on top of this pack when asked for.

% ---- gender, from any gendered relation (Y is the one the relation names) -------------------
gender(Y, male) :- father(_, Y).
gender(Y, male) :- son(_, Y).
gender(Y, male) :- brother(_, Y).
gender(Y, male) :- husband(_, Y).
gender(Y, male) :- grandfather(_, Y).
gender(Y, male) :- grandson(_, Y).
gender(Y, male) :- uncle(_, Y).
gender(Y, male) :- nephew(_, Y).
gender(Y, male) :- father_in_law(_, Y).
gender(Y, male) :- son_in_law(_, Y).
gender(Y, male) :- brother_in_law(_, Y).
gender(Y, male) :- uncle_by_blood(_, Y).
gender(Y, male) :- uncle_by_marriage(_, Y).
gender(Y, male) :- nephew_by_blood(_, Y).
gender(Y, male) :- nephew_by_marriage(_, Y).
gender(Y, female) :- mother(_, Y).
gender(Y, female) :- daughter(_, Y).
gender(Y, female) :- sister(_, Y).
gender(Y, female) :- wife(_, Y).
gender(Y, female) :- grandmother(_, Y).
gender(Y, female) :- granddaughter(_, Y).
gender(Y, female) :- aunt(_, Y).
gender(Y, female) :- niece(_, Y).
gender(Y, female) :- mother_in_law(_, Y).
gender(Y, female) :- daughter_in_law(_, Y).
gender(Y, female) :- sister_in_law(_, Y).
gender(Y, female) :- aunt_by_blood(_, Y).
gender(Y, female) :- aunt_by_marriage(_, Y).
gender(Y, female) :- niece_by_blood(_, Y).
gender(Y, female) :- niece_by_marriage(_, Y).
% Gender stored as a string literal rather than an entity.
gender(X, male) :- gender(X, "male").
gender(X, female) :- gender(X, "female").

% ---- parent and child ------------------------------------------------------------------
parent(X, Y) :- father(X, Y).
parent(X, Y) :- mother(X, Y).
parent(X, Y) :- child(Y, X).
child(X, Y) :- son(X, Y).
child(X, Y) :- daughter(X, Y).
child(X, Y) :- parent(Y, X).

father(X, Y) :- parent(X, Y), gender(Y, male).
mother(X, Y) :- parent(X, Y), gender(Y, female).
son(X, Y) :- child(X, Y), gender(Y, male).
daughter(X, Y) :- child(X, Y), gender(Y, female).

% ---- spouse ----------------------------------------------------------------------------
spouse(X, Y) :- husband(X, Y).
spouse(X, Y) :- wife(X, Y).
spouse(X, Y) :- spouse(Y, X).
husband(X, Y) :- spouse(X, Y), gender(Y, male).
wife(X, Y) :- spouse(X, Y), gender(Y, female).

% ---- sibling ---------------------------------------------------------------------------
sibling(X, Y) :- brother(X, Y).
sibling(X, Y) :- sister(X, Y).
sibling(X, Y) :- sibling(Y, X).
sibling(X, Y) :- parent(X, P), parent(Y, P), X != Y.
brother(X, Y) :- sibling(X, Y), gender(Y, male).
sister(X, Y) :- sibling(X, Y), gender(Y, female).

% ---- grandparents and grandchildren ----------------------------------------------------
grandparent(X, G) :- parent(X, P), parent(P, G).
grandparent(X, G) :- grandfather(X, G).
grandparent(X, G) :- grandmother(X, G).
grandparent(X, G) :- grandchild(G, X).
grandchild(X, C) :- grandson(X, C).
grandchild(X, C) :- granddaughter(X, C).
grandchild(X, C) :- grandparent(C, X).
grandfather(X, G) :- grandparent(X, G), gender(G, male).
grandmother(X, G) :- grandparent(X, G), gender(G, female).
grandson(X, C) :- grandchild(X, C), gender(C, male).
granddaughter(X, C) :- grandchild(X, C), gender(C, female).

% ---- uncles, aunts, nephews, nieces (pibling = uncle or aunt; nibling = nephew or niece) -------
% By blood: a parent's sibling. By marriage: the spouse of a parent's sibling (an uncle's wife is an
% aunt, an aunt's husband an uncle). A nibling is the other end: a sibling's child, or a spouse's
% sibling's child.
pibling_by_blood(X, A) :- parent(X, P), sibling(P, A).
pibling_by_marriage(X, A) :- pibling_by_blood(X, B), spouse(B, A).
pibling_by_blood(X, A) :- uncle_by_blood(X, A).
pibling_by_blood(X, A) :- aunt_by_blood(X, A).
pibling_by_marriage(X, A) :- uncle_by_marriage(X, A).
pibling_by_marriage(X, A) :- aunt_by_marriage(X, A).
pibling(X, A) :- pibling_by_blood(X, A).
pibling(X, A) :- pibling_by_marriage(X, A).
pibling(X, A) :- uncle(X, A).
pibling(X, A) :- aunt(X, A).
pibling(X, A) :- nibling(A, X).
pibling_by_blood(X, A) :- nibling_by_blood(A, X).
pibling_by_marriage(X, A) :- nibling_by_marriage(A, X).
nibling_by_blood(X, N) :- nephew_by_blood(X, N).
nibling_by_blood(X, N) :- niece_by_blood(X, N).
nibling_by_blood(X, N) :- pibling_by_blood(N, X).
nibling_by_marriage(X, N) :- nephew_by_marriage(X, N).
nibling_by_marriage(X, N) :- niece_by_marriage(X, N).
nibling_by_marriage(X, N) :- pibling_by_marriage(N, X).
nibling(X, N) :- nephew(X, N).
nibling(X, N) :- niece(X, N).
nibling(X, N) :- pibling(N, X).
uncle(X, A) :- pibling(X, A), gender(A, male).
aunt(X, A) :- pibling(X, A), gender(A, female).
uncle_by_blood(X, A) :- pibling_by_blood(X, A), gender(A, male).
aunt_by_blood(X, A) :- pibling_by_blood(X, A), gender(A, female).
uncle_by_marriage(X, A) :- pibling_by_marriage(X, A), gender(A, male).
aunt_by_marriage(X, A) :- pibling_by_marriage(X, A), gender(A, female).
nephew(X, N) :- nibling(X, N), gender(N, male).
niece(X, N) :- nibling(X, N), gender(N, female).
nephew_by_blood(X, N) :- nibling_by_blood(X, N), gender(N, male).
niece_by_blood(X, N) :- nibling_by_blood(X, N), gender(N, female).
nephew_by_marriage(X, N) :- nibling_by_marriage(X, N), gender(N, male).
niece_by_marriage(X, N) :- nibling_by_marriage(X, N), gender(N, female).

% ---- in-laws ---------------------------------------------------------------------------
% parent_in_law(X, Y): Y is a parent of X's spouse.  child_in_law(X, Y): Y is the spouse of X's child.
parent_in_law(X, Y) :- spouse(X, S), parent(S, Y).
parent_in_law(X, Y) :- father_in_law(X, Y).
parent_in_law(X, Y) :- mother_in_law(X, Y).
parent_in_law(X, Y) :- child_in_law(Y, X).
child_in_law(X, Y) :- child(X, C), spouse(C, Y).
child_in_law(X, Y) :- son_in_law(X, Y).
child_in_law(X, Y) :- daughter_in_law(X, Y).
child_in_law(X, Y) :- parent_in_law(Y, X).
father_in_law(X, Y) :- parent_in_law(X, Y), gender(Y, male).
mother_in_law(X, Y) :- parent_in_law(X, Y), gender(Y, female).
son_in_law(X, Y) :- child_in_law(X, Y), gender(Y, male).
daughter_in_law(X, Y) :- child_in_law(X, Y), gender(Y, female).

% sibling_in_law(X, Y): Y is X's spouse's sibling, or X's sibling's spouse.
sibling_in_law(X, Y) :- spouse(X, S), sibling(S, Y).
sibling_in_law(X, Y) :- sibling(X, S), spouse(S, Y).
sibling_in_law(X, Y) :- brother_in_law(X, Y).
sibling_in_law(X, Y) :- sister_in_law(X, Y).
sibling_in_law(X, Y) :- sibling_in_law(Y, X).
brother_in_law(X, Y) :- sibling_in_law(X, Y), gender(Y, male).
sister_in_law(X, Y) :- sibling_in_law(X, Y), gender(Y, female).

% ---- cousins, ancestors, descendants ---------------------------------------------------
cousin(X, Y) :- parent(X, P), sibling(P, Q), child(Q, Y).
cousin(X, Y) :- cousin(Y, X).
ancestor(X, Y) :- parent(X, Y).
ancestor(X, Z) :- ancestor(X, Y), parent(Y, Z).
descendant(X, Y) :- ancestor(Y, X).
