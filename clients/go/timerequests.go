package qpi

import (
	"context"
	"net/url"
)

// RequestTime asks the administrators for more qpu_seconds.
func (c *Client) RequestTime(ctx context.Context, seconds float64, reason string) (*TimeRequest, error) {
	body := struct {
		Seconds float64 `json:"seconds"`
		Reason  string  `json:"reason"`
	}{seconds, reason}
	var request TimeRequest
	if err := c.do(ctx, "POST", "/api/time-requests", nil, body, &request); err != nil {
		return nil, err
	}
	return &request, nil
}

// ListTimeRequests lists the caller's time requests; all lists everyone's (superusers).
func (c *Client) ListTimeRequests(ctx context.Context, all bool) ([]TimeRequest, error) {
	var query url.Values
	if all {
		query = url.Values{"all": {"true"}}
	}
	var requests list[TimeRequest]
	if err := c.do(ctx, "GET", "/api/time-requests", query, nil, &requests); err != nil {
		return nil, err
	}
	return requests.Items, nil
}

// DecideTimeRequest approves or rejects a pending time request (superusers); an approval
// adds the seconds to the user's balance.
func (c *Client) DecideTimeRequest(ctx context.Context, requestID int64, approve bool, note string) (*DecidedTimeRequest, error) {
	body := struct {
		Approve bool   `json:"approve"`
		Note    string `json:"note,omitempty"`
	}{approve, note}
	var decided DecidedTimeRequest
	if err := c.do(ctx, "POST", "/api/time-requests/"+id(requestID)+"/decide", nil, body, &decided); err != nil {
		return nil, err
	}
	return &decided, nil
}
