package gohost

// Frames as Grafana reads them: decoded by the SDK's data.UnmarshalArrowFrames, typed by Frame.TypeInfo, and
// instant answers turned into alert instances the way Grafana's server-side expressions do for numeric-multi
// frames (grafana/grafana pkg/expr/converter.go and pkg/expr/mathexp: every number field of a frame is one
// Number with the field's labels, a frame may hold at most one row, a label set may appear only once, and
// frames without fields are NoData). The check below is our own, written from that description.

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// comparableFrame is the shape stack.ts writes for the JavaScript host's answers.
type comparableFrame struct {
	Name   string            `json:"name"`
	Meta   any               `json:"meta"`
	Fields []comparableField `json:"fields"`
}

type comparableField struct {
	Name   string            `json:"name"`
	Type   string            `json:"type"`
	Labels map[string]string `json:"labels"`
	Config any               `json:"config"`
	Values []any             `json:"values"`
}

func comparableNumber(v float64) any {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return v
}

// comparableValue maps an SDK field cell to the JSON value stack.ts writes for the same cell.
func comparableValue(field *data.Field, row int) (any, error) {
	value, ok := field.ConcreteAt(row)
	if !ok {
		return nil, nil // a null in a nullable field
	}
	switch typed := value.(type) {
	case float64:
		return comparableNumber(typed), nil
	case int64:
		return float64(typed), nil
	case string, bool:
		return typed, nil
	case time.Time:
		return float64(typed.UnixNano()) / 1e6, nil
	}
	return nil, fmt.Errorf("unexpected value type %T", value)
}

func fieldTypeName(t data.FieldType) string {
	switch t.NonNullableType() {
	case data.FieldTypeFloat64:
		return "number"
	case data.FieldTypeInt64:
		return "int64"
	case data.FieldTypeString:
		return "string"
	case data.FieldTypeBool:
		return "boolean"
	case data.FieldTypeTime:
		return "time"
	}
	return t.String()
}

// jsonValue round-trips through JSON so SDK structs compare with the plain JSON the other host produced:
// anything the SDK's types do not know is dropped here exactly as Grafana drops it.
func jsonValue(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	encoded, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var decoded any
	err = json.Unmarshal(encoded, &decoded)
	return decoded, err
}

func toComparable(frame *data.Frame) (comparableFrame, error) {
	out := comparableFrame{Name: frame.Name}
	var err error
	if frame.Meta != nil {
		if out.Meta, err = jsonValue(frame.Meta); err != nil {
			return out, err
		}
		// The SDK writes typeVersion [0, 0] for frames without a type; the other host leaves it out.
		if meta, ok := out.Meta.(map[string]any); ok && frame.Meta.TypeVersion.IsZero() {
			delete(meta, "typeVersion")
		}
	}
	for _, field := range frame.Fields {
		cf := comparableField{Name: field.Name, Type: fieldTypeName(field.Type()), Labels: map[string]string(field.Labels), Values: []any{}}
		if cf.Labels == nil {
			cf.Labels = map[string]string{}
		}
		if field.Config != nil {
			if cf.Config, err = jsonValue(field.Config); err != nil {
				return out, err
			}
		}
		for i := 0; i < field.Len(); i++ {
			value, err := comparableValue(field, i)
			if err != nil {
				return out, fmt.Errorf("field %s row %d: %w", field.Name, i, err)
			}
			cf.Values = append(cf.Values, value)
		}
		out.Fields = append(out.Fields, cf)
	}
	return out, nil
}

// alertInstance is one result of an instant query as alerting sees it.
type alertInstance struct {
	Labels data.Labels
	Value  *float64
}

// alertInstances reads numeric-multi frames as Grafana's expression engine does; anything else is an error.
func alertInstances(frames data.Frames) ([]alertInstance, error) {
	var instances []alertInstance
	seen := map[string]bool{}
	for _, frame := range frames {
		if len(frame.Fields) == 0 {
			continue // a frame without fields (notices only) is NoData
		}
		frameType, version := frame.TypeInfo("")
		if frameType != data.FrameTypeNumericMulti || version.Greater(data.FrameTypeVersion{0, 1}) || version.Less(data.FrameTypeVersion{0, 1}) {
			return nil, fmt.Errorf("frame %q is %q %v, not numeric-multi 0.1", frame.Name, frameType, version)
		}
		if frame.Rows() > 1 {
			return nil, fmt.Errorf("numeric-multi frame %q has %d rows", frame.Name, frame.Rows())
		}
		for _, field := range frame.Fields {
			if !field.Type().Numeric() {
				return nil, fmt.Errorf("numeric-multi frame %q has a %s field %q", frame.Name, field.Type(), field.Name)
			}
			key := field.Labels.String()
			if seen[key] {
				return nil, fmt.Errorf("duplicate label set %s", key)
			}
			seen[key] = true
			instance := alertInstance{Labels: field.Labels}
			if field.Len() == 1 {
				if _, ok := field.ConcreteAt(0); ok {
					f, err := field.FloatAt(0)
					if err != nil {
						return nil, err
					}
					instance.Value = &f
				}
			}
			instances = append(instances, instance)
		}
	}
	sort.Slice(instances, func(i, j int) bool { return instances[i].Labels.String() < instances[j].Labels.String() })
	return instances, nil
}
