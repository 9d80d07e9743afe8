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
% parent_in_law child_in_law sibling_in_law cousin ancestor descendant.
%
% Hyphens: Datalog names cannot contain '-', so the pack writes father_in_law; the KG fact source
% reads father_in_law from triples keyed father-in-law too, and `relata relate` reports it as
% father-in-law.
%
% Every relation is defined from four base notions (parent, spouse, sibling, gender), and each
% base notion is recovered from every relation that implies it, so any mix of facts works and
% chains of any length compose. Only sound inferences: e.g. an aunt is not assumed to be the
% father's sister (she may be the mother's). Uncles and aunts are by blood (a parent's sibling);
% siblings share a parent (half-siblings included).

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

% ---- uncles, aunts, nephews, nieces (pibling = a parent's sibling; nibling = a sibling's child)
pibling(X, A) :- parent(X, P), sibling(P, A).
pibling(X, A) :- uncle(X, A).
pibling(X, A) :- aunt(X, A).
pibling(X, A) :- nibling(A, X).
nibling(X, N) :- nephew(X, N).
nibling(X, N) :- niece(X, N).
nibling(X, N) :- pibling(N, X).
uncle(X, A) :- pibling(X, A), gender(A, male).
aunt(X, A) :- pibling(X, A), gender(A, female).
nephew(X, N) :- nibling(X, N), gender(N, male).
niece(X, N) :- nibling(X, N), gender(N, female).

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
