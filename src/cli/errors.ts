/**
 * Exit codes of mldrift. Bad input (`InputError`, src/tabular/inputError.ts) is reported on one line naming the
 * file, line and column, with exit code 2; anything else that escapes a command is a bug in mldrift (exit 1), still
 * reported on one line.
 */
export const EXIT = { ok: 0, internal: 1, badInput: 2, drift: 3 } as const;
