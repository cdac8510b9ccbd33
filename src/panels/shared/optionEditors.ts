import { standardEditorsRegistry } from '@grafana/data';

/**
 * Stand-ins for Grafana's option editors, which the Grafana app registers at start-up and a unit test does
 * not have: the builders only need each editor id to exist to record the options.
 */
export function registerStandInOptionEditors(): void {
  standardEditorsRegistry.setInit(() =>
    ['radio', 'select', 'boolean', 'number', 'text'].map((id) => ({ id, name: id, editor: () => null }))
  );
}
