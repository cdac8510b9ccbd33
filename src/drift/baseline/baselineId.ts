/**
 * Baseline ids, `model@version`: the one rule for what may name a baseline, wherever an id or its parts come in
 * (uploads, builds, captures, queries, resource paths, the CLI, the app's forms). A query must name exactly one
 * stored baseline, so nothing is trimmed or replaced: white space around either part, control characters and
 * lone UTF-16 surrogates (which no file name or JSON writer keeps as they are) are refused. Ids compare in
 * Unicode NFC: text typed in is normalised to it, stored documents must already be in it, so "é" typed
 * composed or decomposed names the same baseline.
 */
export const MAX_ID_LENGTH = 200;

export type IdCheck =
  | { ok: true; id: string; model: string; version: string }
  /** `part` and `reason` when one part is at fault (`reason` quotes it), for messages that name their own field. */
  | { ok: false; error: string; part?: 'model' | 'version'; reason?: string };

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
/** In `u` mode a surrogate pair is one code point, so only a lone surrogate matches. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Whether `value` holds a lone UTF-16 surrogate: JSON can carry one, but it is no Unicode text. */
export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}

export function baselineId(model: string, version: string): string {
  return `${model}@${version}`;
}

/** Why `value` cannot be the model or version part of an id (as stored), or undefined when it can. */
export function idPartProblem(part: 'model' | 'version', value: string): string | undefined {
  if (value === '') {
    return 'is empty';
  }
  if (value !== value.trim()) {
    return 'starts or ends with white space';
  }
  if (CONTROL_CHARACTERS.test(value)) {
    return 'contains control characters';
  }
  if (hasLoneSurrogate(value)) {
    return 'contains a lone UTF-16 surrogate';
  }
  if (value.normalize('NFC') !== value) {
    return 'is not in Unicode NFC form';
  }
  if (part === 'model' && value.includes('@')) {
    return 'may not contain "@", which separates model and version in a baseline id';
  }
  return undefined;
}

/** The id of a model and version as typed in: normalised to NFC, then held to `idPartProblem` and the length. */
export function checkIdParts(typedModel: string, typedVersion: string): IdCheck {
  const model = typedModel.normalize('NFC');
  const version = typedVersion.normalize('NFC');
  for (const [part, value] of [
    ['model', model],
    ['version', version],
  ] as const) {
    const problem = idPartProblem(part, value);
    if (problem !== undefined) {
      const reason = `${JSON.stringify(value)} ${problem}`;
      return { ok: false, error: `${part} ${reason}`, part, reason };
    }
  }
  const id = baselineId(model, version);
  if (id.length > MAX_ID_LENGTH) {
    return { ok: false, error: `model@version has ${id.length} characters; a baseline id has at most ${MAX_ID_LENGTH}` };
  }
  return { ok: true, id, model, version };
}

/** A typed `model@version`, split at its first `@` (a model never contains one). */
export function checkBaselineId(typed: string): IdCheck {
  const at = typed.indexOf('@');
  if (at <= 0 || at === typed.length - 1) {
    return { ok: false, error: `baseline id ${JSON.stringify(typed.slice(0, MAX_ID_LENGTH))} is not of the form model@version` };
  }
  const checked = checkIdParts(typed.slice(0, at), typed.slice(at + 1));
  return checked.ok ? checked : { ok: false, error: `baseline id ${JSON.stringify(typed.slice(0, MAX_ID_LENGTH))}: ${checked.error}` };
}
