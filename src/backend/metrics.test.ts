import { BackendMetrics } from './metrics';

describe('BackendMetrics', () => {
  it('renders counters and a cumulative histogram in the Prometheus text format', () => {
    const metrics = new BackendMetrics();
    metrics.recordQuery('baseline', 200, 0.003, false);
    metrics.recordQuery('baseline', 200, 0.2, false);
    metrics.recordUpstream('prometheus', 503, 0.2);
    metrics.recordUpstream('prometheus', 'error', 0.03);
    const lines = metrics.render().split('\n');
    expect(lines).toContain('mlops_drift_queries_total{alert="false",query_type="baseline",status="200"} 2');
    expect(lines).toContain('mlops_drift_query_duration_seconds_bucket{query_type="baseline",le="0.005"} 1');
    expect(lines).toContain('mlops_drift_query_duration_seconds_bucket{query_type="baseline",le="0.25"} 2');
    expect(lines).toContain('mlops_drift_query_duration_seconds_bucket{query_type="baseline",le="+Inf"} 2');
    expect(lines).toContain('mlops_drift_query_duration_seconds_count{query_type="baseline"} 2');
    expect(lines).toContain('mlops_drift_upstream_requests_total{status="503",target="prometheus"} 1');
    expect(lines).toContain('mlops_drift_upstream_requests_total{status="error",target="prometheus"} 1');
    // Every request's time, whatever its outcome: 0.03 s under 0.05, 0.2 s under 0.25.
    expect(lines).toContain('mlops_drift_upstream_request_duration_seconds_bucket{target="prometheus",le="0.05"} 1');
    expect(lines).toContain('mlops_drift_upstream_request_duration_seconds_bucket{target="prometheus",le="0.25"} 2');
    expect(lines).toContain('mlops_drift_upstream_request_duration_seconds_sum{target="prometheus"} 0.23');
    expect(lines).toContain('# TYPE mlops_drift_queries_total counter');
    const rss = lines.find((l) => l.startsWith('process_resident_memory_bytes '));
    expect(Number(rss?.split(' ')[1])).toBeGreaterThan(0);
  });

  it('escapes label values', () => {
    const metrics = new BackendMetrics();
    metrics.recordError('a"b\\c\nd', 'plugin');
    expect(metrics.render()).toContain('mlops_drift_errors_total{operation="a\\"b\\\\c\\nd",source="plugin"} 1');
  });
});
