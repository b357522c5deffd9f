-- contact-sync's tables: every name starts with contact_sync_; TEXT, BIGINT and INTEGER only (SQLite and PostgreSQL).

-- App passwords: one per device. Only the SHA-256 of the random 32-byte secret is kept.
CREATE TABLE contact_sync_app_passwords (
    id           TEXT   NOT NULL PRIMARY KEY,
    user_id      TEXT   NOT NULL,
    label        TEXT   NOT NULL,
    secret_hash  TEXT   NOT NULL,
    created_ts   BIGINT NOT NULL,
    last_used_ts BIGINT
);
CREATE UNIQUE INDEX contact_sync_app_passwords_hash ON contact_sync_app_passwords (secret_hash);
CREATE INDEX contact_sync_app_passwords_user ON contact_sync_app_passwords (user_id);

-- Address books: (owner, slug) is the path /dav/addressbooks/<owner localpart>/<slug>/. sync_seq is the book's
-- latest change number: the ctag and the sync token.
CREATE TABLE contact_sync_books (
    id          TEXT   NOT NULL PRIMARY KEY,
    owner       TEXT   NOT NULL,
    slug        TEXT   NOT NULL,
    displayname TEXT   NOT NULL,
    description TEXT,
    sync_seq    BIGINT NOT NULL,
    created_ts  BIGINT NOT NULL
);
CREATE UNIQUE INDEX contact_sync_books_path ON contact_sync_books (owner, slug);

-- vCards, as the client sent them.
CREATE TABLE contact_sync_cards (
    book_id    TEXT   NOT NULL,
    name       TEXT   NOT NULL,
    uid        TEXT   NOT NULL,
    etag       TEXT   NOT NULL,
    data       TEXT   NOT NULL,
    updated_ts BIGINT NOT NULL,
    PRIMARY KEY (book_id, name)
);
CREATE INDEX contact_sync_cards_uid ON contact_sync_cards (book_id, uid);

-- The change log behind sync-collection (RFC 6578): one row per card change, numbered in the book.
CREATE TABLE contact_sync_changes (
    book_id TEXT    NOT NULL,
    seq     BIGINT  NOT NULL,
    name    TEXT    NOT NULL,
    deleted INTEGER NOT NULL,
    PRIMARY KEY (book_id, seq)
);

-- Shares: access is 'read' or 'read-write'.
CREATE TABLE contact_sync_shares (
    book_id TEXT NOT NULL,
    sharee  TEXT NOT NULL,
    access  TEXT NOT NULL,
    PRIMARY KEY (book_id, sharee)
);
CREATE INDEX contact_sync_shares_sharee ON contact_sync_shares (sharee);
