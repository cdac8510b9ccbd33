/**
 * `/metrics` pages of model servers, as users paste them into the Getting started page, for the binding draft's
 * unit test and the browser check.
 */

/** What the PyData 2022 talk's FastAPI service exports through prometheus_client (trimmed). */
export const PYDATA_METRICS = `# HELP request_count_total Predictions served.
# TYPE request_count_total counter
request_count_total{model_version="1"} 120.0
# HELP request_count_created Predictions served.
# TYPE request_count_created gauge
request_count_created{model_version="1"} 1.7e+09
# TYPE request_latency_seconds histogram
request_latency_seconds_bucket{le="0.005",model_version="1"} 3.0
request_latency_seconds_bucket{le="+Inf",model_version="1"} 120.0
request_latency_seconds_count{model_version="1"} 120.0
request_latency_seconds_sum{model_version="1"} 1.2
# TYPE response_distribution histogram
response_distribution_bucket{le="0.1",model_version="1"} 30.0
response_distribution_bucket{le="1.0",model_version="1"} 120.0
response_distribution_bucket{le="+Inf",model_version="1"} 120.0
response_distribution_count{model_version="1"} 120.0
response_distribution_sum{model_version="1"} 40.0
# TYPE categorical_feature counter
categorical_feature_total{category="web",feature="channel"} 50.0
categorical_feature_total{category="missing",feature="channel"} 10.0
categorical_feature_total{category="north",feature="region"} 40.0
# TYPE imputer counter
imputer_total{feature="region",method="most_frequent"} 8.0
# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total 4.2
`;
