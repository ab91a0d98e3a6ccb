package qpi

import "fmt"

// APIError is a request the API refused: the HTTP status and the API's error document
// {"error": {"code", "message", "field"}}. Failures to reach the API at all are not
// APIErrors but the transport's errors, wrapped.
type APIError struct {
	// Status is the HTTP status, such as 404 or 422; 0 for an error that ended an event
	// stream.
	Status int `json:"-"`
	// Code is the API's stable code: malformed, invalid_argument, unauthenticated,
	// forbidden, not_found, conflict, too_large, rate_limited, unavailable, internal…
	Code string `json:"code"`
	// Message says what was wrong and what would be accepted.
	Message string `json:"message"`
	// Field is the request field or query parameter at fault (shots, circuits, state), or
	// empty.
	Field string `json:"field"`
}

func (e *APIError) Error() string {
	text := fmt.Sprintf("qpi: %s: %s", e.Code, e.Message)
	if e.Status != 0 {
		text = fmt.Sprintf("qpi: HTTP %d %s: %s", e.Status, e.Code, e.Message)
	}
	if e.Field != "" {
		text += fmt.Sprintf(" (field %s)", e.Field)
	}
	return text
}
