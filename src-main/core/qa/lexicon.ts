/**
 * The words of relations and questions, brought to one form so that a question's "directed", "director" and a
 * KG's `/film/film/directed_by` meet: a light stemmer, everyday synonyms, and readable forms of predicate keys
 * (plain keys, IRIs' local names in camelCase, Freebase-style property paths with their CVT hops).
 */
import { displayName, isIri } from '../store/names.js';

/** Words that carry no relation meaning in a question. */
const STOP = new Set(
  ('a an the of in on at to for by with from and or is are was were be been being do does did what which who whom whose where when why how ' +
    "that this these those it its his her him he she they them their there here as into about me my i you your we our has have had s not no any some " +
    'tell give show find list name names kind sort please can could would should will also all both each every one ones whom whose did done ' +
    'than then many much number count x y z thing things entity entities something someone anyone ever currently know let get').split(' '),
);

/** Everyday synonyms and morphology: every word on the right reads as the word on the left. */
const SYNONYMS: Record<string, string[]> = {
  direct: ['direct', 'directs', 'directed', 'director', 'directors', 'directing', 'direction', 'directorial'],
  born: ['born', 'birth', 'births', 'native', 'natal'],
  nation: ['nationality', 'nationalities', 'national', 'citizen', 'citizens', 'citizenship', 'nation'],
  found: ['found', 'founds', 'founded', 'founder', 'founders', 'founding', 'cofounded', 'cofounder', 'established', 'establish', 'start', 'started'],
  act: ['play', 'plays', 'played', 'playing', 'star', 'stars', 'starred', 'starring', 'act', 'acts', 'acted', 'actor', 'actors', 'actress', 'actresses', 'acting', 'appear', 'appears', 'appeared', 'appearance', 'cast', 'performance', 'performances', 'perform', 'performed', 'performer'],
  write: ['write', 'writes', 'wrote', 'written', 'writer', 'writers', 'writing', 'author', 'authored', 'authors', 'screenwriter', 'penned'],
  produce: ['produce', 'produces', 'produced', 'producer', 'producers', 'producing', 'production'],
  own: ['own', 'owns', 'owned', 'owner', 'owners', 'ownership', 'owning', 'hold', 'holds', 'held', 'holder'],
  control: ['control', 'controls', 'controlled', 'controlling', 'controller', 'subsidiary', 'subsidiaries'],
  treat: ['treat', 'treats', 'treated', 'treatment', 'treatments', 'treating', 'cure', 'cures', 'cured', 'therapy', 'medication'],
  present: ['present', 'presents', 'presented', 'presenting', 'presentation', 'show', 'shows', 'symptom', 'symptoms', 'manifest', 'manifests'],
  relieve: ['relieve', 'relieves', 'relieved', 'relief', 'relieving', 'ease', 'eases', 'alleviate', 'alleviates'],
  live: ['live', 'lives', 'lived', 'living', 'reside', 'resides', 'resided', 'residence', 'resident', 'home', 'grow', 'grew', 'raised'],
  player: ['player', 'players'],
  adjoin: ['adjoin', 'adjoins', 'adjoining', 'border', 'borders', 'bordering', 'bordered', 'neighbour', 'neighbours', 'neighbor', 'neighbors', 'neighbouring', 'neighboring', 'adjacent'],
  death: ['die', 'dies', 'died', 'death', 'dead', 'deceased'],
  spouse: ['spouse', 'spouses', 'married', 'marry', 'marries', 'marriage', 'partner', 'partners'],
  wife: ['wife', 'wives'],
  father: ['father', 'fathers', 'dad', 'dads', 'daddy', 'papa', 'pa'],
  mother: ['mother', 'mothers', 'mom', 'moms', 'mum', 'mums', 'mommy', 'mummy', 'mama', 'ma'],
  brother: ['brother', 'brothers', 'bro'],
  sister: ['sister', 'sisters', 'sis'],
  daughter: ['daughter', 'daughters'],
  grandfather: ['grandfather', 'grandfathers', 'grandpa', 'grandpas', 'granddad'],
  grandmother: ['grandmother', 'grandmothers', 'grandma', 'grandmas', 'granny', 'gran'],
  husband: ['husband', 'husbands'],
  man: ['man', 'men'],
  woman: ['woman', 'women'],
  child: ['child', 'children', 'kid', 'kids', 'offspring'],
  grandchild: ['grandchild', 'grandchildren', 'grandkid', 'grandkids'],
  parent: ['parent', 'parents'],
  grandparent: ['grandparent', 'grandparents'],
  sibling: ['sibling', 'siblings'],
  headquart: ['headquarters', 'headquartered', 'headquarter', 'hq', 'based'],
  locat: ['located', 'location', 'locations', 'locate', 'situated', 'lies', 'lie', 'shot', 'shoot', 'filmed'],
  contain: ['contain', 'contains', 'contained', 'containing', 'include', 'includes', 'included'],
  language: ['language', 'languages', 'speak', 'speaks', 'spoke', 'spoken', 'tongue'],
  music: ['music', 'composer', 'composed', 'compose', 'composers', 'score', 'scored', 'soundtrack'],
  ceo: ['ceo', 'ceos', 'chief', 'executive', 'executives', 'run', 'runs', 'ran', 'running', 'heads', 'headed', 'led', 'leads', 'manage', 'manages', 'managed', 'boss', 'bosses'],
  employ: ['employ', 'employs', 'employed', 'employer', 'employers', 'employee', 'employees', 'employment'],
  work: ['work', 'works', 'worked', 'working', 'colleague', 'colleagues', 'collaborate', 'collaborated', 'collaborator'],
  profession: ['profession', 'professions', 'occupation', 'occupations', 'job', 'jobs', 'career', 'trade'],
  religion: ['religion', 'religions', 'religious', 'faith'],
  gender: ['gender', 'sex'],
  film: ['film', 'films', 'movie', 'movies', 'motion'],
  company: ['company', 'companies', 'firm', 'firms', 'business', 'businesses', 'corporation', 'corporations'],
  organization: ['organization', 'organizations', 'organisation', 'organisations', 'organizational'],
  country: ['country', 'countries'],
  city: ['city', 'cities', 'town', 'towns', 'citytown'],
  person: ['person', 'persons', 'people', 'human', 'humans', 'individual'],
  award: ['award', 'awards', 'awarded', 'prize', 'prizes', 'honor', 'honour', 'won', 'win', 'wins'],
  genre: ['genre', 'genres', 'style', 'styles'],
  ultimate: ['ultimate', 'ultimately', 'final', 'finally'],
  disease: ['disease', 'diseases', 'illness', 'illnesses', 'condition', 'conditions', 'disorder', 'disorders'],
  drug: ['drug', 'drugs', 'medicine', 'medicines', 'compound', 'compounds'],
  cause: ['cause', 'causes', 'caused', 'causing'],
  member: ['member', 'members', 'membership'],
  study: ['study', 'studied', 'studies', 'education', 'educated', 'school', 'alma', 'graduate', 'graduated', 'attended', 'student', 'students', 'university', 'universities', 'college', 'colleges'],
  influence: ['influence', 'influences', 'influenced', 'influencing', 'influential', 'inspire', 'inspired', 'inspiration'],
  origin: ['origin', 'origins', 'originate', 'originated', 'originates', 'come', 'comes', 'came', 'hail', 'hails', 'hailed'],
  time: ['time', 'timezone', 'timezones', 'zone', 'zones'],
};

const SYNONYM_OF = new Map<string, string>();
for (const [canon, forms] of Object.entries(SYNONYMS)) for (const f of forms) SYNONYM_OF.set(f, canon);

/** A light English stemmer: plurals, -ing, -ed, -er (enough for relation words the synonym table misses). */
export function stemWord(word: string): string {
  let w = word.toLowerCase();
  const syn = SYNONYM_OF.get(w);
  if (syn) return syn;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(ch|sh|ss|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (SYNONYM_OF.has(w)) return SYNONYM_OF.get(w)!;
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 5 && w.endsWith('er')) w = w.slice(0, -2);
  return SYNONYM_OF.get(w) ?? w;
}

/** Lower-case words of a text: `_`, `/`, `.`, `-`, `#` and camelCase split words; accents folded. */
export function splitWords(text: string): string[] {
  return (
    fold(text)
      .replace(/['’]s\b/g, '')
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Accents removed (NFD, combining marks dropped). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '');
}

export function isStop(word: string): boolean {
  return STOP.has(word.toLowerCase());
}

/** Compound words read as their parts. */
const COMPOUNDS: Record<string, string[]> = {
  birthplace: ['birth', 'place'],
  birthdate: ['birth', 'date'],
  birthday: ['birth', 'date'],
  deathplace: ['death', 'place'],
  hometown: ['home', 'town'],
  homeland: ['home', 'country'],
};

/** The content stems of a text (stopwords dropped). */
export function contentWords(text: string): string[] {
  return splitWords(text)
    .flatMap((w) => COMPOUNDS[w] ?? COMPOUNDS[w.replace(/s$/, '')] ?? [w])
    .filter((w) => !STOP.has(w))
    .map(stemWord);
}

export interface RelationWords {
  /** Readable form: "place of birth", "directed by", "film (performance)". */
  readable: string;
  /** Stems of what the relation says (weight 1). */
  main: string[];
  /** Stems of the subject's kind and intermediate record types (Freebase domains, CVTs; weight below 1). */
  domain: string[];
  /** Domain words that name an agent ("director", "actor", "founder"): they say what the relation is about (weight 1). */
  agent: string[];
  /** `x_by`: the object is the agent ("directed by"). */
  passive: boolean;
  /** Starts with a verb whose subject is the triple's subject ("owns", "treats", "founded", "born in"). */
  verb: boolean;
}

const VERB_FIRST = new Set(
  ('own owns owned treat treats treated present presents presented found founds founded relieve relieves control controls controlled contain contains ' +
    'employ employs work works worked play plays played star stars starred write writes wrote direct directs directed produce produces produced cause causes ' +
    'born locate located headquartered based marry married live lives lived die died influence influences influenced study studied attend attended ' +
    'compose composed win won receive received speak speaks member belong belongs resemble resembles adjoin adjoins border borders invent invented ' +
    'discover discovered develop developed publish published acquire acquired manufacture manufactures registered register share shares shared').split(' '),
);

/** The readable form and word sets of a predicate, from its key and label. */
export function relationWords(key: string, label: string | null): RelationWords {
  let mainText: string;
  let domainText = '';
  let readable: string;
  if (/^\/[a-z_]+\/[a-z_]+\//.test(key)) {
    // Freebase property path: /domain/type/property[./cvt_domain/cvt_type/property]
    const segments = key.split('./').map((s) => s.replace(/^\//, '').split('/'));
    const first = segments[0];
    const last = segments[segments.length - 1];
    const prop = (s: string): string => s.replace(/_s$/, '').replace(/_/g, ' ');
    const tail = prop(last[last.length - 1]);
    const head = prop(first[first.length - 1]);
    mainText = segments.length > 1 && head !== tail ? `${tail} ${head}` : tail;
    domainText = [first.slice(0, -1).join(' '), ...segments.slice(1).map((s) => s.slice(0, -1).join(' '))].join(' ').replace(/_/g, ' ');
    readable = segments.length > 1 && head !== tail ? `${tail} (${head})` : tail;
  } else {
    const local = isIri(key) ? displayName(key) : key;
    mainText = local.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_\-.]+/g, ' ');
    readable = mainText.toLowerCase();
  }
  // A label adds what it says beyond the key ("place of birth" for P19); one that only spells the key out adds nothing.
  if (label && label !== key) {
    const known = new Set(contentWords(`${key} ${mainText} ${domainText}`));
    const extra = splitWords(label).filter((w) => !isStop(w) && !known.has(stemWord(w)));
    if (extra.length) mainText += ` ${extra.join(' ')}`;
  }
  // A key that is an id (P19) reads as its label.
  if (label && /^[a-z]?\d+$/i.test(readable.trim())) readable = label.replace(/_/g, ' ').toLowerCase();
  const rawFirst = splitWords(readable)[0] ?? '';
  // Ids in keys (Wikidata's P19, numbered relations) are not words.
  const main = [...new Set(contentWords(mainText))].filter((w) => !/^[a-z]?\d+$/.test(w));
  const domainWords = [...new Set(contentWords(domainText))].filter((w) => !main.includes(w));
  const agent = [...new Set(splitWords(domainText).filter((w) => /(or|er|ist|ant)$/.test(w) && !isStop(w)).map(stemWord))];
  return {
    readable,
    main,
    domain: domainWords,
    agent,
    passive: /(^|[\s_])by$/.test(readable.trim()),
    verb: VERB_FIRST.has(rawFirst),
  };
}

/** Question words that name the agent of a relation's verb ("founders", "director", "owner", "writer"). */
export function isAgentNoun(word: string): boolean {
  const w = word.toLowerCase();
  const canon = SYNONYM_OF.get(w);
  return canon !== undefined && canon !== w && /(er|or|ers|ors|ist|ists|ess|esses)$/.test(w) && !/^(other|others|headquarters|headquarter)$/.test(w);
}

/** Levenshtein distance, bounded: returns max + 1 as soon as the distance must exceed `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}
