package qpi

import (
	"context"
	"net/url"
	"time"
)

// Book books a time slot. An overlap with another slot on the same QPU is a 409 *APIError.
func (c *Client) Book(ctx context.Context, request BookRequest) (*Slot, error) {
	body := struct {
		QPU   string    `json:"qpu,omitempty"`
		Start time.Time `json:"start"`
		End   time.Time `json:"end"`
		User  string    `json:"user,omitempty"`
		Name  string    `json:"name,omitempty"`
	}{request.QPU, request.Start, request.End, request.User, request.Name}
	var slot Slot
	if err := c.do(ctx, "POST", "/api/slots", nil, body, &slot); err != nil {
		return nil, err
	}
	return &slot, nil
}

// ListSlots lists everyone's booked slots, or only those of one QPU or user (empty
// strings do not filter).
func (c *Client) ListSlots(ctx context.Context, qpu, user string) ([]Slot, error) {
	query := url.Values{}
	if qpu != "" {
		query.Set("qpu", qpu)
	}
	if user != "" {
		query.Set("user", user)
	}
	var slots list[Slot]
	if err := c.do(ctx, "GET", "/api/slots", query, nil, &slots); err != nil {
		return nil, err
	}
	return slots.Items, nil
}

// GetSlot returns one booked slot.
func (c *Client) GetSlot(ctx context.Context, slotID int64) (*Slot, error) {
	var slot Slot
	if err := c.do(ctx, "GET", "/api/slots/"+id(slotID), nil, nil, &slot); err != nil {
		return nil, err
	}
	return &slot, nil
}

// CancelSlot cancels one of the caller's slots (any, for administrators).
func (c *Client) CancelSlot(ctx context.Context, slotID int64) (*Slot, error) {
	var slot Slot
	if err := c.do(ctx, "DELETE", "/api/slots/"+id(slotID), nil, nil, &slot); err != nil {
		return nil, err
	}
	return &slot, nil
}
