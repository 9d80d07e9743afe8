% Convention `family-tree`: the conventional reading of a family tree, on top of kinship.pl (not a
% pack of its own: shipped packs are the .pl files one folder up).
%
% Loaded only when asked for (`relata relate ... --convention family-tree`, `convention:
% "family-tree"` in the API); the strict kinship pack alone assumes none of it. Every rule here is a
% convention, not a definition: a proof that uses one shows it (relate lists `conventions_used`
% and marks the proof step with `convention: "family-tree"`).
%
%  1. Spouses are parents of each other's stated children, unless a step-relation says otherwise:
%     a husband's daughter is his wife's daughter, a mother's husband is the father.
%  2. Siblings share both parents: a sibling's parent is one's own parent (no half-siblings),
%     again unless a step-relation says otherwise.
%  3. One couple per marriage: a couple shares its nieces and nephews.
%  4. A child's two parents are a couple: a child's cousins are one's nieces and nephews.
% Each also holds where the person in between is not named (a brother's grandfather is one's own
% grandfather even when the tree does not say who the parent is).
%
% On a complete tree that keeps these conventions (every child with both parents, who are a
% couple; no half-siblings) they derive nothing the strict pack does not; they matter where a tree
% leaves links unstated, as most trees people keep do.
%
% Step-relations (stated facts only): step_parent, stepparent, stepfather, stepmother, step_child,
% stepchild, stepson, stepdaughter, with the kinship pack's reading (stepfather(X, Y) = Y is X's
% stepfather).

step_parent(X, Y) :- stepparent(X, Y).
step_parent(X, Y) :- stepfather(X, Y).
step_parent(X, Y) :- stepmother(X, Y).
step_parent(X, Y) :- step_child(Y, X).
step_parent(X, Y) :- stepchild(Y, X).
step_parent(X, Y) :- stepson(Y, X).
step_parent(X, Y) :- stepdaughter(Y, X).

% 1. A parent's spouse is a parent (family-tree convention: spouses co-parent).
parent(C, Y) :- parent(C, X), spouse(X, Y), C != Y, not step_parent(C, Y).
% 2. A sibling's parent is one's own parent (family-tree convention: siblings share both parents).
parent(X, P) :- sibling(X, S), parent(S, P), X != P, not step_parent(X, P).

% What sharing both parents implies when the parents themselves are not named: a sibling's
% grandparents, aunts and uncles (by blood or by marriage) and cousins are one's own.
grandparent(X, G) :- sibling(X, S), grandparent(S, G), X != G.
pibling(X, A) :- sibling(X, S), pibling(S, A), X != A.
pibling_by_blood(X, A) :- sibling(X, S), pibling_by_blood(S, A), X != A.
pibling_by_marriage(X, A) :- sibling(X, S), pibling_by_marriage(S, A), X != A.
cousin(X, Y) :- sibling(X, S), cousin(S, Y), X != Y.

% What co-parenting implies when the child is not named: a spouse's grandchildren are one's own,
% unless a step-relation is stated for one of the couple.
has_step_child(Y) :- step_parent(_, Y).
grandchild(Y, G) :- spouse(Y, X), grandchild(X, G), Y != G, not has_step_child(Y), not has_step_child(X).

% 3. A couple shares its nieces and nephews (an aunt's or uncle's spouse is an aunt or uncle, as a
%    family tree draws one couple per marriage): with a blood aunt's husband the reading is by
%    marriage, with a by-marriage aunt's husband it is by blood, so the pair gets no reading here.
pibling(X, A) :- pibling(X, U), spouse(U, A), X != A.

% 4. A child's two parents are a couple: a child's cousin is one's niece or nephew, and an aunt's or
%    uncle's child is a cousin (the aunt or uncle by marriage is the child's parent by rule 1).
cousin(C, N) :- pibling(C, U), child(U, N), C != N.
nibling(X, N) :- child(X, C), cousin(C, N), X != N.
