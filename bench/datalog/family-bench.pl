% Issue 4's family benchmark: over parent(Child, Parent), spouse/2 and gender/2 base facts,
% materialise sibling, ancestor, aunt, uncle and cousin (p(X, Y): Y is X's p).
sibling(X, Y) :- parent(X, P), parent(Y, P), X != Y.
ancestor(X, Y) :- parent(X, Y).
ancestor(X, Z) :- ancestor(X, Y), parent(Y, Z).
aunt(X, A) :- parent(X, P), sibling(P, A), gender(A, female).
uncle(X, U) :- parent(X, P), sibling(P, U), gender(U, male).
cousin(X, Y) :- parent(X, P), sibling(P, Q), parent(Y, Q).
