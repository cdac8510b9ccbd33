/**
 * File names of baseline ids (`model@version`, whose rule is `src/drift/baseline/baselineId.ts`). Ids are user
 * data, so file names are an injective encoding of the id, never a stripped version of it: `a/b@1` and `ab@1`
 * must not share a file, and no id may escape the store directory or become a hidden or temporary file.
 */
export const BASELINE_FILE_SUFFIX = '.json';

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
