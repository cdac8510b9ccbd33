package gohost

// QueryData for every query type, range and instant, through Grafana's plugin client against the real
// Prometheus that stack.ts started; each answer is decoded with the SDK and compared with what our JavaScript
// host decoded for the same query (both must agree), then checked against the scenario (tests/prometheus/scenario.ts).

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

type queryCase struct {
	Name       string            `json:"name"`
	Query      json.RawMessage   `json:"query"`
	FromMs     int64             `json:"fromMs"`
	ToMs       int64             `json:"toMs"`
	IntervalMs int64             `json:"intervalMs"`
	Headers    map[string]string `json:"headers"`
	JavaScript struct {
		Status      int32             `json:"status"`
		Error       string            `json:"error"`
		ErrorSource string            `json:"errorSource"`
		Frames      []comparableFrame `json:"frames"`
	} `json:"javascript"`
}

type casesFile struct {
	PrometheusURL string          `json:"prometheusUrl"`
	BaselineID    string          `json:"baselineId"`
	Baseline      json.RawMessage `json:"baseline"`
	Scenario      struct {
		StartMs int64 `json:"startMs"`
		ShiftMs int64 `json:"shiftMs"`
		NowMs   int64 `json:"nowMs"`
		HourMs  int64 `json:"hourMs"`
	} `json:"scenario"`
	Cases []queryCase `json:"cases"`
}

// loadCases reads the file stack.ts writes; without it (go test run on its own) query tests are skipped.
func loadCases(t *testing.T) *casesFile {
	t.Helper()
	path := os.Getenv("GOHOST_CASES")
	if path == "" {
		t.Skip("GOHOST_CASES not set: run through `npx tsx tests/gohost/stack.ts`, which starts Prometheus")
	}
	bytes, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases casesFile
	if err := json.Unmarshal(bytes, &cases); err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	return &cases
}

func (c *casesFile) jsonData() []byte {
	encoded, _ := json.Marshal(map[string]any{"prometheusUrl": c.PrometheusURL, "minStep": "15s"})
	return encoded
}

func (q queryCase) proto(refID string) *pluginv2.DataQuery {
	return &pluginv2.DataQuery{
		RefId:         refID,
		MaxDataPoints: 1000,
		IntervalMS:    q.IntervalMs,
		TimeRange:     &pluginv2.TimeRange{FromEpochMS: q.FromMs, ToEpochMS: q.ToMs},
		Json:          q.Query,
	}
}

// decoded is one query's answer as Grafana holds it after backend.FromProto.
type decoded struct {
	status backend.Status
	err    string
	source backend.ErrorSource
	frames data.Frames
}

func queryData(t *testing.T, host *pluginHost, cases *casesFile, headers map[string]string, queries map[string]queryCase) map[string]decoded {
	t.Helper()
	return queryDataWith(t, host, cases.jsonData(), headers, queries)
}

func queryDataWith(t *testing.T, host *pluginHost, jsonData []byte, headers map[string]string, queries map[string]queryCase) map[string]decoded {
	t.Helper()
	request := &pluginv2.QueryDataRequest{PluginContext: pluginContext(jsonData), Headers: headers}
	for refID, q := range queries {
		request.Queries = append(request.Queries, q.proto(refID))
	}
	response, err := host.data.QueryData(testContext(t), request)
	if err != nil {
		t.Fatalf("QueryData: %v", err)
	}
	// backend.FromProto().QueryDataResponse decodes every frame with data.UnmarshalArrowFrames.
	converted, err := backend.FromProto().QueryDataResponse(response)
	if err != nil {
		t.Fatalf("decoding the answer as Grafana does: %v", err)
	}
	out := map[string]decoded{}
	for refID, r := range converted.Responses {
		d := decoded{status: r.Status, source: r.ErrorSource, frames: r.Frames}
		if r.Error != nil {
			d.err = r.Error.Error()
		}
		out[refID] = d
	}
	// The same frames decoded directly from the wire bytes, as Grafana's expression service reads them.
	for refID, raw := range response.Responses {
		frames, err := data.UnmarshalArrowFrames(raw.Frames)
		if err != nil {
			t.Fatalf("%s: data.UnmarshalArrowFrames: %v", refID, err)
		}
		if len(frames) != len(out[refID].frames) {
			t.Fatalf("%s: %d frames on the wire, %d after conversion", refID, len(frames), len(out[refID].frames))
		}
	}
	return out
}

var (
	queryHostOnce sync.Once
	queryHost     *pluginHost
	queryHostErr  string
)

// sharedQueryHost is one plugin process for all query tests, holding the scenario's baseline (uploaded through
// CallResource as Grafana's resource proxy would).
func sharedQueryHost(t *testing.T, cases *casesFile) *pluginHost {
	t.Helper()
	queryHostOnce.Do(func() {
		dataDir, err := os.MkdirTemp("", "mlops-gohost-")
		if err != nil {
			queryHostErr = err.Error()
			return
		}
		host := startPlugin(t, append(grafanaPluginEnv(), grafanaHostEnv(dataDir)...))
		host.dataDir = dataDir
		answer := callResource(t, host, cases.jsonData(), "POST", "baselines", cases.Baseline, nil)
		if answer.code != 201 {
			queryHostErr = fmt.Sprintf("uploading the scenario baseline answered %d: %s", answer.code, answer.body)
			host.client.Kill()
			return
		}
		queryHost = host
	})
	if queryHost == nil {
		t.Fatal(queryHostErr)
	}
	return queryHost
}

func TestMain(m *testing.M) {
	code := m.Run()
	if queryHost != nil {
		queryHost.client.Kill()
		_ = os.RemoveAll(queryHost.dataDir)
	}
	os.Exit(code)
}

func TestQueriesAgreeWithJavaScriptHost(t *testing.T) {
	cases := loadCases(t)
	host := sharedQueryHost(t, cases)
	for _, q := range cases.Cases {
		t.Run(q.Name, func(t *testing.T) {
			answer := queryData(t, host, cases, q.Headers, map[string]queryCase{"A": q})["A"]
			js := q.JavaScript
			if int32(answer.status) != js.Status || answer.err != js.Error || string(answer.source) != js.ErrorSource {
				t.Fatalf("status/error differ: Go host %d %q (%s), JavaScript host %d %q (%s)", answer.status, answer.err, answer.source, js.Status, js.Error, js.ErrorSource)
			}
			if len(answer.frames) != len(js.Frames) {
				t.Fatalf("Go host decoded %d frames, JavaScript host %d", len(answer.frames), len(js.Frames))
			}
			for i, frame := range answer.frames {
				got, err := toComparable(frame)
				if err != nil {
					t.Fatalf("frame %d: %v", i, err)
				}
				if !reflect.DeepEqual(normalise(got), normalise(js.Frames[i])) {
					gotJSON, _ := json.Marshal(got)
					wantJSON, _ := json.Marshal(js.Frames[i])
					t.Fatalf("frame %d differs\nGo host (SDK decoder): %s\nJavaScript host:       %s", i, truncate(gotJSON), truncate(wantJSON))
				}
			}
			check, ok := scenarioChecks[q.Name]
			if !ok {
				t.Fatalf("no scenario check for case %q", q.Name)
			}
			check(t, cases, answer)
		})
	}
}

// TestQueriesInOneRequest sends every case in one request, as a dashboard with many panels' queries does:
// each refId gets its own answer, failing ones do not disturb the others.
func TestQueriesInOneRequest(t *testing.T) {
	cases := loadCases(t)
	host := sharedQueryHost(t, cases)
	queries := map[string]queryCase{}
	for i, q := range cases.Cases {
		queries[fmt.Sprintf("Q%02d", i)] = q
	}
	answers := queryData(t, host, cases, map[string]string{}, queries)
	for refID, q := range queries {
		answer, ok := answers[refID]
		if !ok {
			t.Fatalf("no answer for %s (%s)", refID, q.Name)
		}
		if int32(answer.status) != q.JavaScript.Status || len(answer.frames) != len(q.JavaScript.Frames) {
			t.Errorf("%s (%s): status %d with %d frames, alone %d with %d", refID, q.Name, answer.status, len(answer.frames), q.JavaScript.Status, len(q.JavaScript.Frames))
		}
		for _, frame := range answer.frames {
			if frame.RefID != refID {
				t.Errorf("%s: frame %q carries refId %q", refID, frame.Name, frame.RefID)
			}
		}
	}
}

// normalise turns both sides into plain JSON values (numbers as float64, empty maps as nil).
func normalise(frame comparableFrame) any {
	value, _ := jsonValue(frame)
	return value
}

func truncate(b []byte) string {
	if len(b) > 1500 {
		return string(b[:1500]) + "…"
	}
	return string(b)
}

type scenarioCheck func(t *testing.T, cases *casesFile, answer decoded)

func requireType(t *testing.T, frames data.Frames, want data.FrameType) {
	t.Helper()
	if len(frames) == 0 {
		t.Fatal("no frames")
	}
	for _, frame := range frames {
		frameType, version := frame.TypeInfo("")
		if frameType != want || version != (data.FrameTypeVersion{0, 1}) {
			t.Fatalf("frame %q is %q %v, want %q 0.1", frame.Name, frameType, version, want)
		}
		if !frameType.IsKnownType() {
			t.Fatalf("frame type %q is not one the SDK knows", frameType)
		}
	}
}

// series finds the one timeseries-multi frame whose value field has `name` and includes `labels`.
func series(t *testing.T, frames data.Frames, name string, labels map[string]string) (times []time.Time, values []float64) {
	t.Helper()
	for _, frame := range frames {
		if len(frame.Fields) != 2 || frame.Fields[1].Name != name {
			continue
		}
		matches := true
		for k, v := range labels {
			if frame.Fields[1].Labels[k] != v {
				matches = false
			}
		}
		if !matches {
			continue
		}
		if frame.Fields[0].Type().NonNullableType() != data.FieldTypeTime {
			t.Fatalf("frame %q: first field is %s, not time", frame.Name, frame.Fields[0].Type())
		}
		for i := 0; i < frame.Rows(); i++ {
			ts, _ := frame.Fields[0].ConcreteAt(i)
			value, err := frame.Fields[1].FloatAt(i)
			if err != nil {
				t.Fatal(err)
			}
			times = append(times, ts.(time.Time))
			values = append(values, value)
		}
		return times, values
	}
	t.Fatalf("no %s series with labels %v", name, labels)
	return nil, nil
}

// beforeAfter splits a series at the scenario's shift (and one window after it).
func beforeAfter(cases *casesFile, times []time.Time, values []float64) (before, after []float64) {
	for i, ts := range times {
		switch ms := ts.UnixMilli(); {
		case ms <= cases.Scenario.ShiftMs:
			before = append(before, values[i])
		case ms >= cases.Scenario.ShiftMs+cases.Scenario.HourMs:
			after = append(after, values[i])
		}
	}
	return before, after
}

func requireAll(t *testing.T, what string, values []float64, ok func(float64) bool) {
	t.Helper()
	if len(values) == 0 {
		t.Fatalf("%s: no values", what)
	}
	for _, v := range values {
		if !ok(v) {
			t.Fatalf("%s: value %v out of range (all: %v)", what, v, values)
		}
	}
}

// requireInstances reads an instant answer as alerting does; every instance must carry a value.
func requireInstances(t *testing.T, frames data.Frames) []alertInstance {
	t.Helper()
	requireType(t, frames, data.FrameTypeNumericMulti)
	instances, err := alertInstances(frames)
	if err != nil {
		t.Fatalf("alerting would reject this answer: %v", err)
	}
	for _, instance := range instances {
		if instance.Value == nil {
			t.Fatalf("instance %s has no value", instance.Labels)
		}
	}
	return instances
}

func instancesByLabel(t *testing.T, frames data.Frames, label string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for _, instance := range requireInstances(t, frames) {
		out[instance.Labels[label]] = *instance.Value
	}
	return out
}

func requireFailure(status backend.Status, fragment string) scenarioCheck {
	return func(t *testing.T, _ *casesFile, answer decoded) {
		if answer.status != status || !strings.Contains(answer.err, fragment) || len(answer.frames) != 0 {
			t.Fatalf("want status %d with an error naming %q and no frames, got %d %q (%d frames)", status, fragment, answer.status, answer.err, len(answer.frames))
		}
		if answer.source != backend.ErrorSourcePlugin {
			t.Fatalf("error source %q, want plugin", answer.source)
		}
	}
}

func below(limit float64) func(float64) bool { return func(v float64) bool { return v < limit } }
func above(limit float64) func(float64) bool { return func(v float64) bool { return v > limit } }

var scenarioChecks = map[string]scenarioCheck{
	"drift-range": func(t *testing.T, cases *casesFile, answer decoded) {
		requireType(t, answer.frames, data.FrameTypeTimeSeriesMulti)
		for _, feature := range []string{"age", "plan"} {
			times, scores := series(t, answer.frames, "score", map[string]string{"feature": feature, "method": "psi"})
			before, after := beforeAfter(cases, times, scores)
			requireAll(t, feature+" before the shift", before, below(0.02))
			requireAll(t, feature+" after the shift", after, above(0.5))
		}
		_, income := series(t, answer.frames, "score", map[string]string{"feature": "income"})
		requireAll(t, "income", income, below(0.02))
	},
	"drift-range-pvalue": func(t *testing.T, cases *casesFile, answer decoded) {
		requireType(t, answer.frames, data.FrameTypeTimeSeriesMulti)
		times, pValues := series(t, answer.frames, "p_value", map[string]string{"feature": "plan", "method": "chi2"})
		_, after := beforeAfter(cases, times, pValues)
		requireAll(t, "plan p-value after the shift", after, below(1e-6))
	},
	"drift-instant": func(t *testing.T, _ *casesFile, answer decoded) {
		byFeature := instancesByLabel(t, answer.frames, "feature")
		if len(byFeature) != 3 {
			t.Fatalf("want one alert instance per feature, got %v", byFeature)
		}
		if !(byFeature["age"] > 1 && byFeature["plan"] > 1 && byFeature["income"] < 1) {
			t.Fatalf("normalised drift: want age and plan > 1, income < 1; got %v", byFeature)
		}
	},
	"distribution": func(t *testing.T, _ *casesFile, answer decoded) {
		if len(answer.frames) != 2 || answer.frames[0].Name != "age" || answer.frames[1].Name != "plan" {
			t.Fatalf("want table frames age and plan, got %d", len(answer.frames))
		}
		for _, frame := range answer.frames {
			if frameType, _ := frame.TypeInfo(""); frameType != data.FrameTypeUnknown {
				t.Fatalf("distribution frame %q typed %q; panels read it as a plain table", frame.Name, frameType)
			}
		}
		ratio, _ := answer.frames[0].FieldByName("current_ratio")
		if ratio == nil || ratio.Len() != 10 {
			t.Fatal("age frame: want 10 current_ratio rows")
		}
		// After the shift age ~ N(1, 1): P(X > 2) ≈ 0.159.
		if last, _ := ratio.FloatAt(9); last < 0.14 || last > 0.18 {
			t.Fatalf("age share above 2: %v", last)
		}
	},
	"confusion": func(t *testing.T, _ *casesFile, answer decoded) {
		if len(answer.frames) != 3 {
			t.Fatalf("want confusion, classes and summary frames, got %d", len(answer.frames))
		}
		matrix := answer.frames[0]
		counts, _ := matrix.FieldByName("count")
		var total, correct float64
		for i := 0; i < counts.Len(); i++ {
			n, _ := counts.FloatAt(i)
			actual, _ := matrix.Fields[0].ConcreteAt(i)
			predicted, _ := matrix.Fields[1].ConcreteAt(i)
			total += n
			if actual == predicted {
				correct += n
			}
		}
		accuracyField, _ := answer.frames[2].FieldByName("accuracy")
		accuracy, _ := accuracyField.FloatAt(0)
		if math.Abs(accuracy-correct/total) > 1e-12 || accuracy < 0.56 || accuracy > 0.64 {
			t.Fatalf("accuracy %v, matrix says %v (want about 0.6)", accuracy, correct/total)
		}
	},
	"performance-range": func(t *testing.T, cases *casesFile, answer decoded) {
		requireType(t, answer.frames, data.FrameTypeTimeSeriesMulti)
		times, accuracy := series(t, answer.frames, "accuracy", nil)
		before, after := beforeAfter(cases, times, accuracy)
		requireAll(t, "accuracy before the shift", before, above(0.85))
		requireAll(t, "accuracy after the shift", after, below(0.65))
	},
	"performance-instant": func(t *testing.T, _ *casesFile, answer decoded) {
		instances := requireInstances(t, answer.frames)
		// accuracy (model-wide) plus f1 for each of the two classes.
		if len(instances) != 3 {
			t.Fatalf("want 3 alert instances, got %d", len(instances))
		}
		for _, instance := range instances {
			if instance.Labels["model"] == "" || *instance.Value < 0 || *instance.Value > 1 {
				t.Fatalf("instance %s = %v", instance.Labels, *instance.Value)
			}
		}
	},
	"performance-instant-all": func(t *testing.T, _ *casesFile, answer decoded) {
		instances := requireInstances(t, answer.frames)
		// accuracy and the macro averages share the model's labels and get a quantity label; prediction_drift is
		// unique through its method label and keeps its labels as they were.
		byQuantity := map[string]float64{}
		for _, instance := range instances {
			switch {
			case instance.Labels["method"] != "":
				byQuantity["prediction_drift"] = *instance.Value
			case instance.Labels["class"] == "":
				byQuantity[instance.Labels["quantity"]] = *instance.Value
			}
		}
		if byQuantity["accuracy"] > 0.65 || byQuantity["macro_f1"] <= 0 || byQuantity["prediction_drift"] <= 1 {
			t.Fatalf("model-wide instances by quantity: %v", byQuantity)
		}
	},
	"drift-range-explain": func(t *testing.T, cases *casesFile, answer decoded) {
		requireType(t, answer.frames, data.FrameTypeTimeSeriesMulti)
		for _, frame := range answer.frames {
			// time, score, then the text field a panel reads and Grafana's series readers pass over.
			if len(frame.Fields) != 3 || frame.Fields[1].Name != "score" || frame.Fields[2].Name != "top_contributors" || frame.Fields[2].Type().NonNullableType() != data.FieldTypeString {
				t.Fatalf("frame %q: want time, score, top_contributors (string), got %d fields", frame.Name, len(frame.Fields))
			}
			if frame.Fields[1].Labels["feature"] != "plan" {
				continue
			}
			for i := 0; i < frame.Rows(); i++ {
				ts, _ := frame.Fields[0].ConcreteAt(i)
				text, _ := frame.Fields[2].ConcreteAt(i)
				if ts.(time.Time).UnixMilli() >= cases.Scenario.ShiftMs+cases.Scenario.HourMs && !strings.HasPrefix(fmt.Sprint(text), "team ") {
					t.Fatalf("plan after the shift: top contributors %q, want team first", text)
				}
			}
		}
	},
	"drift-instant-explain": func(t *testing.T, _ *casesFile, answer decoded) {
		instances := requireInstances(t, answer.frames)
		if len(instances) != 3 {
			t.Fatalf("want one instance per feature, got %d", len(instances))
		}
		for _, instance := range instances {
			if instance.Labels["bin"] == "" || *instance.Value <= 0 || *instance.Value > 1 {
				t.Fatalf("instance %s: want a bin label and a share in (0, 1], got %v", instance.Labels, *instance.Value)
			}
			if instance.Labels["feature"] == "plan" && instance.Labels["bin"] != "team" {
				t.Fatalf("plan's top contributor %q, want team", instance.Labels["bin"])
			}
		}
	},
	"drift-instant-share": func(t *testing.T, _ *casesFile, answer decoded) {
		instances := requireInstances(t, answer.frames)
		if len(instances) != 1 || len(instances[0].Labels) != 2 || math.Abs(*instances[0].Value-2.0/3) > 1e-12 {
			t.Fatalf("want one drift_share instance labelled model and version at 2/3, got %v", instances)
		}
	},
	"drift-instant-pvalue": func(t *testing.T, _ *casesFile, answer decoded) {
		byQuantity := instancesByLabel(t, answer.frames, "quantity")
		if len(byQuantity) != 2 || byQuantity["score"] <= 0 || byQuantity["p_value"] >= 1e-6 {
			t.Fatalf("plan's chi2 score and p-value as two instances: %v", byQuantity)
		}
	},
	"dataQuality-range": func(t *testing.T, _ *casesFile, answer decoded) {
		requireType(t, answer.frames, data.FrameTypeTimeSeriesMulti)
		_, missing := series(t, answer.frames, "missing_rate", map[string]string{"feature": "age"})
		requireAll(t, "age missing rate", missing, func(v float64) bool { return math.Abs(v-2.0/42) < 0.005 })
	},
	"dataQuality-instant": func(t *testing.T, _ *casesFile, answer decoded) {
		instances := requireInstances(t, answer.frames)
		// Several rates per feature share the feature's labels: the quantity label keeps each instance unique.
		found := false
		for _, instance := range instances {
			if instance.Labels["feature"] == "age" && instance.Labels["quantity"] == "missing_rate" && math.Abs(*instance.Value-2.0/42) < 0.005 {
				found = true
			}
		}
		if !found {
			t.Fatalf("no instance for age's missing rate of about 2/42 among %d", len(instances))
		}
	},
	"baseline": func(t *testing.T, _ *casesFile, answer decoded) {
		if len(answer.frames) != 3 {
			t.Fatalf("want a frame per baseline feature, got %d", len(answer.frames))
		}
		counts, _ := answer.frames[0].FieldByName("baseline")
		if counts == nil {
			t.Fatal("age frame has no baseline field")
		}
		var n float64
		for i := 0; i < counts.Len(); i++ {
			c, _ := counts.FloatAt(i)
			n += c
		}
		if math.Abs(n-100000) > 5 {
			t.Fatalf("age baseline counts sum to %v, want about 100000", n)
		}
	},
	"error-unknown-baseline": requireFailure(backend.StatusNotFound, "nobody@0"),
	"error-unknown-type":     requireFailure(backend.StatusBadRequest, "forecast"),
}

// TestCaptureThroughResource takes a baseline from the pre-shift hours of the real Prometheus through
// CallResource, queries drift against it (no drift before the shift, drift after it), and deletes it.
func TestCaptureThroughResource(t *testing.T) {
	cases := loadCases(t)
	host := sharedQueryHost(t, cases)
	// Its own store directory, so the captured churn@1.0 does not replace the scenario's baseline.
	settings, _ := json.Marshal(map[string]any{"prometheusUrl": cases.PrometheusURL, "minStep": "15s", "baselineDirectory": t.TempDir()})
	body, _ := json.Marshal(map[string]any{
		"model": "churn \"v2\"\\prod", "version": "1.0", "source": "prometheus",
		"from": cases.Scenario.StartMs + 10*60_000, "to": cases.Scenario.ShiftMs,
	})
	captured := callResource(t, host, settings, "POST", "baselines/capture", body, map[string][]string{"Content-Type": {"application/json"}})
	if captured.code != 201 {
		t.Fatalf("capture: %d %s", captured.code, captured.body)
	}
	id, _ := captured.json(t)["id"].(string)
	query, _ := json.Marshal(map[string]any{"queryType": "drift", "baseline": id, "method": "psi", "window": "1h", "features": []string{"age"}})
	q := queryCase{Query: query, FromMs: cases.Scenario.StartMs + cases.Scenario.HourMs, ToMs: cases.Scenario.NowMs, IntervalMs: 15 * 60_000}
	answer := queryDataWith(t, host, settings, nil, map[string]queryCase{"A": q})["A"]
	if answer.err != "" {
		t.Fatalf("drift against the captured baseline: %s", answer.err)
	}
	times, scores := series(t, answer.frames, "score", map[string]string{"feature": "age"})
	before, after := beforeAfter(cases, times, scores)
	requireAll(t, "age before the shift", before, below(0.02))
	requireAll(t, "age after the shift", after, above(0.5))
	if deleted := callResource(t, host, settings, "DELETE", "baselines/"+id, nil, nil); deleted.code != 200 {
		t.Fatalf("delete captured: %d %s", deleted.code, deleted.body)
	}
}

// TestAlertingNoDataAndDownstreamErrors: what an alert rule sees when the model has no traffic (no instances:
// NoData) and when Prometheus cannot be reached (a per-query error Grafana classifies as downstream).
func TestAlertingNoDataAndDownstreamErrors(t *testing.T) {
	cases := loadCases(t)
	host := sharedQueryHost(t, cases)
	ghost := `{"schemaVersion":1,"model":"ghost","version":"1","createdAt":"2026-11-01T00:00:00Z","features":[
{"name":"age","kind":"numeric","histogram":{"upperBounds":[0],"counts":[5,5]},
 "summary":{"n":10,"min":-1,"max":1,"mean":0,"std":1,"quantiles":{"levels":[0.5],"values":[0]}},"missing":0,"nonFinite":0}]}`
	if stored := callResource(t, host, cases.jsonData(), "POST", "baselines", []byte(ghost), nil); stored.code != 201 {
		t.Fatalf("upload: %d %s", stored.code, stored.body)
	}
	instant := func(baseline string) queryCase {
		query, _ := json.Marshal(map[string]any{"queryType": "drift", "baseline": baseline, "window": "1h", "instant": true, "normalizeByThreshold": true})
		return queryCase{Query: query, FromMs: cases.Scenario.NowMs - cases.Scenario.HourMs, ToMs: cases.Scenario.NowMs, IntervalMs: 15_000}
	}
	alert := map[string]string{"FromAlert": "true"}

	silent := queryData(t, host, cases, alert, map[string]queryCase{"A": instant("ghost@1")})["A"]
	instances, err := alertInstances(silent.frames)
	if silent.status != backend.StatusOK || err != nil || len(instances) != 0 {
		t.Fatalf("no traffic: want status 200 and no instances (NoData), got %d, %d instances, %v", silent.status, len(instances), err)
	}

	offline, _ := json.Marshal(map[string]any{"prometheusUrl": "http://127.0.0.1:1", "timeoutSeconds": 2})
	failed := queryDataWith(t, host, offline, alert, map[string]queryCase{"A": instant(cases.BaselineID)})["A"]
	if failed.source != backend.ErrorSourceDownstream || failed.status < 400 || failed.err == "" || len(failed.frames) != 0 {
		t.Fatalf("unreachable Prometheus: want a downstream error, got %d %q (%s)", failed.status, failed.err, failed.source)
	}
}
