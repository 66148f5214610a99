-- The twin of postgresql/V2__cloud_credentials.sql (type mapping: see V1__schema.sql).
-- Users' cloud credentials per site, sealed (encrypted and authenticated) by the server before
-- they reach the store: the database never holds them in the clear.
CREATE TABLE cloud_credentials (
    owner        TEXT NOT NULL CHECK (length(owner) <= 255),
    site         TEXT NOT NULL CHECK (length(site) <= 512),
    sealed       TEXT NOT NULL,
    names        TEXT NOT NULL,
    updated_time INTEGER NOT NULL,
    CONSTRAINT cloud_credentials_pk PRIMARY KEY (owner, site)
) STRICT;
