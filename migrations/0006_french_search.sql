-- French full-text search for the archive, accent-insensitive: the unaccent dictionary
-- strips accents before the French stemmer, so "pietonnisation" and "piétonnisation"
-- give the same lexeme. unaccent is a trusted extension (PostgreSQL 13+): the database
-- owner may create it; PGlite loads it from @electric-sql/pglite/contrib/unaccent.
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION tribune_fr (COPY = pg_catalog.french);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION tribune_fr ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
