-- Users' cloud credentials per site, sealed (encrypted and authenticated) by the server before
-- they reach the store: the database never holds them in the clear.
CREATE TABLE cloud_credentials (
    owner        VARCHAR(255) NOT NULL,
    site         VARCHAR(512) NOT NULL,
    sealed       VARCHAR NOT NULL,
    names        VARCHAR NOT NULL,
    updated_time TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT cloud_credentials_pk PRIMARY KEY (owner, site)
);
