/**
 * The Smile the fake cluster and the benchmark send is byte for byte what Jackson (Elasticsearch's encoder)
 * writes for the same documents: the reference files of src/backend/upstream/__fixtures__/smile.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSmileBytes } from '../../src/backend/upstream/smile';
import { toSmile } from './smileWriter';

const fixtures = path.join(__dirname, '../../src/backend/upstream/__fixtures__/smile');
const elasticsearchFixtures = path.join(__dirname, '../../src/backend/elasticsearch/__fixtures__');
const read = (name: string) => readFileSync(path.join(fixtures, name));

describe('toSmile', () => {
  it.each(readdirSync(fixtures).filter((f) => /^random-\d+\.json$/.test(f)))('writes %s as Jackson does (over 1024 names in random-0)', (name) => {
    const document = JSON.parse(read(name).toString('utf8'));
    expect(toSmile(document).equals(read(`${path.basename(name, '.json')}.smile`))).toBe(true);
  });

  it.each(readdirSync(elasticsearchFixtures).filter((f) => f.endsWith('.json') && f !== 'errors.json'))('writes the response of %s as Jackson does', (file) => {
    const fixture = JSON.parse(readFileSync(path.join(elasticsearchFixtures, file), 'utf8'));
    const written = toSmile(fixture.response);
    expect(written.equals(read(`response-${path.basename(file, '.json')}.smile`))).toBe(true);
    expect(parseSmileBytes(written)).toEqual(fixture.response);
  });
});
