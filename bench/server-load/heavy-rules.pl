% The materialisation the server-load bench keeps running: co-nominees at two and three steps and co-stars over
% FB15k-237. Finite and heavy: about 557,000 derived triples, about 10 s alone on the project's machine.
conominee(A, C) :- '/award/award_nominee/award_nominations./award/award_nomination/award_nominee'(A, B), '/award/award_nominee/award_nominations./award/award_nomination/award_nominee'(B, C), A != C.
conominee3(A, D) :- conominee(A, C), '/award/award_nominee/award_nominations./award/award_nomination/award_nominee'(C, D), A != D.
costar(A, B) :- '/film/actor/film./film/performance/film'(A, F), '/film/actor/film./film/performance/film'(B, F), A != B.
