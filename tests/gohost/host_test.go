package gohost

// Starts the built plugin executable the way Grafana's plugin manager does (grafana/grafana
// pkg/plugins/backendplugin/grpcplugin/client.go: newClientConfig and getV2PluginSet; client_v2.go: Dispense per
// service): a go-plugin client with the SDK's handshake and plugin set, gRPC only, go-plugin's own start timeout
// and an hclog logger that receives the plugin's stderr, as Grafana's logWrapper does.

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/backend/useragent"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

const pluginID = "mlops-drift-datasource"

// The SDK's handshake values (backend/grpcplugin/handshake.go), as Grafana's client.go builds its own from them.
var handshake = goplugin.HandshakeConfig{
	ProtocolVersion:  grpcplugin.ProtocolVersion,
	MagicCookieKey:   grpcplugin.MagicCookieKey,
	MagicCookieValue: grpcplugin.MagicCookieValue,
}

// Grafana's v2 plugin set without its renderer and secrets-manager extensions, which a datasource never serves.
func pluginSet() goplugin.PluginSet {
	return goplugin.PluginSet{
		"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
		"resource":    &grpcplugin.ResourceGRPCPlugin{},
		"data":        &grpcplugin.DataGRPCPlugin{},
		"stream":      &grpcplugin.StreamGRPCPlugin{},
	}
}

// logBuffer keeps what go-plugin's logger received, so tests can read the plugin's log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

type pluginHost struct {
	client      *goplugin.Client
	cmd         *exec.Cmd
	logs        *logBuffer
	diagnostics grpcplugin.DiagnosticsClient
	resource    grpcplugin.ResourceClient
	data        grpcplugin.DataClient
	dataDir     string
}

func executablePath() string {
	if path := os.Getenv("GOHOST_PLUGIN"); path != "" {
		return path
	}
	return filepath.Join("..", "..", "dist", "datasource", "gpx_mlops_drift_linux_amd64")
}

// startPlugin starts the executable with exactly `env` and dispenses the services Grafana dispenses.
func startPlugin(t testing.TB, env []string) *pluginHost {
	t.Helper()
	executable, err := filepath.Abs(executablePath())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(executable); err != nil {
		t.Fatalf("plugin executable missing (run `npm run build:backend`): %v", err)
	}
	cmd := exec.Command(executable)
	cmd.Env = env
	// Not something Grafana does: if the test binary dies (go test's timeout), its plugins die with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	logs := &logBuffer{}
	client := goplugin.NewClient(&goplugin.ClientConfig{
		Cmd:              cmd,
		HandshakeConfig:  handshake,
		VersionedPlugins: map[int]goplugin.PluginSet{grpcplugin.ProtocolVersion: pluginSet()},
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		SkipHostEnv:      true,
		Logger:           hclog.New(&hclog.LoggerOptions{Name: "plugin." + pluginID, Output: logs, Level: hclog.Debug}),
	})
	protocol, err := client.Client()
	if err != nil {
		client.Kill()
		t.Fatalf("starting the plugin: %v\nlog:\n%s", err, logs.String())
	}
	host := &pluginHost{client: client, cmd: cmd, logs: logs}
	for name, target := range map[string]any{"diagnostics": &host.diagnostics, "resource": &host.resource, "data": &host.data} {
		raw, err := protocol.Dispense(name)
		if err != nil {
			client.Kill()
			t.Fatalf("dispensing %s: %v", name, err)
		}
		switch typed := target.(type) {
		case *grpcplugin.DiagnosticsClient:
			*typed = raw.(grpcplugin.DiagnosticsClient)
		case *grpcplugin.ResourceClient:
			*typed = raw.(grpcplugin.ResourceClient)
		case *grpcplugin.DataClient:
			*typed = raw.(grpcplugin.DataClient)
		}
	}
	return host
}

// startGrafanaLike starts the plugin with Grafana's environment and a fresh data directory.
func startGrafanaLike(t testing.TB) *pluginHost {
	t.Helper()
	dataDir := t.TempDir()
	host := startPlugin(t, append(grafanaPluginEnv(), grafanaHostEnv(dataDir)...))
	host.dataDir = dataDir
	t.Cleanup(host.client.Kill)
	return host
}

// pluginContext is what Grafana sends with each call: the datasource's settings and the per-request
// Grafana configuration (pkg/services/pluginsintegration/pluginconfig/request.go).
func pluginContext(jsonData []byte) *pluginv2.PluginContext {
	return backend.ToProto().PluginContext(backend.PluginContext{
		OrgID:    1,
		PluginID: pluginID,
		User:     &backend.User{Login: "admin", Name: "Admin", Email: "admin@localhost", Role: "Admin"},
		DataSourceInstanceSettings: &backend.DataSourceInstanceSettings{
			ID:                      1,
			UID:                     "mlops-drift",
			Name:                    "ML Monitor",
			Type:                    pluginID,
			JSONData:                jsonData,
			DecryptedSecureJSONData: map[string]string{},
			Updated:                 time.UnixMilli(1767225600000),
			APIVersion:              "v1",
		},
		GrafanaConfig: backend.NewGrafanaCfg(map[string]string{
			backend.AppURL:                       "http://localhost:3000/",
			"GF_CONCURRENT_QUERY_COUNT":          "10",
			"GF_USER_FACING_DEFAULT_ERROR":       "An error occurred within the plugin",
			"GF_SQL_ROW_LIMIT":                   "1000000",
			"GF_INSTANCE_FEATURE_TOGGLES_ENABLE": "kubernetesDashboards",
		}),
		UserAgent: mustUserAgent(),
	})
}

func mustUserAgent() *useragent.UserAgent {
	agent, err := useragent.New("12.3.0", "linux", "amd64")
	if err != nil {
		panic(err)
	}
	return agent
}

func testContext(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}
