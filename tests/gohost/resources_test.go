package gohost

// CheckHealth, CollectMetrics and CallResource through Grafana's plugin client, with answers converted by the
// SDK (backend.FromProto) as Grafana converts them before its HTTP layer sees them.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"google.golang.org/protobuf/proto"
)

type resourceAnswer struct {
	code     int
	headers  map[string][]string
	body     []byte
	messages int
}

func (a resourceAnswer) json(t *testing.T) map[string]any {
	t.Helper()
	var decoded map[string]any
	if err := json.Unmarshal(a.body, &decoded); err != nil {
		t.Fatalf("answer %d is not JSON: %q", a.code, a.body)
	}
	return decoded
}

// callResource sends what Grafana's resource proxy sends: the path below resources/ without the query
// string, the full URL with it, and the request headers.
func callResource(t testing.TB, host *pluginHost, jsonData []byte, method, path string, body []byte, headers map[string][]string) resourceAnswer {
	t.Helper()
	request := backend.ToProto().CallResourceRequest(&backend.CallResourceRequest{
		PluginContext: backend.FromProto().PluginContext(pluginContext(jsonData)),
		Path:          strings.SplitN(path, "?", 2)[0],
		Method:        method,
		URL:           "/api/datasources/uid/mlops-drift/resources/" + path,
		Headers:       headers,
		Body:          body,
	})
	stream, err := host.resource.CallResource(testContext(t), request)
	if err != nil {
		t.Fatalf("CallResource %s %s: %v", method, path, err)
	}
	var answer resourceAnswer
	for {
		message, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("CallResource %s %s: %v", method, path, err)
		}
		converted := backend.FromProto().CallResourceResponse(message)
		if answer.messages == 0 {
			answer.code = converted.Status
			answer.headers = converted.Headers
		}
		answer.body = append(answer.body, converted.Body...)
		answer.messages++
	}
	if answer.messages == 0 {
		t.Fatalf("CallResource %s %s: empty stream (Grafana answers 'received empty resource response')", method, path)
	}
	return answer
}

func storeSettings(t *testing.T, host *pluginHost) []byte {
	t.Helper()
	settings, _ := json.Marshal(map[string]any{"baselineDirectory": host.dataDir + "/baselines"})
	return settings
}

const smallBaseline = `{"schemaVersion":1,"model":"fraud","version":"2.1","createdAt":"2026-11-01T00:00:00Z","features":[
{"name":"amount","kind":"numeric","histogram":{"upperBounds":[10,100],"counts":[5,3,2]},
 "summary":{"n":10,"min":1,"max":500,"mean":60,"std":90,"quantiles":{"levels":[0.5],"values":[20]}},"missing":0,"nonFinite":0}]}`

func TestCheckHealth(t *testing.T) {
	host := startGrafanaLike(t)
	protoAnswer, err := host.diagnostics.CheckHealth(testContext(t), &pluginv2.CheckHealthRequest{PluginContext: pluginContext(storeSettings(t, host))})
	if err != nil {
		t.Fatal(err)
	}
	answer := backend.FromProto().CheckHealthResponse(protoAnswer)
	if answer.Status != backend.HealthStatusOk {
		t.Fatalf("health %s: %s (%s)", answer.Status, answer.Message, answer.JSONDetails)
	}
	var details map[string]any
	if err := json.Unmarshal(answer.JSONDetails, &details); err != nil {
		t.Fatalf("health details are not JSON (Grafana shows them as JSON): %q", answer.JSONDetails)
	}
	// An unreachable Prometheus is an error that names it, not a hang.
	unreachable, _ := json.Marshal(map[string]any{"prometheusUrl": "http://127.0.0.1:1", "timeoutSeconds": 2, "baselineDirectory": host.dataDir + "/b2"})
	protoAnswer, err = host.diagnostics.CheckHealth(testContext(t), &pluginv2.CheckHealthRequest{PluginContext: pluginContext(unreachable)})
	if err != nil {
		t.Fatal(err)
	}
	answer = backend.FromProto().CheckHealthResponse(protoAnswer)
	if answer.Status != backend.HealthStatusError || !strings.Contains(answer.Message, "Prometheus") {
		t.Fatalf("unreachable Prometheus: %s %q", answer.Status, answer.Message)
	}
}

func TestCollectMetrics(t *testing.T) {
	host := startGrafanaLike(t)
	callResource(t, host, storeSettings(t, host), "GET", "baselines", nil, nil)
	protoAnswer, err := host.diagnostics.CollectMetrics(testContext(t), &pluginv2.CollectMetricsRequest{PluginContext: pluginContext(nil)})
	if err != nil {
		t.Fatal(err)
	}
	metrics := string(backend.FromProto().CollectMetricsResponse(protoAnswer).PrometheusMetrics)
	for _, want := range []string{`mlops_drift_resource_requests_total{method="GET",status="200"} 1`, "process_resident_memory_bytes"} {
		if !strings.Contains(metrics, want) {
			t.Fatalf("metrics lack %q:\n%s", want, metrics)
		}
	}
}

func TestBaselineResources(t *testing.T) {
	host := startGrafanaLike(t)
	settings := storeSettings(t, host)
	jsonHeaders := map[string][]string{"Content-Type": {"application/json"}}

	created := callResource(t, host, settings, "POST", "baselines", []byte(smallBaseline), jsonHeaders)
	if created.code != 201 || created.json(t)["id"] != "fraud@2.1" {
		t.Fatalf("upload: %d %s", created.code, created.body)
	}
	if contentType := created.headers["Content-Type"]; len(contentType) == 0 || !strings.HasPrefix(contentType[0], "application/json") {
		t.Fatalf("upload answer Content-Type %v", created.headers)
	}

	csv := "amount,country,prediction,label\n12.5,de,1,1\n80,fr,0,0\n430,de,1,0\n7,us,0,0\n"
	built := callResource(t, host, settings, "POST", "baselines/build?model=fraud&version=3&prediction=prediction&label=label&bins=4",
		[]byte(csv), map[string][]string{"Content-Type": {"text/csv"}})
	if built.code != 201 || built.json(t)["rows"] != float64(4) {
		t.Fatalf("build: %d %s", built.code, built.body)
	}

	listed := callResource(t, host, settings, "GET", "baselines", nil, nil)
	list, _ := listed.json(t)["baselines"].([]any)
	if listed.code != 200 || len(list) != 2 {
		t.Fatalf("list: %d %s", listed.code, listed.body)
	}

	document := callResource(t, host, settings, "GET", "baselines/"+url.PathEscape("fraud@3"), nil, nil)
	if document.code != 200 || document.json(t)["model"] != "fraud" {
		t.Fatalf("get: %d %s", document.code, document.body)
	}

	deleted := callResource(t, host, settings, "DELETE", "baselines/fraud@2.1", nil, nil)
	if deleted.code != 200 {
		t.Fatalf("delete: %d %s", deleted.code, deleted.body)
	}
	if again := callResource(t, host, settings, "GET", "baselines/fraud@2.1", nil, nil); again.code != 404 {
		t.Fatalf("deleted baseline answered %d", again.code)
	}
}

func TestResourceErrors(t *testing.T) {
	host := startGrafanaLike(t)
	settings := storeSettings(t, host)
	for _, c := range []struct {
		name, method, path, body string
		code                     int
		mention                  string
	}{
		{"invalid JSON", "POST", "baselines", `{"schemaVersion":`, 400, "JSON"},
		{"invalid document", "POST", "baselines", `{"schemaVersion":1,"model":"m","version":"1","features":[]}`, 400, ""},
		{"bad CSV", "POST", "baselines/build?model=m&version=1", "a,b\n1\n", 400, "line"},
		{"unknown baseline", "GET", "baselines/nobody@0", "", 404, ""},
		{"wrong method", "PUT", "baselines", "", 405, ""},
		{"unknown path", "GET", "nothing-here", "", 404, ""},
		{"capture without source", "POST", "baselines/capture", `{"model":"m","version":"1"}`, 400, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			answer := callResource(t, host, settings, c.method, c.path, []byte(c.body), map[string][]string{"Content-Type": {"application/json"}})
			if answer.code != c.code {
				t.Fatalf("want %d, got %d: %s", c.code, answer.code, answer.body)
			}
			message, _ := answer.json(t)["error"].(string)
			if message == "" || !strings.Contains(message, c.mention) {
				t.Fatalf("error answer %s should carry an error naming %q", answer.body, c.mention)
			}
		})
	}
}

// TestLargeMessages: Grafana's client (go-plugin's gRPC dial options) sends and accepts messages far above gRPC's
// 4 MiB default; a large baseline goes up in one CallResource request and comes back in a QueryData answer.
func TestLargeMessages(t *testing.T) {
	host := startGrafanaLike(t)
	settings := storeSettings(t, host)
	// 250 categorical features of 1,000 categories each (the schema's limit per feature).
	const features, categories = 250, 1000
	names := make([]string, categories)
	counts := make([]string, categories)
	n := 0
	for i := range names {
		names[i] = fmt.Sprintf(`"category-with-a-long-name-%04d"`, i)
		counts[i] = fmt.Sprint(1 + i%97)
		n += 1 + i%97
	}
	distribution := fmt.Sprintf(`"kind":"categorical","distribution":{"categories":[%s],"counts":[%s]},"n":%d,"missing":0,"nonFinite":0`,
		strings.Join(names, ","), strings.Join(counts, ","), n)
	featureList := make([]string, features)
	for i := range featureList {
		featureList[i] = fmt.Sprintf(`{"name":"code%d",%s}`, i, distribution)
	}
	document := `{"schemaVersion":1,"model":"wide","version":"1","createdAt":"2026-11-01T00:00:00Z","features":[` + strings.Join(featureList, ",") + `]}`
	if len(document) < 6<<20 {
		t.Fatalf("test document only %d bytes", len(document))
	}
	created := callResource(t, host, settings, "POST", "baselines", []byte(document), nil)
	if created.code != 201 {
		t.Fatalf("upload of %d bytes: %d %s", len(document), created.code, truncate(created.body))
	}
	response, err := host.data.QueryData(testContext(t), &pluginv2.QueryDataRequest{
		PluginContext: pluginContext(settings),
		Queries:       []*pluginv2.DataQuery{{RefId: "A", Json: []byte(`{"queryType":"baseline","baseline":"wide@1"}`)}},
	})
	if err != nil {
		t.Fatalf("QueryData: %v", err)
	}
	if size := proto.Size(response); size < 4<<20 {
		t.Fatalf("answer only %d bytes; the test needs more than 4 MiB", size)
	}
	frames, err := data.UnmarshalArrowFrames(response.Responses["A"].Frames)
	if err != nil || len(frames) != features || frames[features-1].Rows() != categories {
		t.Fatalf("decoded %v frames (%v)", len(frames), err)
	}
}
