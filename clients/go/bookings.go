package qpi

import (
	"context"
	"net/url"
	"time"
)

// Book books a time slot. An overlap with another slot on the same QPU is a 409 *APIError.
func (c *Client) Book(ctx context.Context, slot BookRequest) (*Reservation, error) {
	body := struct {
		QPU   string    `json:"qpu,omitempty"`
		Start time.Time `json:"start"`
		End   time.Time `json:"end"`
		User  string    `json:"user,omitempty"`
		Name  string    `json:"name,omitempty"`
	}{slot.QPU, slot.Start, slot.End, slot.User, slot.Name}
	var reservation Reservation
	if err := c.do(ctx, "POST", "/api/reservations", nil, body, &reservation); err != nil {
		return nil, err
	}
	return &reservation, nil
}

// ListReservations lists everyone's bookings, or only those of one QPU or user (empty
// strings do not filter).
func (c *Client) ListReservations(ctx context.Context, qpu, user string) ([]Reservation, error) {
	query := url.Values{}
	if qpu != "" {
		query.Set("qpu", qpu)
	}
	if user != "" {
		query.Set("user", user)
	}
	var reservations list[Reservation]
	if err := c.do(ctx, "GET", "/api/reservations", query, nil, &reservations); err != nil {
		return nil, err
	}
	return reservations.Items, nil
}

// GetReservation returns one booking.
func (c *Client) GetReservation(ctx context.Context, reservationID int64) (*Reservation, error) {
	var reservation Reservation
	if err := c.do(ctx, "GET", "/api/reservations/"+id(reservationID), nil, nil, &reservation); err != nil {
		return nil, err
	}
	return &reservation, nil
}

// CancelReservation cancels one of the caller's bookings (any, for administrators).
func (c *Client) CancelReservation(ctx context.Context, reservationID int64) (*Reservation, error) {
	var reservation Reservation
	if err := c.do(ctx, "DELETE", "/api/reservations/"+id(reservationID), nil, nil, &reservation); err != nil {
		return nil, err
	}
	return &reservation, nil
}
