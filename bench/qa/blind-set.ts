/**
 * The blind question set (issue 15): ~120 questions in everyday phrasings, written WITHOUT reading the answerer's code
 * (src-main/core/qa/**) and committed with its first run before any change to the answerer. Three KGs:
 *  - FB15k-237 (films, people, places, music; entity names from entity_names.tsv): look-ups both ways, 2- and 3-hop
 *    chains, counts, intersections ("both", "also", "together"), type filters, relationships, refusals;
 *  - the demo KG (resources/demo/: companies, a family, diseases/symptoms/drugs): rule-derived kinship, ownership,
 *    chains, findings → causes, relationships, refusals;
 *  - a generated family (seed 4242, names unlike the other benches', mixed vocabulary): look-ups, in-laws, 2- and
 *    3-hop chains, counts.
 * Gold answers are computed from the data (walks of stored triples; the family tree itself; for the demo KG's derived
 * kinship, the relations worked out by hand from demo-kg.ttl) — never from the answerer.
 *
 * Scoring as bench/qa/qa-bench.ts: Hits@1 = the first of `answers` is gold (a count: it is the number; an empty gold
 * set or a refusal: `answers` is empty); exact set = `answers` equals the gold set. Relationship questions ("How are A
 * and B related?") are scored on the answer text: it must name one of the expected relation words (hit = exact).
 *
 *   node --import tsx bench/qa/blind-set.ts [--fb /tmp/relata-qa-fb15k-237.sqlite] [--md out.md] [--json out.json]
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importFiles } from '../../src-main/core/import/import-files.js';
import { ask } from '../../src-main/core/qa/ask.js';
import { KgStore } from '../../src-main/core/store/kg-store.js';
import { Mulberry32, shuffleInPlace } from '../../src-main/core/random/mulberry32.js';
import { generateFamily, mixedFacts } from '../../test-support/family-generator.js';
import { relativesOf } from './family-gold.js';
import { familyKg } from './family-kg.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const FB = opt('fb', '/tmp/relata-qa-fb15k-237.sqlite');
const ROOT = resolve(import.meta.dirname, '../..');
const DATASETS = resolve(ROOT, '../shared/datasets');

type Dir = 'f' | 'b' | 'fb';
/** A walk of relations from an entity (key, or for the demo KG its label): 'f' subject → object, 'b' object → subject. */
interface Walk {
  from: string;
  path: Array<[string, Dir]>;
}
type Gold =
  | { walk: Walk }
  | { and: Walk[] }
  | { count: Walk | { and: Walk[] } }
  /** Gold by labels (demo KG, derived relations worked out by hand from demo-kg.ttl). */
  | { labels: string[] }
  | { countLabels: number }
  /** The question is not answerable from the KG: the right answer is none. */
  | { refuse: true }
  /** A relationship: the answer text must name one of these words (case-insensitive). */
  | { text: string[] };

interface Blind {
  q: string;
  hops: number;
  kind: string;
  gold: Gold;
}

const w = (from: string, ...path: Array<[string, Dir]>): Walk => ({ from, path });

// ---------------------------------------------------------------- FB15k-237
const DIR = '/film/director/film';
const ACT = '/film/actor/film./film/performance/film';
const BORN = '/people/person/place_of_birth';
const NAT = '/people/person/nationality';
const PROF = '/people/person/profession';
const GENRE = '/film/film/genre';
const LANG = '/film/film/language';
const MUSIC = '/film/film/music';
const WROTE = '/film/film/written_by';
const PRODUCED = '/film/film/produced_by';
const COUNTRY = '/film/film/country';
const LOCATIONS = '/film/film/featured_film_locations';
const SPOUSE = '/people/person/spouse_s./people/marriage/spouse';
const DIED = '/people/deceased_person/place_of_death';
const INFL = '/influence/influence_node/influenced_by';
const STUDENT = '/education/educational_institution/students_graduates./education/education/student';
const HQ = '/organization/organization/headquarters./location/mailing_address/citytown';
const FOUNDED = '/organization/organization_founder/organizations_founded';
const CONTAINS = '/location/location/contains';
const LABEL = '/music/record_label/artist';
const MEMBER = '/music/group_member/membership./music/group_membership/group';
const MGENRE = '/music/genre/artists';
const ORIGIN = '/music/artist/origin';
const GENDER = '/people/person/gender';

const HANKS = '/m/0bxtg';
const SPIELBERG = '/m/06pj8';
const STREEP = '/m/0h0wc';
const PITT = '/m/0c6qh';
const EASTWOOD = '/m/0bwh6';
const KUBRICK = '/m/06mn7';
const HITCHCOCK = '/m/0j_c';
const DEPP = '/m/0jfx1';
const FREEMAN = '/m/055c8';
const ELVIS = '/m/02jq1';
const PULP = '/m/0f4_l';
const MADONNA = '/m/01vs_v8';
const BEATLES = '/m/07c0j';
const CRUISE = '/m/07r1h';
const PORTMAN = '/m/09l3p';
const CLOONEY = '/m/014zcr';
const DAMON = '/m/0169dl';
const AFFLECK = '/m/0151w_';
const CARREY = '/m/0lx2l';
const JOLIE = '/m/0f4vbz';
const TWAIN = '/m/014635';
const COPPOLA = '/m/02vyw';
const BURTON = '/m/07rd7';
const JOBS = '/m/06y3r';
const APPLE = '/m/0k8z';
const JAWS = '/m/0jyb4';
const MATRIX = '/m/07cz2';
const SCHINDLER = '/m/0hfzr';
const CASTAWAY = '/m/0c3z0';
const TOYSTORY = '/m/0dyb1';
const AVATAR = '/m/0bth54';
const GODFATHER = '/m/07g1sm';
const PARIS = '/m/05qtj';
const LA = '/m/030qb3t';
const ACTOR = '/m/02hrh1q';
const COMEDY = '/m/05p553';

const FB_BLIND: Blind[] = [
  // one relation, both directions, everyday words
  { q: 'Who directed Jaws?', hops: 1, kind: 'lookup', gold: { walk: w(JAWS, [DIR, 'b']) } },
  { q: 'Tell me the films Stanley Kubrick directed.', hops: 1, kind: 'lookup', gold: { walk: w(KUBRICK, [DIR, 'f']) } },
  { q: 'Where was Clint Eastwood born?', hops: 1, kind: 'lookup', gold: { walk: w(EASTWOOD, [BORN, 'f']) } },
  { q: 'Which country is Stanley Kubrick a citizen of?', hops: 1, kind: 'lookup', gold: { walk: w(KUBRICK, [NAT, 'f']) } },
  { q: 'What does Morgan Freeman do for a living?', hops: 1, kind: 'lookup', gold: { walk: w(FREEMAN, [PROF, 'f']) } },
  { q: 'Who starred in Cast Away?', hops: 1, kind: 'lookup', gold: { walk: w(CASTAWAY, [ACT, 'b']) } },
  { q: 'What movies did Johnny Depp appear in?', hops: 1, kind: 'lookup', gold: { walk: w(DEPP, [ACT, 'f']) } },
  { q: 'Which genres does The Matrix belong to?', hops: 1, kind: 'lookup', gold: { walk: w(MATRIX, [GENRE, 'f']) } },
  { q: "What language is Schindler's List in?", hops: 1, kind: 'lookup', gold: { walk: w(SCHINDLER, [LANG, 'f']) } },
  { q: "Who composed the music of Schindler's List?", hops: 1, kind: 'lookup', gold: { walk: w(SCHINDLER, [MUSIC, 'f']) } },
  { q: "Who is Clint Eastwood's wife?", hops: 1, kind: 'lookup', gold: { walk: w(EASTWOOD, [SPOUSE, 'f']) } },
  { q: 'Where is Apple Inc. headquartered?', hops: 1, kind: 'lookup', gold: { walk: w(APPLE, [HQ, 'f']) } },
  { q: 'Who founded Apple Inc.?', hops: 1, kind: 'lookup', gold: { walk: w(APPLE, [FOUNDED, 'b']) } },
  { q: 'What did Steve Jobs found?', hops: 1, kind: 'lookup', gold: { walk: w(JOBS, [FOUNDED, 'f']) } },
  { q: 'Which record labels was The Beatles signed to?', hops: 1, kind: 'lookup', gold: { walk: w(BEATLES, [LABEL, 'b']) } },
  { q: 'Who were the members of The Beatles?', hops: 1, kind: 'lookup', gold: { walk: w(BEATLES, [MEMBER, 'b']) } },
  { q: 'What kind of music did The Beatles play?', hops: 1, kind: 'lookup', gold: { walk: w(BEATLES, [MGENRE, 'b']) } },
  { q: 'Where did The Beatles come from?', hops: 1, kind: 'lookup', gold: { walk: w(BEATLES, [ORIGIN, 'f']) } },
  { q: 'Where did Elvis Presley die?', hops: 1, kind: 'lookup', gold: { walk: w(ELVIS, [DIED, 'f']) } },
  { q: 'Who were the influences of Mark Twain?', hops: 1, kind: 'lookup', gold: { walk: w(TWAIN, [INFL, 'f']) } },
  { q: 'Whom did Mark Twain influence?', hops: 1, kind: 'lookup', gold: { walk: w(TWAIN, [INFL, 'b']) } },
  { q: 'Where did Natalie Portman go to university?', hops: 1, kind: 'lookup', gold: { walk: w(PORTMAN, [STUDENT, 'b']) } },
  { q: 'Who wrote the screenplay of The Godfather?', hops: 1, kind: 'lookup', gold: { walk: w(GODFATHER, [WROTE, 'f']) } },
  { q: 'Who were the producers of Pulp Fiction?', hops: 1, kind: 'lookup', gold: { walk: w(PULP, [PRODUCED, 'f']) } },
  { q: 'In which country was Avatar made?', hops: 1, kind: 'lookup', gold: { walk: w(AVATAR, [COUNTRY, 'f']) } },
  { q: 'Is Madonna male or female?', hops: 1, kind: 'lookup', gold: { walk: w(MADONNA, [GENDER, 'f']) } },
  { q: 'Which films were shot in Paris?', hops: 1, kind: 'lookup', gold: { walk: w(PARIS, [LOCATIONS, 'b']) } },
  { q: 'Who acted in The Godfather?', hops: 1, kind: 'lookup', gold: { walk: w(GODFATHER, [ACT, 'b']) } },
  { q: 'alfred hitchcock films', hops: 1, kind: 'lookup', gold: { walk: w(HITCHCOCK, [DIR, 'f']) } },
  { q: 'Where was Tom Cruse born?', hops: 1, kind: 'lookup', gold: { walk: w(CRUISE, [BORN, 'f']) } },
  // counts
  { q: 'How many films did Tim Burton direct?', hops: 1, kind: 'count', gold: { count: w(BURTON, [DIR, 'f']) } },
  { q: 'How many movies has Johnny Depp been in?', hops: 1, kind: 'count', gold: { count: w(DEPP, [ACT, 'f']) } },
  { q: 'How many films did Alfred Hitchcock direct?', hops: 1, kind: 'count', gold: { count: w(HITCHCOCK, [DIR, 'f']) } },
  { q: 'How many people were born in Los Angeles?', hops: 1, kind: 'count', gold: { count: w(LA, [BORN, 'b']) } },
  // two hops
  { q: 'Who directed the movies Johnny Depp appeared in?', hops: 2, kind: 'chain', gold: { walk: w(DEPP, [ACT, 'f'], [DIR, 'b']) } },
  { q: 'Where were the directors of Toy Story born?', hops: 2, kind: 'chain', gold: { walk: w(TOYSTORY, [DIR, 'b'], [BORN, 'f']) } },
  { q: 'What nationality are the actors of Cast Away?', hops: 2, kind: 'chain', gold: { walk: w(CASTAWAY, [ACT, 'b'], [NAT, 'f']) } },
  { q: "What genres are Tim Burton's films?", hops: 2, kind: 'chain', gold: { walk: w(BURTON, [DIR, 'f'], [GENRE, 'f']) } },
  { q: 'Where were the members of The Beatles born?', hops: 2, kind: 'chain', gold: { walk: w(BEATLES, [MEMBER, 'b'], [BORN, 'f']) } },
  { q: 'What languages are the films directed by Francis Ford Coppola in?', hops: 2, kind: 'chain', gold: { walk: w(COPPOLA, [DIR, 'f'], [LANG, 'f']) } },
  { q: "Who composed the music for Steven Spielberg's films?", hops: 2, kind: 'chain', gold: { walk: w(SPIELBERG, [DIR, 'f'], [MUSIC, 'f']) } },
  { q: 'Who influenced the people who influenced Mark Twain?', hops: 2, kind: 'chain', gold: { walk: w(TWAIN, [INFL, 'f'], [INFL, 'f']) } },
  { q: 'Which films did the spouse of Angelina Jolie act in?', hops: 2, kind: 'chain', gold: { walk: w(JOLIE, [SPOUSE, 'f'], [ACT, 'f']) } },
  { q: 'Where was the founder of Apple Inc. born?', hops: 2, kind: 'chain', gold: { walk: w(APPLE, [FOUNDED, 'b'], [BORN, 'f']) } },
  // three hops
  { q: 'What are the nationalities of the directors of the films Tom Cruise acted in?', hops: 3, kind: 'chain', gold: { walk: w(CRUISE, [ACT, 'f'], [DIR, 'b'], [NAT, 'f']) } },
  { q: "Where were the directors of Brad Pitt's films born?", hops: 3, kind: 'chain', gold: { walk: w(PITT, [ACT, 'f'], [DIR, 'b'], [BORN, 'f']) } },
  { q: 'Which films were directed by the directors of the films Jim Carrey starred in?', hops: 3, kind: 'chain', gold: { walk: w(CARREY, [ACT, 'f'], [DIR, 'b'], [DIR, 'f']) } },
  { q: 'Which places contain the birthplaces of the founders of Apple Inc.?', hops: 3, kind: 'chain', gold: { walk: w(APPLE, [FOUNDED, 'b'], [BORN, 'f'], [CONTAINS, 'b']) } },
  { q: 'What professions do the spouses of the actors in Cast Away have?', hops: 3, kind: 'chain', gold: { walk: w(CASTAWAY, [ACT, 'b'], [SPOUSE, 'f'], [PROF, 'f']) } },
  // intersections and type filters
  { q: 'Which films did Matt Damon and Ben Affleck both act in?', hops: 2, kind: 'and', gold: { and: [w(DAMON, [ACT, 'f']), w(AFFLECK, [ACT, 'f'])] } },
  { q: 'Which films did Brad Pitt and George Clooney appear in together?', hops: 2, kind: 'and', gold: { and: [w(PITT, [ACT, 'f']), w(CLOONEY, [ACT, 'f'])] } },
  { q: 'Which films directed by Clint Eastwood did he also act in?', hops: 2, kind: 'and', gold: { and: [w(EASTWOOD, [DIR, 'f']), w(EASTWOOD, [ACT, 'f'])] } },
  { q: 'Which films starring Tom Hanks also starred Meryl Streep?', hops: 2, kind: 'and', gold: { and: [w(HANKS, [ACT, 'f']), w(STREEP, [ACT, 'f'])] } },
  { q: 'Which actors were born in Los Angeles?', hops: 2, kind: 'type', gold: { and: [w(LA, [BORN, 'b']), w(ACTOR, [PROF, 'b'])] } },
  { q: 'Which comedy films did Jim Carrey star in?', hops: 2, kind: 'type', gold: { and: [w(CARREY, [ACT, 'f']), w(COMEDY, [GENRE, 'b'])] } },
  // relationships
  { q: 'How is Steven Spielberg related to Jaws?', hops: 1, kind: 'relationship', gold: { text: ['direct'] } },
  { q: 'What connects Steve Jobs and Apple Inc.?', hops: 1, kind: 'relationship', gold: { text: ['found'] } },
  // not in the KG
  { q: 'How tall is Tom Hanks?', hops: 1, kind: 'refuse', gold: { refuse: true } },
  { q: 'Who directed Zorblax Returns?', hops: 1, kind: 'refuse', gold: { refuse: true } },
  { q: 'What is the capital of Mars?', hops: 1, kind: 'refuse', gold: { refuse: true } },
  { q: "What is Morgan Freeman's favourite food?", hops: 1, kind: 'refuse', gold: { refuse: true } },
];

// ---------------------------------------------------------------- demo KG
const DEMO_BLIND: Blind[] = [
  // rule-derived kinship (worked out by hand from demo-kg.ttl: Frank+Grace → Alice; Frank → Bob; Bob+Diana → Charlie; Alice+Ethan → Hannah)
  { q: "Who is Hannah's uncle?", hops: 1, kind: 'derived', gold: { labels: ['Bob'] } },
  { q: "Who is Hannah's cousin?", hops: 1, kind: 'derived', gold: { labels: ['Charlie'] } },
  { q: 'Who is the grandfather of Charlie?', hops: 1, kind: 'derived', gold: { labels: ['Frank'] } },
  { q: "Who are Frank's grandchildren?", hops: 1, kind: 'derived', gold: { labels: ['Charlie', 'Hannah'] } },
  { q: 'Who is the nephew of Alice?', hops: 1, kind: 'derived', gold: { labels: ['Charlie'] } },
  { q: "Who is Ethan's wife?", hops: 1, kind: 'derived', gold: { labels: ['Alice'] } },
  { q: 'Who are the children of Frank?', hops: 1, kind: 'derived', gold: { labels: ['Alice', 'Bob'] } },
  { q: "Who's Bob's sister?", hops: 1, kind: 'lookup', gold: { labels: ['Alice'] } },
  // science and companies
  { q: 'Where was Steve Jobs born?', hops: 1, kind: 'lookup', gold: { labels: ['San Francisco'] } },
  { q: 'Who founded Apple?', hops: 1, kind: 'lookup', gold: { labels: ['Steve Jobs', 'Steve Wozniak'] } },
  { q: 'Where is Apple headquartered?', hops: 1, kind: 'lookup', gold: { labels: ['Cupertino'] } },
  { q: 'Which countries is Einstein a citizen of?', hops: 1, kind: 'lookup', gold: { labels: ['Germany', 'Switzerland', 'United States'] } },
  { q: 'Who did Nikola Tesla work with?', hops: 1, kind: 'lookup', gold: { labels: ['Thomas Edison'] } },
  { q: 'What did Thomas Edison found?', hops: 1, kind: 'lookup', gold: { labels: ['Edison Machine Works'] } },
  { q: 'In which country was Nikola Tesla born?', hops: 2, kind: 'chain', gold: { labels: ['Croatia'] } },
  { q: 'In which countries were the founders of Apple born?', hops: 3, kind: 'chain', gold: { labels: ['United States'] } },
  { q: 'Which companies does Apex Holdings own?', hops: 1, kind: 'lookup', gold: { labels: ['Beta Capital'] } },
  { q: 'Who owns Delta Logistics?', hops: 1, kind: 'lookup', gold: { labels: ['Gamma Trading'] } },
  { q: 'Which companies are registered at 12 Harbour Street, Valletta?', hops: 1, kind: 'lookup', gold: { labels: ['Apex Holdings', 'Delta Logistics', 'Epsilon Ltd'] } },
  { q: 'Who is the director of Zeta SA?', hops: 1, kind: 'lookup', gold: { labels: ['Jane Roe'] } },
  { q: 'Which companies is John Doe a director of?', hops: 1, kind: 'lookup', gold: { labels: ['Theta Media', 'Eta Corp'] } },
  { q: 'Which companies does Apex Holdings ultimately control?', hops: 1, kind: 'derived', gold: { labels: ['Beta Capital', 'Gamma Trading', 'Theta Media', 'Delta Logistics'] } },
  { q: 'What do the companies owned by Beta Capital own?', hops: 2, kind: 'chain', gold: { labels: ['Delta Logistics'] } },
  { q: 'Who are the directors of the companies Beta Capital owns?', hops: 2, kind: 'chain', gold: { labels: ['Jane Roe', 'John Doe'] } },
  { q: 'How many companies does Beta Capital own?', hops: 1, kind: 'count', gold: { countLabels: 2 } },
  // medical
  { q: 'What does Tamiflu treat?', hops: 1, kind: 'lookup', gold: { labels: ['Influenza'] } },
  { q: 'Which symptoms does migraine present?', hops: 1, kind: 'lookup', gold: { labels: ['Headache', 'Sensitivity to light', 'Nausea'] } },
  { q: 'What does paracetamol relieve?', hops: 1, kind: 'lookup', gold: { labels: ['Fever', 'Headache', 'Muscle aches'] } },
  { q: 'Which drug treats pneumonia?', hops: 1, kind: 'lookup', gold: { labels: ['Amoxicillin'] } },
  { q: 'Which diseases present both cough and shortness of breath?', hops: 1, kind: 'and', gold: { labels: ['COVID-19', 'Pneumonia'] } },
  { q: 'Which drugs treat the diseases that present fever?', hops: 2, kind: 'chain', gold: { labels: ['Oseltamivir', 'Amoxicillin', 'Nirmatrelvir'] } },
  { q: 'What symptoms do the diseases treated by amoxicillin present?', hops: 2, kind: 'chain', gold: { labels: ['Sore throat', 'Fever', 'Swollen lymph nodes', 'Cough', 'Shortness of breath', 'Chest pain', 'Chills'] } },
  { q: 'How many symptoms does influenza present?', hops: 1, kind: 'count', gold: { countLabels: 7 } },
  // findings → causes: Hits@1 = the first cause presents all the findings (exact set: exactly those diseases)
  { q: 'What could cause sore throat and swollen lymph nodes?', hops: 1, kind: 'causes', gold: { labels: ['Strep throat'] } },
  { q: 'What might cause a runny nose and sneezing?', hops: 1, kind: 'causes', gold: { labels: ['Common cold'] } },
  { q: 'I have a headache and nausea. What could it be?', hops: 1, kind: 'causes', gold: { labels: ['Migraine'] } },
  { q: 'What could cause loss of smell and fever?', hops: 1, kind: 'causes', gold: { labels: ['COVID-19'] } },
  { q: 'Which disease could explain chest pain, cough and chills?', hops: 1, kind: 'causes', gold: { labels: ['Pneumonia'] } },
  // relationships
  { q: 'How are Charlie and Alice related?', hops: 1, kind: 'relationship', gold: { text: ['aunt', 'nephew'] } },
  { q: 'How is Hannah related to Charlie?', hops: 1, kind: 'relationship', gold: { text: ['cousin'] } },
  { q: 'How is Frank related to Hannah?', hops: 1, kind: 'relationship', gold: { text: ['grandfather', 'grandchild', 'granddaughter', 'grandparent'] } },
  { q: 'What connects Apex Holdings and Delta Logistics?', hops: 1, kind: 'relationship', gold: { text: ['own', 'control', 'harbour', 'registered'] } },
  // not in the KG
  { q: 'Who is the CEO of Gamma Trading?', hops: 1, kind: 'refuse', gold: { refuse: true } },
  { q: "What is Alice's blood type?", hops: 1, kind: 'refuse', gold: { refuse: true } },
  { q: 'Who won the 2030 World Cup?', hops: 1, kind: 'refuse', gold: { refuse: true } },
  { q: 'What drug treats malaria?', hops: 1, kind: 'refuse', gold: { refuse: true } },
];

// ---------------------------------------------------------------- generated family
const FIRST = 'Amos Bianca Cyril Delia Emil Fiona Gunnar Helga Ivo Jana Karl Lena Milo Nora Otto Petra Rufus Selma Tobias Ulla Viktor Wanda Xaver Yvonne Zeno Agnes Bruno Cecile Dmitri Edith'.split(' ');
const LAST = 'Albrecht Brandt Castell Dorn Eberhardt Falk Gruber Haas Ingram Jost Kessler Lindqvist Moreau Nyberg Ortega Pohl Quast Rasmussen Sorensen Tamm'.split(' ');

interface Kin {
  template: string;
  hops: number;
  kind: string;
  /** Relations walked from x in order (each a relation of kinship()). */
  rels: string[];
  count?: boolean;
}

const KIN_BLIND: Kin[] = [
  { template: "Tell me who {x}'s father is.", hops: 1, kind: 'lookup', rels: ['father'] },
  { template: "Who's the mother of {x}?", hops: 1, kind: 'lookup', rels: ['mother'] },
  { template: "Who are {x}'s kids?", hops: 1, kind: 'lookup', rels: ['child'] },
  { template: 'Does {x} have any sisters?', hops: 1, kind: 'lookup', rels: ['sister'] },
  { template: "Name {x}'s grandmother.", hops: 1, kind: 'lookup', rels: ['grandmother'] },
  { template: 'Which people are nephews of {x}?', hops: 1, kind: 'lookup', rels: ['nephew'] },
  { template: 'Who did {x} marry?', hops: 1, kind: 'lookup', rels: ['spouse'] },
  { template: 'List all cousins of {x}.', hops: 1, kind: 'lookup', rels: ['cousin'] },
  { template: "Who is {x}'s husband?", hops: 1, kind: 'lookup', rels: ['husband'] },
  { template: 'Who are the granddaughters of {x}?', hops: 1, kind: 'lookup', rels: ['granddaughter'] },
  { template: 'Who is the grandfather of {x}?', hops: 1, kind: 'lookup', rels: ['grandfather'] },
  { template: "Who are {x}'s brothers and sisters?", hops: 1, kind: 'lookup', rels: ['sibling'] },
  { template: "Who are {x}'s parents?", hops: 1, kind: 'lookup', rels: ['parent'] },
  { template: "Who is {x}'s mother-in-law?", hops: 2, kind: 'chain', rels: ['spouse', 'mother'] },
  { template: "Who are the aunts of {x}'s children?", hops: 2, kind: 'chain', rels: ['child', 'aunt'] },
  { template: "Who is the wife of {x}'s brother?", hops: 2, kind: 'chain', rels: ['brother', 'wife'] },
  { template: "Who are the grandparents of {x}'s wife?", hops: 2, kind: 'chain', rels: ['wife', 'grandparent'] },
  { template: "Who are the cousins of {x}'s father?", hops: 2, kind: 'chain', rels: ['father', 'cousin'] },
  { template: "Who are the husbands of {x}'s daughters?", hops: 2, kind: 'chain', rels: ['daughter', 'husband'] },
  { template: "Who are the wives of the sons of {x}'s brothers?", hops: 3, kind: 'chain', rels: ['brother', 'son', 'wife'] },
  { template: "Who are the children of the sisters of {x}'s mother?", hops: 3, kind: 'chain', rels: ['mother', 'sister', 'child'] },
  { template: "Who are the spouses of the children of {x}'s daughters?", hops: 3, kind: 'chain', rels: ['daughter', 'child', 'spouse'] },
  { template: 'How many cousins does {x} have?', hops: 1, kind: 'count', rels: ['cousin'], count: true },
  { template: 'How many sisters does {x} have?', hops: 1, kind: 'count', rels: ['sister'], count: true },
  { template: 'How many grandsons does {x} have?', hops: 1, kind: 'count', rels: ['grandson'], count: true },
];

// ---------------------------------------------------------------- scoring
interface Q {
  set: string;
  kind: string;
  hops: number;
  question: string;
  gold: Set<string>;
  count?: number;
  refuse?: boolean;
  text?: string[];
}

interface Result {
  q: Q;
  hit: boolean;
  exact: boolean;
  ms: number;
  got: string[];
  reading: string;
  answer: string;
}

function resolver(store: KgStore): { idOf: (k: string) => number; walk: (wk: Walk) => Set<number>; keys: (ids: Iterable<number>) => Set<string> } {
  const db = store.db;
  const byKey = db.prepare('SELECT id FROM entities WHERE key = ?').pluck();
  const byLabel = db.prepare('SELECT id FROM entities WHERE label = ?').pluck();
  const keyOf = db.prepare('SELECT key FROM entities WHERE id = ?').pluck();
  const predOf = db.prepare('SELECT id FROM predicates WHERE key = ?').pluck();
  const fwd = db.prepare('SELECT o FROM triples WHERE s = ? AND p = ? AND o > 0').pluck();
  const bwd = db.prepare('SELECT s FROM triples WHERE o = ? AND p = ?').pluck();
  const idOf = (k: string): number => {
    const ids = [...(byKey.all(k) as number[]), ...(byLabel.all(k) as number[])];
    if (ids.length !== 1) throw new Error(`blind set gold: ${ids.length} entities for ${k}`);
    return ids[0];
  };
  const walk = (wk: Walk): Set<number> => {
    const start = idOf(wk.from);
    let nodes = [start];
    for (const [pk, dir] of wk.path) {
      const p = predOf.get(pk) as number | undefined;
      if (p === undefined) throw new Error(`blind set gold: no predicate ${pk}`);
      nodes = [...new Set(nodes.flatMap((x) => [...(dir !== 'b' ? (fwd.all(x, p) as number[]) : []), ...(dir !== 'f' ? (bwd.all(x, p) as number[]) : [])]))];
      nodes = nodes.filter((x) => x !== start);
    }
    return new Set(nodes);
  };
  const keys = (ids: Iterable<number>): Set<string> => new Set([...ids].map((i) => keyOf.get(i) as string));
  return { idOf, walk, keys };
}

function questions(store: KgStore, set: string, bs: Blind[]): Q[] {
  const r = resolver(store);
  const and = (ws: Walk[]): Set<number> => ws.map(r.walk).reduce((a, b) => new Set([...a].filter((x) => b.has(x))));
  return bs.map((b) => {
    const base = { set, kind: b.kind, hops: b.hops, question: b.q };
    const g = b.gold;
    if ('walk' in g) return { ...base, gold: r.keys(r.walk(g.walk)) };
    if ('and' in g) return { ...base, gold: r.keys(and(g.and)) };
    if ('count' in g) {
      const ids = 'and' in g.count ? and(g.count.and) : r.walk(g.count);
      return { ...base, gold: r.keys(ids), count: ids.size };
    }
    if ('labels' in g) return { ...base, gold: r.keys(g.labels.map(r.idOf)) };
    if ('countLabels' in g) return { ...base, gold: new Set<string>(), count: g.countLabels };
    if ('refuse' in g) return { ...base, gold: new Set<string>(), refuse: true };
    return { ...base, gold: new Set<string>(), text: g.text };
  });
}

const GOLD_ONLY = args.includes('--gold-only');

async function run(store: KgStore, qs: Q[], out: Result[]): Promise<void> {
  if (GOLD_ONLY) {
    for (const q of qs) console.log(`${q.set}\t${q.kind}\t${q.count ?? q.gold.size}\t${q.question}`);
    return;
  }
  if (qs.length) await ask(store, qs[0].question, null); // warm-up: name index, relation catalog, rule packs
  for (const q of qs) {
    const t0 = performance.now();
    const r = await ask(store, q.question, null);
    const ms = performance.now() - t0;
    const got = r.answers.map((a) => a.key);
    let hit: boolean;
    let exact: boolean;
    if (q.text) {
      const t = `${r.answer} ${r.reading ?? ''}`.toLowerCase();
      hit = exact = q.text.some((x) => t.includes(x));
    } else if (q.count !== undefined) {
      hit = got[0] === String(q.count);
      exact = hit && got.length === 1;
    } else if (q.refuse || q.gold.size === 0) {
      hit = exact = got.length === 0;
    } else {
      hit = got.length > 0 && q.gold.has(got[0]);
      exact = got.length === q.gold.size && got.every((k) => q.gold.has(k));
    }
    out.push({ q, hit, exact, ms, got, reading: r.reading ?? '', answer: r.answer });
  }
}

async function fbStore(): Promise<KgStore> {
  if (!existsSync(FB)) {
    const s = KgStore.open(FB);
    await importFiles(s, [{ path: resolve(DATASETS, 'fb15k-237') }]);
    return s;
  }
  return KgStore.open(FB);
}

async function demoStore(): Promise<KgStore> {
  const s = KgStore.open(':memory:');
  await importFiles(s, [{ path: resolve(ROOT, 'resources/demo/demo-kg.ttl') }, { path: resolve(ROOT, 'resources/demo/medical-findings.csv') }]);
  return s;
}

async function kinStore(): Promise<{ store: KgStore; qs: Q[] }> {
  const f = generateFamily(250, 4, 4242);
  const { store, names } = await familyKg(f, mixedFacts(f, 4243), FIRST, LAST);
  const rel = relativesOf(f);
  const order = new Mulberry32(4242);
  const people = [...shuffleInPlace(Int32Array.from(f.people.keys()), order)].map((i) => f.people[i]);
  const qs: Q[] = [];
  // Each template twice, with the first two people (in a fixed shuffled order) whose gold is non-empty.
  for (const t of KIN_BLIND) {
    let made = 0;
    for (const x of people) {
      if (made === 2) break;
      let nodes = [x];
      for (const r of t.rels) nodes = [...new Set(nodes.flatMap((m) => rel(m, r)))].filter((y) => y !== x);
      if (!nodes.length) continue;
      if (made === 1 && qs[qs.length - 1].question === t.template.replace('{x}', names.get(x)!)) continue;
      qs.push({ set: 'generated family', kind: t.kind, hops: t.hops, question: t.template.replace('{x}', names.get(x)!), gold: new Set(nodes), ...(t.count ? { count: nodes.length } : {}) });
      made++;
    }
  }
  return { store, qs };
}

// ---------------------------------------------------------------- main
if (GOLD_ONLY) console.log('(gold only: the answerer is not run)');
const results: Result[] = [];
const fb = await fbStore();
await run(fb, questions(fb, 'FB15k-237', FB_BLIND), results);
fb.close();
const demo = await demoStore();
await run(demo, questions(demo, 'demo KG', DEMO_BLIND), results);
demo.close();
const kin = await kinStore();
await run(kin.store, kin.qs, results);
kin.store.close();

if (GOLD_ONLY) process.exit(0);
const pct = (a: number, n: number): string => `${((100 * a) / n).toFixed(1)} %`;
const quantile = (xs: number[], q: number): number => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const row = (label: string, rs: Result[]): string =>
  `| ${label} | ${rs.length} | ${rs.filter((r) => r.hit).length}/${rs.length} (${pct(rs.filter((r) => r.hit).length, rs.length)}) | ${rs.filter((r) => r.exact).length}/${rs.length} | ${quantile(rs.map((r) => r.ms), 0.5).toFixed(0)} | ${quantile(rs.map((r) => r.ms), 0.95).toFixed(0)} |`;
const group = (key: (r: Result) => string): Array<[string, Result[]]> => {
  const m = new Map<string, Result[]>();
  for (const r of results) (m.get(key(r)) ?? m.set(key(r), []).get(key(r))!).push(r);
  return [...m].sort((a, b) => a[0].localeCompare(b[0]));
};
const lines = [
  '| set (kind) | questions | Hits@1 | exact set | median ms | p95 ms |',
  '|---|---:|---:|---:|---:|---:|',
  ...group((r) => `${r.q.set} (${r.q.kind})`).map(([k, rs]) => row(k, rs)),
  ...group((r) => `by hops: ${r.q.hops}`).map(([k, rs]) => row(`**${k}**`, rs)),
  row('**all blind**', results),
  '',
  'Misses (question → reading [first answers]; "(set)": right first answer, wrong set):',
  '',
  ...results
    .filter((r) => !r.exact)
    .map((r) =>
      r.hit
        ? `- (set) ${r.q.question} → ${r.got.length} answers, gold ${r.q.count ?? r.q.gold.size}`
        : `- ${r.q.question} → ${(r.reading || r.answer.slice(0, 90)).replace(/\s+/g, ' ')} [${r.got.slice(0, 3).join(', ')}] (gold ${r.q.count ?? r.q.gold.size}${r.q.refuse ? ', refuse' : ''})`,
    )
    .map((l) => l.replace(/\|/g, '\\|')),
];
console.log(lines.join('\n'));
const md = opt('md', '');
if (md) writeFileSync(md, `${lines.join('\n')}\n`);
const json = opt('json', '');
if (json) writeFileSync(json, JSON.stringify(results.map((r) => ({ set: r.q.set, kind: r.q.kind, hops: r.q.hops, question: r.q.question, hit: r.hit, exact: r.exact, ms: Math.round(r.ms), got: r.got.slice(0, 5), gold: [...r.q.gold].slice(0, 5), count: r.q.count, reading: r.reading })), null, 1));
