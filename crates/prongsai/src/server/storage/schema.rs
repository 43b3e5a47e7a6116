//! The tables, written once for both dialects (see `mod.rs` for what each holds). Each entry of
//! [`migrations`] is one schema version, applied in order; each back-end records the last one
//! applied in its own way (SQLite `PRAGMA user_version`, PostgreSQL table `prongsai_schema`).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

const MIGRATIONS: &[&str] = &[
    // 1: responses, bucket tallies, one-time codes.
    "CREATE TABLE responses (
        id TEXT PRIMARY KEY NOT NULL,
        instrument TEXT NOT NULL,
        edition TEXT NOT NULL,
        unit TEXT NOT NULL,
        point TEXT NOT NULL,
        day TEXT NOT NULL,
        locale TEXT NOT NULL,
        answers TEXT NOT NULL,
        scores TEXT NOT NULL
    ) {WITHOUT_ROWID};
    CREATE INDEX responses_by_day ON responses (instrument, edition, day, id);
    CREATE TABLE tallies ({TALLY_COLUMNS}) {WITHOUT_ROWID};
    CREATE TABLE tallies_month ({TALLY_COLUMNS}) {WITHOUT_ROWID};
    CREATE TABLE codes (
        survey TEXT NOT NULL,
        hash TEXT NOT NULL,
        created_day TEXT NOT NULL,
        used_day TEXT,
        PRIMARY KEY (survey, hash)
    ) {WITHOUT_ROWID};",
    // 2: comment moderation (keys and status; the text stays in responses.answers).
    "CREATE TABLE comments (
        id TEXT PRIMARY KEY NOT NULL,
        response_id TEXT NOT NULL,
        code TEXT NOT NULL,
        instrument TEXT NOT NULL,
        edition TEXT NOT NULL,
        unit TEXT NOT NULL,
        point TEXT NOT NULL,
        day TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        flags TEXT NOT NULL DEFAULT '',
        decided_day TEXT
    ) {WITHOUT_ROWID};
    -- The moderation list walks one of these backwards (newest day first) for its filters,
    -- from the index alone (flags included), and only then reads the page's rows; the last
    -- index counts comments per edition and status.
    CREATE INDEX comments_by_day ON comments (day, id, flags);
    CREATE INDEX comments_by_status ON comments (status, day, id, flags);
    CREATE INDEX comments_by_instrument ON comments (instrument, status, day, id, flags);
    CREATE INDEX comments_by_instrument_day ON comments (instrument, day, id, flags);
    CREATE INDEX comments_by_edition ON comments (instrument, edition, status);
    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) {WITHOUT_ROWID};
    INSERT INTO meta (key, value)
        SELECT 'comments_indexed', '0' WHERE EXISTS (SELECT 1 FROM responses);",
    // 3: the hash of each response's body (a resend of an id with another body is a conflict;
    // NULL for responses stored before), and admin sessions shared by every `serve` process:
    // only a hash of the session token, the end of its lifetime and of its idle time (Unix
    // seconds).
    "ALTER TABLE responses ADD COLUMN body_hash TEXT;
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY NOT NULL,
        ends BIGINT NOT NULL,
        idle_until BIGINT NOT NULL
    ) {WITHOUT_ROWID};",
    // 4: the officer's versioned documents (see `documents.rs`), on the responses' connections.
    // Servers before this version created the table themselves, hence IF NOT EXISTS.
    "CREATE TABLE IF NOT EXISTS documents (
        kind TEXT NOT NULL,
        unit TEXT NOT NULL,
        fiscal_year INTEGER NOT NULL,
        version INTEGER NOT NULL,
        saved_day TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (kind, unit, fiscal_year, version)
    )",
    // 5: moderation that masks part of a comment (`published`: the text as published, with the
    // masked parts as █; NULL while nothing is masked) and groups identical comments
    // (`text_key`: a hash of the text's normal form, see `masking.rs`). Comments indexed before
    // get their key once at start-up (`comments_keyed = 0`). `published` ends the index: storing
    // a comment looks up its group's masked text with one index seek (`insert.rs`), however large
    // the group of identical comments ("บริการดี") grows.
    "ALTER TABLE comments ADD COLUMN published TEXT;
    ALTER TABLE comments ADD COLUMN text_key TEXT NOT NULL DEFAULT '';
    CREATE INDEX comments_by_text ON comments (instrument, edition, code, text_key, published);
    INSERT INTO meta (key, value)
        SELECT 'comments_keyed', '0' WHERE EXISTS (SELECT 1 FROM comments);",
    // 6: the service area of the response's service point when it was stored (`[point_areas]`;
    // '' when not mapped, as for every response stored before); bucket tallies written before
    // are counted again once at start-up, for the per-respondent counts they lack
    // (`tallies_recounted = 0`).
    "ALTER TABLE responses ADD COLUMN area TEXT NOT NULL DEFAULT '';
    INSERT INTO meta (key, value)
        SELECT 'tallies_recounted', '0' WHERE EXISTS (SELECT 1 FROM responses);",
    // 7: bucket tallies are stored compact (without the breakdowns that equal their total, see
    // `buckets::stored_text`). No table changes: the version tells an older release, which would
    // read those breakdowns as empty and write them back so, to refuse the database.
    "INSERT INTO meta (key, value) VALUES ('compact_tallies', '1') ON CONFLICT (key) DO NOTHING;",
];

/// The columns of both bucket tables (day and month buckets).
const TALLY_COLUMNS: &str = "
        instrument TEXT NOT NULL,
        edition TEXT NOT NULL,
        unit TEXT NOT NULL,
        point TEXT NOT NULL,
        period TEXT NOT NULL,
        n BIGINT NOT NULL,
        tally TEXT NOT NULL,
        PRIMARY KEY (instrument, edition, unit, point, period)
    ";

/// The schema versions in the dialect's words.
pub fn migrations(dialect: Dialect) -> Vec<String> {
    let without_rowid = match dialect {
        // Keyed by the random id, so not even the arrival order is recorded.
        Dialect::Sqlite => "WITHOUT ROWID",
        Dialect::Postgres => "",
    };
    MIGRATIONS
        .iter()
        .map(|m| {
            m.replace("{TALLY_COLUMNS}", TALLY_COLUMNS)
                .replace("{WITHOUT_ROWID}", without_rowid)
        })
        .collect()
}
