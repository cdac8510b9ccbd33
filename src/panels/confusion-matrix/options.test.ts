import { PanelOptionsEditorBuilder } from '@grafana/data';

import { registerStandInOptionEditors } from '../shared/optionEditors';
import { optionsBuilder } from './options';
import { defaultOptions } from './types';

describe('options builder', () => {
  beforeAll(registerStandInOptionEditors);

  it('offers every option, each with the typed default', () => {
    const items = optionsBuilder(new PanelOptionsEditorBuilder()).getItems();
    expect(items.map((item) => item.path).sort()).toEqual(Object.keys(defaultOptions).sort());
    for (const item of items) {
      expect([item.path, item.defaultValue]).toEqual([item.path, defaultOptions[item.path as keyof typeof defaultOptions]]);
    }
  });
});
