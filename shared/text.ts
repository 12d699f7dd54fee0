/**
 * C0 and C1 controls, plus the bidi embeddings, overrides and isolates: a
 * name shows beside a cursor, in lists and in the file tree, and an override
 * could make one name read as another.
 */
export const CONTROL_CHARACTERS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;
