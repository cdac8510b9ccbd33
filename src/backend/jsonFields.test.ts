import { parseCheckedObject, type FieldKind } from './jsonFields';

class CheckError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = []
  ) {
    super(message);
  }
}

const KINDS: Record<string, FieldKind> = { name: 'string', on: 'boolean', size: 'number', tags: 'string list', labels: 'string map' };
const parse = (text: string) => parseCheckedObject(new TextEncoder().encode(text), KINDS, 'thing', (message, problems) => new CheckError(message, problems));

function problemsOf(text: string): string[] {
  try {
    parse(text);
  } catch (error) {
    return error instanceof CheckError ? [error.message, ...error.problems] : [];
  }
  return [];
}

describe('parseCheckedObject', () => {
  it('returns objects whose known fields have their types, and leaves unknown fields alone', () => {
    const text = '{"name":"a","on":true,"size":2,"tags":["x"],"labels":{"k":"v"},"extra":{"any":[1]}}';
    expect(parse(text)).toEqual(JSON.parse(text));
    expect(parse('{"name":null}')).toEqual({ name: null });
    expect(parseCheckedObject(undefined, KINDS, 'thing', (m) => new Error(m))).toBeUndefined();
    expect(parse('null')).toBeUndefined();
  });

  it('names the path of every wrongly typed value', () => {
    expect(problemsOf('{"name":1,"on":"yes","size":"2","tags":["x",3],"labels":{"k":["v"]}}')).toEqual([
      'thing has fields of the wrong type',
      'name: expected a string, got a number',
      'on: expected a boolean, got a string',
      'size: expected a finite number, got a string',
      'tags[1]: expected a string, got a number',
      'labels.k: expected a string, got a list',
    ]);
    expect(problemsOf('{"tags":{}}')).toEqual(['thing has fields of the wrong type', 'tags: expected a list of strings, got an object']);
    expect(problemsOf('{"labels":"k=v"}')).toEqual(['thing has fields of the wrong type', 'labels: expected an object of strings, got a string']);
  });

  it('refuses what is not a JSON object', () => {
    expect(problemsOf('[1]')).toEqual(['thing must be an object']);
    expect(problemsOf('{"name":')[0]).toMatch(/^thing is not valid JSON: /);
  });
});
