package gohost

// Start, logging, shutdown and the parts of the protocol this plugin deliberately leaves out.

import (
	"encoding/json"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestShutdownThroughGoPlugin stops the plugin as Grafana does when it stops or reloads a plugin: go-plugin's
// Kill closes the client (GRPCController.Shutdown), waits up to 2 s for the process and only then kills it.
func TestShutdownThroughGoPlugin(t *testing.T) {
	host := startGrafanaLike(t)
	pid := host.cmd.Process.Pid
	// go-plugin's liveness check: the gRPC health service, asked about service "plugin".
	protocol, err := host.client.Client()
	if err != nil {
		t.Fatal(err)
	}
	if err := protocol.Ping(); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	host.client.Kill()
	if !host.client.Exited() {
		t.Fatal("go-plugin reports the plugin still running after Kill")
	}
	logs := host.logs.String()
	if strings.Contains(logs, "plugin failed to exit gracefully") {
		t.Fatalf("go-plugin had to kill the plugin:\n%s", logs)
	}
	if !strings.Contains(logs, "plugin exited") {
		t.Fatalf("go-plugin did not see the process exit:\n%s", logs)
	}
	if err := syscall.Kill(pid, 0); err == nil {
		t.Fatalf("process %d still exists", pid)
	}
}

// TestLogsReachGrafana: go-plugin parses each JSON line on the plugin's stderr (@level, @message, @timestamp) and
// hands it to Grafana's logger at its level; a line it cannot parse would arrive verbatim at DEBUG, and a line
// without @timestamp would carry timestamp=0001-01-01 in Grafana's log. The app client secret Grafana put in the
// environment must not appear.
func TestLogsReachGrafana(t *testing.T) {
	host := startGrafanaLike(t)
	callResource(t, host, storeSettings(t, host), "GET", "baselines/nobody@0", nil, nil)
	host.client.Kill()
	logs := host.logs.String()
	started := ""
	for _, line := range strings.Split(logs, "\n") {
		// go-plugin writes the key/value pairs in map order.
		if strings.Contains(line, "plugin started:") && strings.Contains(line, " port=") {
			started = line
		}
	}
	if !strings.Contains(started, "[INFO]") || !strings.Contains(started, "plugin."+pluginID) {
		t.Fatalf("the plugin's start line did not reach Grafana's logger at INFO:\n%s", logs)
	}
	if strings.Contains(logs, "0001-01-01") || strings.Contains(logs, `"@message"`) {
		t.Fatalf("go-plugin could not read the plugin's log lines fully:\n%s", logs)
	}
	if strings.Contains(logs, appClientSecret) {
		t.Fatal("the app client secret from GF_PLUGIN_APP_CLIENT_SECRET appears in the plugin's logs")
	}
}

// TestStartsWithoutHostEnvironment: with `skipHostEnvVars`, Grafana passes only its own variables and the proxy
// variables (no PATH, HOME or GF_PATHS_DATA); the plugin must still start and serve a datasource whose store
// directory is configured.
func TestStartsWithoutHostEnvironment(t *testing.T) {
	host := startPlugin(t, append(grafanaPluginEnv(), "NO_PROXY=127.0.0.1,localhost"))
	t.Cleanup(host.client.Kill)
	host.dataDir = t.TempDir()
	settings, _ := json.Marshal(map[string]any{"baselineDirectory": host.dataDir})
	answer := callResource(t, host, settings, "POST", "baselines", []byte(smallBaseline), nil)
	if answer.code != 201 {
		t.Fatalf("upload without host environment: %d %s", answer.code, answer.body)
	}
	if _, err := os.Stat(host.dataDir + "/fraud@2%2E1.json"); err != nil {
		t.Fatalf("baseline file not in the configured directory: %v", err)
	}
}

// TestQueryChunkedDataIsUnimplemented: backend.proto has Data.QueryChunkedData since SDK v0.286.0; Grafana calls
// it only from its experimental datasource query API behind feature toggles (see README, "The datasource
// backend"). This plugin does not serve it and must say so with gRPC's Unimplemented at once, not hang.
func TestQueryChunkedDataIsUnimplemented(t *testing.T) {
	host := startGrafanaLike(t)
	stream, err := host.data.QueryChunkedData(testContext(t), &pluginv2.QueryChunkedDataRequest{
		PluginContext: pluginContext(storeSettings(t, host)),
		Queries:       []*pluginv2.DataQuery{{RefId: "A", Json: []byte(`{"queryType":"baseline","baseline":"nobody@0"}`)}},
		Format:        pluginv2.DataFrameFormat_JSON,
	})
	if err == nil {
		_, err = stream.Recv()
	}
	if err == io.EOF || status.Code(err) != codes.Unimplemented {
		t.Fatalf("want codes.Unimplemented, got %v", err)
	}
	// The connection stays usable for QueryData.
	answer, err := host.data.QueryData(testContext(t), &pluginv2.QueryDataRequest{
		PluginContext: pluginContext(storeSettings(t, host)),
		Queries:       []*pluginv2.DataQuery{{RefId: "A", Json: []byte(`{"queryType":"baseline","baseline":"nobody@0"}`)}},
	})
	if err != nil || answer.Responses["A"].Status != 404 {
		t.Fatalf("QueryData after the chunked call: %v %v", err, answer)
	}
}
