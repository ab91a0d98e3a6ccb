package qpi

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Event is one change the server reports: a job or a QPU in its new state.
type Event struct {
	// Kind is "job" or "qpu".
	Kind string
	// Job is the job of a "job" event, nil otherwise.
	Job *Job
	// QPU is the QPU of a "qpu" event, nil otherwise.
	QPU *QPU
}

// EventStream is the server's stream of changes (/api/events, Server-Sent Events). It is
// not safe for concurrent use; Close it when done.
type EventStream struct {
	body   io.ReadCloser
	reader *bufio.Reader
}

// Events opens the server's stream of job and QPU changes. When it returns, the server
// has accepted the stream, so every change from then on is reported. Cancelling ctx ends
// the stream. A user may hold 8 streams at once (a ninth is a 429 *APIError).
func (c *Client) Events(ctx context.Context) (*EventStream, error) {
	response, err := c.send(ctx, http.MethodGet, "/api/events", nil, nil, "text/event-stream")
	if err != nil {
		return nil, err
	}
	return &EventStream{body: response.Body, reader: bufio.NewReader(response.Body)}, nil
}

// Next waits for the next job or QPU event. It returns io.EOF when the server ends the
// stream, and an *APIError (with Status 0) when the server ends it for a revoked or expired
// token.
func (s *EventStream) Next() (Event, error) {
	kind, data := "message", []string(nil)
	for {
		line, err := s.reader.ReadString('\n')
		if err != nil {
			if err == io.EOF && line == "" {
				return Event{}, io.EOF
			}
			if err != io.EOF {
				return Event{}, err
			}
		}
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "":
			if len(data) == 0 {
				kind = "message"
				continue
			}
			if kind != "job" && kind != "qpu" && kind != "error" {
				// A kind this client does not know, from a newer server: skipped.
				kind, data = "message", nil
				continue
			}
			return decodeEvent(kind, strings.Join(data, "\n"))
		case strings.HasPrefix(line, ":"):
			// A comment: the server's greeting or keep-alive.
		default:
			field, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch field {
			case "event":
				kind = value
			case "data":
				data = append(data, value)
			}
		}
	}
}

func decodeEvent(kind, data string) (Event, error) {
	event := Event{Kind: kind}
	var err error
	switch kind {
	case "job":
		event.Job = &Job{}
		err = json.Unmarshal([]byte(data), event.Job)
	case "qpu":
		event.QPU = &QPU{}
		err = json.Unmarshal([]byte(data), event.QPU)
	case "error":
		var document struct {
			Error APIError `json:"error"`
		}
		if err := json.Unmarshal([]byte(data), &document); err != nil {
			return Event{}, fmt.Errorf("qpi: the event stream ended with an error that is not the API's: %s", data)
		}
		return Event{}, &document.Error
	}
	if err != nil {
		return Event{}, fmt.Errorf("qpi: a %s event is not the expected JSON: %w", kind, err)
	}
	return event, nil
}

// Close ends the stream.
func (s *EventStream) Close() error { return s.body.Close() }
