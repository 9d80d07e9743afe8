% Relata medical rule pack: symptom -> disease -> drug chains.
%
% Base relations, as stored in the demo KG and in biomed-mini (Hetionet style):
%   presents(D, S): disease D presents symptom S;  treats(C, D): compound C treats disease D;
%   palliates(C, D): C relieves D's symptoms;  relieves(C, S): C relieves symptom S;
%   resembles(D1, D2): the diseases co-occur in the literature (undirected);
%   contraindicated(C, D) / not_indicated_for(C, D): C must not be given for D.
% Derived relations read p(X, Y) = "Y is X's p": explanation(S, D) = D explains symptom S,
% treatment(D, C) = C treats D, ...

resembles(X, Y) :- resembles(Y, X).
avoid(C, D) :- contraindicated(C, D).
avoid(C, D) :- not_indicated_for(C, D).

explanation(S, D) :- presents(D, S).
treatment(D, C) :- treats(C, D), not avoid(C, D).
symptomatic_treatment(D, C) :- palliates(C, D), not avoid(C, D).
relief(S, C) :- relieves(C, S).
relief(S, C) :- presents(D, S), palliates(C, D), not avoid(C, D).

% Chains: a symptom, the diseases that explain it, and their treatments.
drug_for_symptom(S, C) :- presents(D, S), treatment(D, C).

% Diseases sharing symptoms (differential diagnosis), and how many they share.
shared_symptom(D1, D2, S) :- presents(D1, S), presents(D2, S), D1 != D2.
n_shared_symptoms(D1, D2, count(S)) :- shared_symptom(D1, D2, S).
n_symptoms(D, count(S)) :- presents(D, S).

% Repurposing hypotheses: a drug for a resembling disease, not already used for this one nor contraindicated.
repurposing_candidate(D, C) :- resembles(D, D2), treats(C, D2), not treats(C, D), not avoid(C, D).

% Contraindication chains: a drug for one of a patient's diseases that must be avoided for another one
% the patient has (has_disease(P, D) facts, e.g. from a session's findings).
risky_drug(P, C) :- has_disease(P, D1), treatment(D1, C), has_disease(P, D2), avoid(C, D2).
