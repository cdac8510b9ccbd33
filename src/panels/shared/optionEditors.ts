import { PanelOptionsEditorBuilder, standardEditorsRegistry } from '@grafana/data';

/**
 * Stand-ins for Grafana's option editors, which the Grafana app registers at start-up and a unit test does
 * not have: the builders only need each editor id to exist to record the options.
 */
export function registerStandInOptionEditors(): void {
  standardEditorsRegistry.setInit(() =>
    ['radio', 'select', 'boolean', 'number', 'text'].map((id) => ({ id, name: id, editor: () => null }))
  );
}

/** The test every panel's options builder passes: it offers each option of the typed defaults, with its default. */
export function describeOptionsBuilder<TOptions extends object>(
  optionsBuilder: (builder: PanelOptionsEditorBuilder<TOptions>) => PanelOptionsEditorBuilder<TOptions>,
  defaultOptions: TOptions
): void {
  describe('options builder', () => {
    beforeAll(registerStandInOptionEditors);

    it('offers every option, each with the typed default', () => {
      const items = optionsBuilder(new PanelOptionsEditorBuilder<TOptions>()).getItems();
      expect(items.map((item) => item.path).sort()).toEqual(Object.keys(defaultOptions).sort());
      for (const item of items) {
        expect([item.path, item.defaultValue]).toEqual([item.path, defaultOptions[item.path as keyof TOptions]]);
      }
    });
  });
}
