% Relata corporate ownership and control rule pack.
%
% Reading: stake(Owner, Company, Share) = Owner holds Share (a fraction in (0, 1]) of Company;
% owns(Owner, Company) = Owner holds some stake; owns_majority(Owner, Company) may be stored directly.
% controls(X, Y), jointly_controls(X, Y): X controls Y. Relations named the kinship way read
% p(X, Y) = "Y is X's p": director(C, D) = D is C's director, address(C, A) = A is C's address
% (also read from registered_at triples), ultimate_owner(C, U) = U is C's ultimate controlling owner.
%
% Control: X controls Y when X holds a majority of Y, or controls a company that does (chains of
% majority ownership). Joint control (X and the companies it controls together hold a majority)
% is computed one level on top of that: aggregates cannot sit inside the recursion of a stratified
% program, so control gained only through a chain of joint holdings is not followed further.

owns(X, Y) :- stake(X, Y, _).
owns(X, Y) :- owns_majority(X, Y).
has_stake(X, Y) :- stake(X, Y, _).
majority(X, Y) :- stake(X, Y, S), S > 0.5.
majority(X, Y) :- owns_majority(X, Y).
% An ownership stored without a share (a plain `owns` triple) is read as control.
majority(X, Y) :- owns(X, Y), not has_stake(X, Y).

controls(X, Y) :- majority(X, Y).
controls(X, Z) :- controls(X, Y), majority(Y, Z).

% holding(X, Via, Z, S): X holds S of Z directly (Via = X) or through Via, a company X controls.
holding(X, X, Z, S) :- stake(X, Z, S).
holding(X, Y, Z, S) :- controls(X, Y), stake(Y, Z, S), X != Z.
total_share(X, Z, sum(S)) :- holding(X, _, Z, S).
jointly_controls(X, Z) :- total_share(X, Z, T), T > 0.5, not controls(X, Z), X != Z.

% Ultimate controlling owner: a controller that nobody controls.
controlled(X) :- controls(_, X).
ultimate_owner(C, U) :- controls(U, C), not controlled(U).

% Circular ownership: companies that own themselves through a chain of stakes.
owns_chain(X, Y) :- owns(X, Y).
owns_chain(X, Z) :- owns_chain(X, Y), owns(Y, Z).
in_ownership_cycle(X) :- owns_chain(X, X).
cycle_partner(X, Y) :- owns_chain(X, Y), owns_chain(Y, X), X != Y.

% Shared directors and addresses between different companies (fraud-detection signals).
shares_director(A, B) :- director(A, D), director(B, D), A != B.
address(C, A) :- registered_at(C, A).
shares_address(A, B) :- address(A, X), address(B, X), A != B.
n_subsidiaries(X, count(Y)) :- controls(X, Y).
