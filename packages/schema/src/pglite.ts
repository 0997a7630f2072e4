// Every embedded database is opened with the same extensions, because migrations create them
// (pg_trgm backs the fuzzy recipient-name search); PGlite only offers extensions loaded at start.
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

export const pgliteExtensions = { pg_trgm };
