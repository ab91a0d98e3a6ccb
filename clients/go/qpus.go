package qpi

import (
	"context"
	"net/url"
	"strconv"
	"time"
)

// ListQPUs lists the QPUs (a public route).
func (c *Client) ListQPUs(ctx context.Context) ([]QPU, error) {
	var qpus list[QPU]
	if err := c.do(ctx, "GET", "/api/qpus", nil, nil, &qpus); err != nil {
		return nil, err
	}
	return qpus.Items, nil
}

// GetQPU returns one QPU; an unknown name is a 404 *APIError.
func (c *Client) GetQPU(ctx context.Context, name string) (*QPU, error) {
	var qpu QPU
	if err := c.do(ctx, "GET", "/api/qpus/"+segment(name), nil, nil, &qpu); err != nil {
		return nil, err
	}
	return &qpu, nil
}

// TelemetryFilter narrows GetTelemetry. Zero values do not filter.
type TelemetryFilter struct {
	Kind string
	// Since keeps events from this time on.
	Since time.Time
	Limit int
}

// GetTelemetry returns a QPU's telemetry events, newest first.
func (c *Client) GetTelemetry(ctx context.Context, qpu string, filter TelemetryFilter) ([]Telemetry, error) {
	query := url.Values{}
	if filter.Kind != "" {
		query.Set("kind", filter.Kind)
	}
	if !filter.Since.IsZero() {
		query.Set("since", filter.Since.UTC().Format(time.RFC3339Nano))
	}
	if filter.Limit > 0 {
		query.Set("limit", strconv.Itoa(filter.Limit))
	}
	var events list[Telemetry]
	if err := c.do(ctx, "GET", "/api/qpus/"+segment(qpu)+"/telemetry", query, nil, &events); err != nil {
		return nil, err
	}
	return events.Items, nil
}

// CreateQPU registers a QPU (superusers). The answer holds its access token and the CA's
// fingerprint, shown only now.
func (c *Client) CreateQPU(ctx context.Context, qpu CreateQPURequest) (*CreatedQPU, error) {
	var created CreatedQPU
	if err := c.do(ctx, "POST", "/api/op/qpus/create", nil, qpu, &created); err != nil {
		return nil, err
	}
	return &created, nil
}

// SetQPUEnabled enables or disables a QPU (superusers); reason is shown while it is
// disabled. A disabled QPU takes no new jobs; they wait.
func (c *Client) SetQPUEnabled(ctx context.Context, name string, enabled bool, reason string) (*QPU, error) {
	body := struct {
		Name    string `json:"name"`
		Enabled bool   `json:"enabled"`
		Reason  string `json:"reason,omitempty"`
	}{name, enabled, reason}
	var qpu QPU
	if err := c.do(ctx, "POST", "/api/op/qpu/toggle", nil, body, &qpu); err != nil {
		return nil, err
	}
	return &qpu, nil
}

// Health returns the controller's liveness answer (a public route).
func (c *Client) Health(ctx context.Context) (*Health, error) {
	var health Health
	if err := c.do(ctx, "GET", "/healthz", nil, nil, &health); err != nil {
		return nil, err
	}
	return &health, nil
}
