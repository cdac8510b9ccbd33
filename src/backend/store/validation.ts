import type { BaselineDocument } from '../../drift/types';

/** The signature of `validateBaseline` in `src/drift/baseline/validate.ts`; the store takes it injected. */
export type BaselineValidation = { ok: true; baseline: BaselineDocument } | { ok: false; errors: string[] };
export type BaselineValidator = (doc: unknown) => BaselineValidation;
