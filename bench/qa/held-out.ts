/**
 * The held-out question set: questions written by hand, in plain English, before the answerer was run on any of them
 * (and left as written whatever it answered). Each carries a gold specification over the data — a walk of stored
 * relations from a named entity, an intersection of walks, a count, or a superlative — so the gold answers are
 * computed from the dataset's own triples (or the generated family tree), never from the answerer.
 */

/** A walk of relations from an entity key: 'f' subject → object, 'b' object → subject, 'fb' either (a symmetric relation stored once). */
export interface Walk {
  from: string;
  path: Array<[string, 'f' | 'b' | 'fb']>;
}

export type Gold =
  | { walk: Walk }
  | { and: Walk[] }
  | { count: Walk | { and: Walk[] } }
  /** The entities (of a type, where given) with the most `pred` links in direction `dir`; ties all count as gold. */
  | { most: { pred: string; dir: 'f' | 'b'; type?: string } };

export interface HeldOutQuestion {
  question: string;
  hops: number;
  /** What the question tests: lookup, chain, and (intersection), count, most (superlative), type, causes. */
  kind: string;
  gold: Gold;
}

const DIR = '/film/director/film';
const ACT = '/film/actor/film./film/performance/film';
const BORN = '/people/person/place_of_birth';
const FOUNDED = '/organization/organization_founder/organizations_founded';
const GENRE = '/film/film/genre';
const SPOUSE = '/people/person/spouse_s./people/marriage/spouse';
const NAT = '/people/person/nationality';
const PROF = '/people/person/profession';
const WROTE = '/film/film/written_by';
const DIED = '/people/deceased_person/place_of_death';
const HQ = '/organization/organization/headquarters./location/mailing_address/citytown';
const LIVED = '/people/person/places_lived./people/place_lived/location';
const RELIGION = '/people/person/religion';
const INFLUENCED_BY = '/influence/influence_node/influenced_by';
const STUDENT = '/education/educational_institution/students_graduates./education/education/student';

const NOLAN = '/m/0184dt';
const HANKS = '/m/0bxtg';
const SPIELBERG = '/m/06pj8';
const ZEMECKIS = '/m/01f7j9';
const OBAMA = '/m/02mjmr';
const EINSTEIN = '/m/0jcx';
const INCEPTION = '/m/0661ql3';
const TITANIC = '/m/0dr_4';
const GOOGLE = '/m/045c7b';
const STREEP = '/m/0h0wc';
const TARANTINO = '/m/0693l';
const DICAPRIO = '/m/0dvmd';
const SCORSESE = '/m/04sry';
const PARIS = '/m/05qtj';
const HARVARD = '/m/03ksy';
const RIDLEY = '/m/06chf';
const FORREST = '/m/0bdjd';

const w = (from: string, ...path: Array<[string, 'f' | 'b' | 'fb']>): Walk => ({ from, path });

/** FB15k-237: films, people, companies (entity keys are Freebase MIDs; names from entity_names.tsv). */
export const FB_HELD_OUT: HeldOutQuestion[] = [
  { question: 'Which films did Christopher Nolan direct?', hops: 1, kind: 'lookup', gold: { walk: w(NOLAN, [DIR, 'f']) } },
  { question: 'Who directed Inception?', hops: 1, kind: 'lookup', gold: { walk: w(INCEPTION, [DIR, 'b']) } },
  { question: 'Who was the director of Titanic?', hops: 1, kind: 'lookup', gold: { walk: w(TITANIC, [DIR, 'b']) } },
  { question: 'Where was Barack Obama born?', hops: 1, kind: 'lookup', gold: { walk: w(OBAMA, [BORN, 'f']) } },
  { question: 'What nationality was Albert Einstein?', hops: 1, kind: 'lookup', gold: { walk: w(EINSTEIN, [NAT, 'f']) } },
  { question: 'What religion did Albert Einstein follow?', hops: 1, kind: 'lookup', gold: { walk: w(EINSTEIN, [RELIGION, 'f']) } },
  { question: 'Who influenced Albert Einstein?', hops: 1, kind: 'lookup', gold: { walk: w(EINSTEIN, [INFLUENCED_BY, 'f']) } },
  { question: 'What are the professions of Meryl Streep?', hops: 1, kind: 'lookup', gold: { walk: w(STREEP, [PROF, 'f']) } },
  { question: 'Where has Barack Obama lived?', hops: 1, kind: 'lookup', gold: { walk: w(OBAMA, [LIVED, 'f']) } },
  { question: 'In which city is Google headquartered?', hops: 1, kind: 'lookup', gold: { walk: w(GOOGLE, [HQ, 'f']) } },
  { question: 'Which movies did Ridley Scott direct?', hops: 1, kind: 'lookup', gold: { walk: w(RIDLEY, [DIR, 'f']) } },
  { question: 'What films has Leonardo DiCaprio acted in?', hops: 1, kind: 'lookup', gold: { walk: w(DICAPRIO, [ACT, 'f']) } },
  { question: 'Who studied at Harvard University?', hops: 1, kind: 'lookup', gold: { walk: w(HARVARD, [STUDENT, 'f']) } },
  { question: 'Which actors appeared in Forrest Gump?', hops: 1, kind: 'lookup', gold: { walk: w(FORREST, [ACT, 'b']) } },
  { question: 'Which people were born in Paris?', hops: 1, kind: 'type', gold: { walk: w(PARIS, [BORN, 'b']) } },
  { question: 'Who directed the films that Tom Hanks starred in?', hops: 2, kind: 'chain', gold: { walk: w(HANKS, [ACT, 'f'], [DIR, 'b']) } },
  { question: 'Which actors starred in films directed by Martin Scorsese?', hops: 2, kind: 'chain', gold: { walk: w(SCORSESE, [DIR, 'f'], [ACT, 'b']) } },
  { question: 'What genres are the films directed by Christopher Nolan?', hops: 2, kind: 'chain', gold: { walk: w(NOLAN, [DIR, 'f'], [GENRE, 'f']) } },
  { question: 'Who wrote the films that Christopher Nolan directed?', hops: 2, kind: 'chain', gold: { walk: w(NOLAN, [DIR, 'f'], [WROTE, 'f']) } },
  { question: 'Where was the director of Titanic born?', hops: 2, kind: 'chain', gold: { walk: w(TITANIC, [DIR, 'b'], [BORN, 'f']) } },
  { question: 'What is the nationality of the director of Inception?', hops: 2, kind: 'chain', gold: { walk: w(INCEPTION, [DIR, 'b'], [NAT, 'f']) } },
  { question: 'Who directed the films Meryl Streep acted in?', hops: 2, kind: 'chain', gold: { walk: w(STREEP, [ACT, 'f'], [DIR, 'b']) } },
  { question: 'Where did the people who influenced Albert Einstein die?', hops: 2, kind: 'chain', gold: { walk: w(EINSTEIN, [INFLUENCED_BY, 'f'], [DIED, 'f']) } },
  { question: 'Which films did Steven Spielberg direct that Tom Hanks starred in?', hops: 2, kind: 'and', gold: { and: [w(SPIELBERG, [DIR, 'f']), w(HANKS, [ACT, 'f'])] } },
  { question: 'Which films starring Tom Hanks were directed by Robert Zemeckis?', hops: 2, kind: 'and', gold: { and: [w(ZEMECKIS, [DIR, 'f']), w(HANKS, [ACT, 'f'])] } },
  { question: 'Which actors starred in both Titanic and Inception?', hops: 2, kind: 'and', gold: { and: [w(TITANIC, [ACT, 'b']), w(INCEPTION, [ACT, 'b'])] } },
  { question: 'How many films did Quentin Tarantino direct?', hops: 1, kind: 'count', gold: { count: w(TARANTINO, [DIR, 'f']) } },
  { question: 'How many films has Tom Hanks starred in?', hops: 1, kind: 'count', gold: { count: w(HANKS, [ACT, 'f']) } },
  { question: 'How many people were born in Paris?', hops: 1, kind: 'count', gold: { count: w(PARIS, [BORN, 'b']) } },
  { question: 'Which director directed the most films?', hops: 1, kind: 'most', gold: { most: { pred: DIR, dir: 'f' } } },
  { question: 'Who is the spouse of the director of Titanic?', hops: 2, kind: 'chain', gold: { walk: w(TITANIC, [DIR, 'b'], [SPOUSE, 'f']) } },
];

const TREATS = 'treats';
const PALLIATES = 'palliates';
const PRESENTS = 'presents';
const RESEMBLES = 'resembles';
const FEVER = 'Symptom::MESH:D005334';
const COUGH = 'Symptom::MESH:D003371';
const HEADACHE = 'Symptom::MESH:D006261';
const NAUSEA = 'Symptom::MESH:D009325';
const FATIGUE = 'Symptom::MESH:D005221';
const DYSPNEA = 'Symptom::MESH:D004417';
const ASTHMA = 'Disease::DOID:2841';
const PSORIASIS = 'Disease::DOID:8893';
const HYPERTENSION = 'Disease::DOID:10763';
const MIGRAINE = 'Disease::DOID:6364';
const T2D = 'Disease::DOID:9352';
const RA = 'Disease::DOID:7148';
const MS = 'Disease::DOID:2377';
const PARKINSON = 'Disease::DOID:14330';
const METFORMIN = 'Compound::DB00331';
const PREDNISONE = 'Compound::DB00635';
const IBUPROFEN = 'Compound::DB01050';
const ACETAMINOPHEN = 'Compound::DB00316';
const LISINOPRIL = 'Compound::DB00722';

/** biomed-mini: drugs, diseases, symptoms (typed entities: Compound, Disease, Symptom). */
export const BIOMED_HELD_OUT: HeldOutQuestion[] = [
  { question: 'What does Metformin treat?', hops: 1, kind: 'lookup', gold: { walk: w(METFORMIN, [TREATS, 'f']) } },
  { question: 'Which drugs treat hypertension?', hops: 1, kind: 'lookup', gold: { walk: w(HYPERTENSION, [TREATS, 'b']) } },
  { question: 'Which compounds palliate migraine?', hops: 1, kind: 'type', gold: { walk: w(MIGRAINE, [PALLIATES, 'b']) } },
  { question: 'What symptoms does asthma present?', hops: 1, kind: 'lookup', gold: { walk: w(ASTHMA, [PRESENTS, 'f']) } },
  { question: 'Which diseases present fever?', hops: 1, kind: 'lookup', gold: { walk: w(FEVER, [PRESENTS, 'b']) } },
  { question: 'What does Ibuprofen palliate?', hops: 1, kind: 'lookup', gold: { walk: w(IBUPROFEN, [PALLIATES, 'f']) } },
  { question: 'Which diseases does Acetaminophen palliate?', hops: 1, kind: 'lookup', gold: { walk: w(ACETAMINOPHEN, [PALLIATES, 'f']) } },
  { question: 'Which diseases resemble asthma?', hops: 1, kind: 'lookup', gold: { walk: w(ASTHMA, [RESEMBLES, 'fb']) } },
  { question: 'Which compounds treat rheumatoid arthritis?', hops: 1, kind: 'type', gold: { walk: w(RA, [TREATS, 'b']) } },
  { question: 'What is Lisinopril used to treat?', hops: 1, kind: 'lookup', gold: { walk: w(LISINOPRIL, [TREATS, 'f']) } },
  { question: 'Which diseases present fever and cough?', hops: 1, kind: 'and', gold: { and: [w(FEVER, [PRESENTS, 'b']), w(COUGH, [PRESENTS, 'b'])] } },
  { question: 'Which diseases present both headache and nausea?', hops: 1, kind: 'and', gold: { and: [w(HEADACHE, [PRESENTS, 'b']), w(NAUSEA, [PRESENTS, 'b'])] } },
  { question: 'Which symptoms do asthma and psoriasis both present?', hops: 1, kind: 'and', gold: { and: [w(ASTHMA, [PRESENTS, 'f']), w(PSORIASIS, [PRESENTS, 'f'])] } },
  { question: 'Which drugs treat hypertension and also treat type 2 diabetes mellitus?', hops: 1, kind: 'and', gold: { and: [w(HYPERTENSION, [TREATS, 'b']), w(T2D, [TREATS, 'b'])] } },
  { question: 'Which diseases that present cough does Prednisone treat?', hops: 1, kind: 'and', gold: { and: [w(COUGH, [PRESENTS, 'b']), w(PREDNISONE, [TREATS, 'f'])] } },
  { question: 'How many symptoms does asthma present?', hops: 1, kind: 'count', gold: { count: w(ASTHMA, [PRESENTS, 'f']) } },
  { question: 'How many drugs treat hypertension?', hops: 1, kind: 'count', gold: { count: w(HYPERTENSION, [TREATS, 'b']) } },
  { question: 'How many diseases present fatigue?', hops: 1, kind: 'count', gold: { count: w(FATIGUE, [PRESENTS, 'b']) } },
  { question: 'Which disease presents the most symptoms?', hops: 1, kind: 'most', gold: { most: { pred: PRESENTS, dir: 'f', type: 'Disease' } } },
  { question: 'Which drug treats the most diseases?', hops: 1, kind: 'most', gold: { most: { pred: TREATS, dir: 'f', type: 'Compound' } } },
  { question: 'Which drugs treat the diseases that present fever?', hops: 2, kind: 'chain', gold: { walk: w(FEVER, [PRESENTS, 'b'], [TREATS, 'b']) } },
  { question: 'What symptoms do the diseases treated by Prednisone present?', hops: 2, kind: 'chain', gold: { walk: w(PREDNISONE, [TREATS, 'f'], [PRESENTS, 'f']) } },
  { question: 'Which drugs treat diseases that resemble multiple sclerosis?', hops: 2, kind: 'chain', gold: { walk: w(MS, [RESEMBLES, 'fb'], [TREATS, 'b']) } },
  { question: "What symptoms do the diseases that resemble Parkinson's disease present?", hops: 2, kind: 'chain', gold: { walk: w(PARKINSON, [RESEMBLES, 'fb'], [PRESENTS, 'f']) } },
  { question: 'What could cause fever and cough?', hops: 1, kind: 'causes', gold: { and: [w(FEVER, [PRESENTS, 'b']), w(COUGH, [PRESENTS, 'b'])] } },
  { question: 'What could cause dyspnea, cough and fatigue?', hops: 1, kind: 'causes', gold: { and: [w(DYSPNEA, [PRESENTS, 'b']), w(COUGH, [PRESENTS, 'b']), w(FATIGUE, [PRESENTS, 'b'])] } },
];

/** Kinship over a generated family: templates with {x} (and {y}, x's spouse), filled with the first person whose gold is non-empty. */
export interface KinQuestion {
  template: string;
  hops: number;
  kind: string;
  /** Relations walked from x (one or two), or ['most', rel] (who has the most), or ['together', rel] (rel of x ∩ rel of y). */
  rels: string[];
  count?: boolean;
  /** x must be a woman ("Whose mother is {x}?"). */
  female?: boolean;
}

export const KIN_HELD_OUT: KinQuestion[] = [
  { template: "Who is {x}'s mother?", hops: 1, kind: 'lookup', rels: ['mother'] },
  { template: 'Who is the father of {x}?', hops: 1, kind: 'lookup', rels: ['father'] },
  { template: 'Name the brothers of {x}.', hops: 1, kind: 'lookup', rels: ['brother'] },
  { template: "Who are {x}'s grandparents?", hops: 1, kind: 'lookup', rels: ['grandparent'] },
  { template: 'Who is {x} married to?', hops: 1, kind: 'lookup', rels: ['spouse'] },
  { template: "Who are {x}'s cousins?", hops: 1, kind: 'lookup', rels: ['cousin'] },
  { template: 'Who are the nieces of {x}?', hops: 1, kind: 'lookup', rels: ['niece'] },
  { template: 'List the grandsons of {x}.', hops: 1, kind: 'lookup', rels: ['grandson'] },
  { template: "Who is {x}'s aunt?", hops: 1, kind: 'lookup', rels: ['aunt'] },
  { template: 'Who are the uncles of {x}?', hops: 1, kind: 'lookup', rels: ['uncle'] },
  { template: 'Who are the daughters of {x}?', hops: 1, kind: 'lookup', rels: ['daughter'] },
  { template: "Who are {x}'s siblings?", hops: 1, kind: 'lookup', rels: ['sibling'] },
  { template: 'Whose mother is {x}?', hops: 1, kind: 'lookup', rels: ['child'], female: true },
  { template: 'How many children does {x} have?', hops: 1, kind: 'count', rels: ['child'], count: true },
  { template: 'How many grandchildren does {x} have?', hops: 1, kind: 'count', rels: ['grandchild'], count: true },
  { template: "Who are the children of {x}'s sister?", hops: 2, kind: 'chain', rels: ['sister', 'child'] },
  { template: "Who is the wife of {x}'s son?", hops: 2, kind: 'chain', rels: ['son', 'wife'] },
  { template: "Who is the husband of {x}'s daughter?", hops: 2, kind: 'chain', rels: ['daughter', 'husband'] },
  { template: "Who are the sons of {x}'s brothers?", hops: 2, kind: 'chain', rels: ['brother', 'son'] },
  { template: "Who are the parents of {x}'s mother?", hops: 2, kind: 'chain', rels: ['mother', 'parent'] },
  { template: 'Which children do {x} and {y} have together?', hops: 1, kind: 'and', rels: ['together', 'child'] },
  { template: 'Who has the most grandchildren?', hops: 1, kind: 'most', rels: ['most', 'grandchild'] },
];
