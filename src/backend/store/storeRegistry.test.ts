import path from 'node:path';
import { DEFAULT_BASELINE_DIRECTORY_HINT } from '../../shared/settingsModel';
import { resolveBaselineDirectory } from './storeRegistry';

describe('resolveBaselineDirectory', () => {
  it('is where the config editor says baselines go by default', () => {
    const dataPath = path.join(path.sep, 'var', 'lib', 'grafana');
    const resolved = resolveBaselineDirectory({ uid: 'abc' }, { grafanaDataPath: dataPath, executableDirectory: '/opt' });
    const hinted = DEFAULT_BASELINE_DIRECTORY_HINT.replace('$GF_PATHS_DATA', dataPath).replace('<datasource uid>', 'abc');
    expect(resolved).toBe(path.normalize(hinted));
  });

  it('takes a relative configured directory below the plugin folder of the data path', () => {
    const resolved = resolveBaselineDirectory(
      { uid: 'abc', baselineDirectory: 'shared' },
      { grafanaDataPath: '/data', executableDirectory: '/opt' }
    );
    expect(resolved).toBe(path.join('/data', 'plugins', 'mlops-drift-datasource', 'shared'));
  });
});
