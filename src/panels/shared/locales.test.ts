import { readFileSync } from 'node:fs';

import { buildCatalogue, DEFAULT_LANGUAGE, extractMessages, panelCatalogues } from '../../../scripts/panel-locales';

describe('panel message catalogues', () => {
  it('reads keys and default texts from t() and tText() calls, across lines and in either quotes', () => {
    const source = `
      t('a.b', 'One')
      tText(
        'a.c',
        "It's {{n}}",
        { n }
      )
      format('x.y', 'not a message')`;
    expect(extractMessages(source)).toEqual([
      ['a.b', 'One'],
      ['a.c', "It's {{n}}"],
    ]);
  });

  it('nests dotted keys and refuses one key with two texts', () => {
    expect(buildCatalogue([['b.x', '1'], ['a', '2'], ['b.w', '3']])).toEqual({ a: '2', b: { w: '3', x: '1' } });
    expect(() => buildCatalogue([['a', '1'], ['a', '2']])).toThrow('key a has two texts');
    expect(() => buildCatalogue([['a', '1'], ['a.b', '2']])).toThrow('nests under the message a');
  });

  it.each(panelCatalogues().map((catalogue) => [catalogue.pluginId, catalogue]))(
    'are up to date for %s, which declares its languages (npx tsx scripts/panel-locales.ts)',
    (_id, { file, json }) => {
      expect(readFileSync(file, 'utf8')).toBe(json);
      const pluginJson = JSON.parse(readFileSync(file.replace(/locales\/.*$/, 'plugin.json'), 'utf8'));
      expect(pluginJson.languages).toContain(DEFAULT_LANGUAGE);
      expect(file.endsWith(`locales/${DEFAULT_LANGUAGE}/${pluginJson.id}.json`)).toBe(true);
    }
  );
});
