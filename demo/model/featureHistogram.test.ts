import { FeatureHistogramFamily } from './featureHistogram';

const labels = { model: 'm', version: '1', feature: 'age' };

function lines(family: FeatureHistogramFamily): string[] {
  return family.render().trimEnd().split('\n');
}

describe('FeatureHistogramFamily', () => {
  it('renders cumulative right-closed buckets with +Inf, sum and count', () => {
    const family = new FeatureHistogramFamily('model_feature_value', 'help text');
    family.declare(labels, [10, 20]);
    [5, 10, 15, 20, 25].forEach((v) => family.observe(labels, v));
    expect(lines(family)).toEqual([
      '# HELP model_feature_value help text',
      '# TYPE model_feature_value histogram',
      'model_feature_value_bucket{model="m",version="1",feature="age",le="10"} 2',
      'model_feature_value_bucket{model="m",version="1",feature="age",le="20"} 4',
      'model_feature_value_bucket{model="m",version="1",feature="age",le="+Inf"} 5',
      'model_feature_value_sum{model="m",version="1",feature="age"} 75',
      'model_feature_value_count{model="m",version="1",feature="age"} 5',
    ]);
  });

  it('keeps each feature on its own bounds and exports declared series at zero', () => {
    const family = new FeatureHistogramFamily('h', 'h');
    family.declare(labels, [1]);
    family.declare({ ...labels, feature: 'income' }, [100, 200, 300]);
    const text = family.render();
    expect(text).toContain('h_bucket{model="m",version="1",feature="age",le="+Inf"} 0');
    expect(text.match(/feature="income",le=/g)).toHaveLength(4);
  });

  it('refuses non-finite values and undeclared series instead of miscounting', () => {
    const family = new FeatureHistogramFamily('h', 'h');
    family.declare(labels, [1]);
    expect(family.observe(labels, NaN)).toBe(false);
    expect(family.observe(labels, Infinity)).toBe(false);
    expect(family.observe({ ...labels, feature: 'other' }, 1)).toBe(false);
    expect(family.render()).toContain('h_count{model="m",version="1",feature="age"} 0');
  });

  it('escapes label values', () => {
    const family = new FeatureHistogramFamily('h', 'h');
    family.declare({ feature: 'a"b\\c\nd' }, [1]);
    expect(family.render()).toContain('h_count{feature="a\\"b\\\\c\\nd"} 0');
  });
});
