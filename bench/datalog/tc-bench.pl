% Transitive closure, left-recursive (the form semi-naive evaluation and SWI-Prolog tabling both handle).
path(X, Y) :- edge(X, Y).
path(X, Z) :- path(X, Y), edge(Y, Z).
