/**
 * The KG file's schema, as an ordered list of migrations. `PRAGMA user_version` holds how many have run;
 * a file written by a newer Relata (user_version beyond this list) is refused rather than misread.
 *
 * Object encoding: `triples.o > 0` is an entity id, `triples.o < 0` is `-(literals.id)`. One integer column keeps
 * (s, p, o) unique with a plain UNIQUE index, which also makes duplicate triples impossible to store twice.
 */
export const MIGRATIONS: readonly string[] = [
  /* 1: the graph, provenance, full-text search, sessions and the change log */ `
  CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    label TEXT,
    type TEXT,
    props TEXT
  );
  CREATE INDEX entities_type ON entities(type);
  CREATE TABLE aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias)
  ) WITHOUT ROWID;
  CREATE TABLE predicates (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    label TEXT,
    inverse_of INTEGER REFERENCES predicates(id),
    symmetric INTEGER NOT NULL DEFAULT 0,
    transitive INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE literals (
    id INTEGER PRIMARY KEY,
    value TEXT NOT NULL,
    datatype TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT '',
    UNIQUE (value, datatype, lang)
  );
  CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('file', 'user', 'rule', 'model')),
    name TEXT NOT NULL,
    detail TEXT,
    created_at TEXT NOT NULL
  );
  CREATE TABLE triples (
    id INTEGER PRIMARY KEY,
    s INTEGER NOT NULL,
    p INTEGER NOT NULL,
    o INTEGER NOT NULL,
    confidence REAL NOT NULL DEFAULT 1,
    split TEXT CHECK (split IN ('train', 'valid', 'test')),
    derived INTEGER NOT NULL DEFAULT 0,
    source_id INTEGER REFERENCES sources(id),
    source_line INTEGER,
    props TEXT
  );
  CREATE UNIQUE INDEX triples_spo ON triples(s, p, o);
  CREATE INDEX triples_pos ON triples(p, o, s);
  CREATE INDEX triples_osp ON triples(o, s, p);
  CREATE VIRTUAL TABLE entity_fts USING fts5(label, aliases, key UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
  CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE session_steps (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    input TEXT,
    output TEXT,
    started_at TEXT NOT NULL,
    duration_ms REAL
  );
  CREATE TABLE change_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    forward TEXT NOT NULL,
    backward TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE kg_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  /* 2: human feedback on answers, derived relations and predictions */ `
  CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
    step_id INTEGER REFERENCES session_steps(id) ON DELETE SET NULL,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('answer', 'derived', 'prediction', 'ranking')),
    target TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (-1, 0, 1)),
    correction TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX feedback_step ON feedback(step_id);
  `,
  /* 3: node positions of the graph view, saved with the KG */ `
  CREATE TABLE positions (
    entity_id INTEGER PRIMARY KEY REFERENCES entities(id) ON DELETE CASCADE,
    x REAL NOT NULL,
    y REAL NOT NULL
  );
  `,
  /* 4: trained embedding models (params: float32 entity rows then relation rows) and rejected predictions */ `
  CREATE TABLE models (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    settings TEXT NOT NULL,
    metrics TEXT,
    curve TEXT,
    entities TEXT NOT NULL,
    relations TEXT NOT NULL,
    params BLOB NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE model_negatives (
    id INTEGER PRIMARY KEY,
    s INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    p INTEGER NOT NULL REFERENCES predicates(id) ON DELETE CASCADE,
    o INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    score REAL,
    created_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX model_negatives_spo ON model_negatives(s, p, o);
  `,
  /* 5: hidden-layer node embeddings of the last GNN classification per (model, target): float32 rows in entity order */ `
  CREATE TABLE gnn_embeddings (
    name TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    target TEXT NOT NULL,
    dim INTEGER NOT NULL,
    entities TEXT NOT NULL,
    vectors BLOB NOT NULL,
    test_accuracy REAL,
    created_at TEXT NOT NULL
  );
  `,
  /* 6: rule sets accepted from learned rules (usable by name wherever a rule pack is), and rules a reviewer rejected */ `
  CREATE TABLE rule_set_rules (
    id INTEGER PRIMARY KEY,
    rule_set TEXT NOT NULL,
    rule TEXT NOT NULL,
    head TEXT NOT NULL,
    stats TEXT,
    accepted_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX rule_set_rules_rule ON rule_set_rules(rule_set, rule);
  CREATE TABLE rejected_rules (
    id INTEGER PRIMARY KEY,
    rule TEXT NOT NULL UNIQUE,
    head TEXT NOT NULL,
    stats TEXT,
    rejected_at TEXT NOT NULL
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
