/**
 * Baseline ids (`model@version`) and their file names. Ids are user data, so file names are an injective
 * encoding of the id, never a stripped version of it: `a/b@1` and `ab@1` must not share a file, and no
 * id may escape the store directory or become a hidden or temporary file.
 */
export const MAX_ID_LENGTH = 200;
export const BASELINE_FILE_SUFFIX = '.json';

export type IdCheck = { ok: true; model: string; version: string } | { ok: false; error: string };

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export function baselineId(model: string, version: string): string {
  return `${model}@${version}`;
}

/** Model and version of an id; the model may not contain `@` so that every id splits one way only. */
export function checkBaselineId(id: string): IdCheck {
  if (id.length === 0 || id.length > MAX_ID_LENGTH) {
    return { ok: false, error: `baseline id must have 1 to ${MAX_ID_LENGTH} characters` };
  }
  if (CONTROL_CHARACTERS.test(id)) {
    return { ok: false, error: 'baseline id may not contain control characters' };
  }
  const at = id.indexOf('@');
  if (at <= 0 || at === id.length - 1) {
    return { ok: false, error: `baseline id "${id}" is not of the form model@version` };
  }
  return { ok: true, model: id.slice(0, at), version: id.slice(at + 1) };
}

const SAFE_CHARACTER = /[A-Za-z0-9_\-@+=,]/;

/**
 * Injective, reversible file-name encoding: safe ASCII stays readable, every other UTF-8 byte becomes
 * `%XX`. `.` is encoded too, so no name starts with a dot (temp files do) or equals `..`.
 */
export function encodeFileSegment(text: string): string {
  let out = '';
  for (const char of text) {
    if (SAFE_CHARACTER.test(char)) {
      out += char;
    } else {
      for (const byte of new TextEncoder().encode(char)) {
        out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
      }
    }
  }
  return out;
}

export function decodeFileSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function idToFileName(id: string): string {
  return encodeFileSegment(id) + BASELINE_FILE_SUFFIX;
}

/** The id a stored file name stands for, or undefined for any file the store did not write. */
export function fileNameToId(fileName: string): string | undefined {
  if (!fileName.endsWith(BASELINE_FILE_SUFFIX) || fileName.startsWith('.')) {
    return undefined;
  }
  const id = decodeFileSegment(fileName.slice(0, -BASELINE_FILE_SUFFIX.length));
  return id !== undefined && idToFileName(id) === fileName ? id : undefined;
}
