import { FieldConfigProperty, PanelPlugin, standardFieldConfigEditorRegistry } from '@grafana/data';

import { hasColorSchemeOption, moveColorSchemeToFieldConfig } from './migrations';

const mockInitPluginTranslations = jest.fn((_id: string) => Promise.resolve({ language: 'en-US' }));
// @grafana/data loads @grafana/i18n before this file's body runs: the mock calls through lazily
jest.mock('@grafana/i18n', () => ({
  ...jest.requireActual('@grafana/i18n'),
  initPluginTranslations: (id: string) => mockInitPluginTranslations(id),
}));

// Grafana registers its standard field options at start-up; stand-ins with the same ids serve here.
standardFieldConfigEditorRegistry.setInit(() =>
  Object.values(FieldConfigProperty).map((id) => ({
    id,
    path: id,
    name: id,
    editor: () => null,
    override: () => null,
    process: (value: unknown) => value,
    shouldApply: () => true,
  }))
);

function load(dir: string): { plugin: PanelPlugin; id: string } {
  // required, not imported: the mocks above must be in place when the module runs
  return { plugin: require(`../${dir}/module`).plugin, id: require(`../${dir}/plugin.json`).id };
}

describe.each([
  ['distribution', ['color', 'decimals', 'links', 'noValue', 'unit'], false],
  ['confusion-matrix', ['color', 'noValue'], true],
  ['drift-heatmap', ['color', 'links', 'noValue'], true],
])('the %s panel module', (dir, standardOptions, migratesColorScheme) => {
  let loaded: ReturnType<typeof load>;
  beforeAll(() => {
    mockInitPluginTranslations.mockClear();
    loaded = load(dir);
  });

  it('initialises its translations under its own plugin id when it loads', () => {
    expect(mockInitPluginTranslations.mock.calls).toEqual([[loaded.id]]);
  });

  it('offers the standard field options that fit it, and only those', () => {
    expect(loaded.plugin.fieldConfigRegistry.list().map((item) => item.id).sort()).toEqual(standardOptions);
  });

  it(migratesColorScheme ? 'migrates the old colourScheme option' : 'needs no migration', () => {
    expect(loaded.plugin.onPanelMigration).toBe(migratesColorScheme ? moveColorSchemeToFieldConfig : undefined);
    expect(loaded.plugin.shouldMigrate).toBe(migratesColorScheme ? hasColorSchemeOption : undefined);
  });
});
