package gohost

// The environment Grafana gives a backend plugin process, rebuilt from Grafana's and the SDK's sources:
//
//   - Grafana's PluginEnvVarsProvider.PluginEnvVars (grafana/grafana
//     pkg/services/pluginsintegration/pluginconfig/envvars.go; pkg/plugins/envvars/envvars.go before 11.x):
//     GF_VERSION always; GF_EDITION, GF_ENTERPRISE_LICENSE_PATH, GF_ENTERPRISE_APP_URL with a licence service;
//     GF_APP_URL, GF_PLUGIN_APP_CLIENT_ID, GF_PLUGIN_APP_CLIENT_SECRET (and GF_PLUGIN_APP_PRIVATE_KEY) for plugins
//     with an external service account; GF_INSTANCE_FEATURE_TOGGLES_ENABLE (enabled toggles, comma separated);
//     the secure SOCKS proxy, AWS and Azure settings when configured; GF_INSTANCE_OTLP_* and GF_PLUGIN_VERSION
//     when tracing is on for the plugin; every `[plugin.<id>]` ini key as GF_PLUGIN_<KEY>.
//   - go-plugin's Client.Start (hashicorp/go-plugin v1.8.0 client.go) then adds the magic cookie
//     (grafana_plugin_type=datasource), PLUGIN_MIN_PORT, PLUGIN_MAX_PORT and PLUGIN_PROTOCOL_VERSIONS, and
//     the whole host environment (os.Environ()) unless SkipHostEnv is set. Grafana sets SkipHostEnv for plugins
//     with `skipHostEnvVars` and then forwards only the proxy variables (pkg/plugins/envvars: HTTP_PROXY,
//     HTTPS_PROXY, NO_PROXY and their lower-case forms).
//
// Grafana's data path reaches a plugin only through that host environment: the Docker image sets
// GF_PATHS_DATA=/var/lib/grafana (and GF_PATHS_HOME, GF_PATHS_PLUGINS, ...) in Grafana's own environment, and
// go-plugin forwards it. The tests pass the host part explicitly (SkipHostEnv) so that they do not depend on
// the environment `go test` happens to run in.
//
// tests/harness/pluginHost.ts, the JavaScript host, passes only the magic cookie, PLUGIN_PROTOCOL_VERSIONS and
// GF_PATHS_DATA; this host passes the full set below.

import "fmt"

// grafanaPluginEnv is what Grafana 12.3/13 computes for our plugin, with a licence service (OSS edition),
// feature toggles and tracing switched on, and one `[plugin.mlops-drift-datasource]` ini key.
func grafanaPluginEnv() []string {
	return []string{
		"GF_VERSION=12.3.0",
		"GF_EDITION=Open Source",
		"GF_ENTERPRISE_LICENSE_PATH=",
		"GF_ENTERPRISE_APP_URL=",
		"GF_APP_URL=http://localhost:3000/",
		"GF_PLUGIN_APP_CLIENT_ID=mlops-drift-datasource-client",
		"GF_PLUGIN_APP_CLIENT_SECRET=" + appClientSecret,
		"GF_INSTANCE_FEATURE_TOGGLES_ENABLE=kubernetesDashboards,grafanaAPIServerWithExperimentalAPIs,alertingQueryOptimization",
		"GF_INSTANCE_OTLP_ADDRESS=127.0.0.1:1",
		"GF_INSTANCE_OTLP_PROPAGATION=w3c",
		"GF_INSTANCE_OTLP_SAMPLER_TYPE=const",
		"GF_INSTANCE_OTLP_SAMPLER_PARAM=1.000000",
		"GF_INSTANCE_OTLP_SAMPLER_REMOTE_URL=",
		"GF_PLUGIN_VERSION=0.0.0-test",
		"GF_PLUGIN_TRACING=true",
	}
}

// appClientSecret must never appear in the plugin's logs or answers.
const appClientSecret = "gohost-client-secret-7f3a9c"

// grafanaHostEnv is the part of Grafana's own environment in its Docker image that go-plugin forwards.
func grafanaHostEnv(dataDir string) []string {
	return []string{
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"HOME=/home/grafana",
		"GF_PATHS_CONFIG=/etc/grafana/grafana.ini",
		fmt.Sprintf("GF_PATHS_DATA=%s", dataDir),
		"GF_PATHS_HOME=/usr/share/grafana",
		"GF_PATHS_LOGS=/var/log/grafana",
		"GF_PATHS_PLUGINS=/var/lib/grafana/plugins",
		"GF_PATHS_PROVISIONING=/etc/grafana/provisioning",
	}
}
