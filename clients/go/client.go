package qpi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// Client speaks QPI's HTTP API for one caller. It is safe for concurrent use.
type Client struct {
	baseURL string
	// HTTPClient sends the requests; http.DefaultClient when nil. Give one with a
	// tls.Config trusting the cluster's CA for a controller with ServerTLS=true.
	HTTPClient *http.Client

	mu    sync.RWMutex
	token string
}

// NewClient returns a client for the API at baseURL (http://127.0.0.1:8090; a trailing
// slash is ignored) that authenticates with token, an API or login token; an empty token
// calls only the public routes until Login.
func NewClient(baseURL, token string) *Client {
	return &Client{baseURL: strings.TrimRight(baseURL, "/"), token: token}
}

// BaseURL is the API's address as given to NewClient, without a trailing slash.
func (c *Client) BaseURL() string { return c.baseURL }

// Token is the bearer token the client sends; empty when it sends none.
func (c *Client) Token() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.token
}

// SetToken changes the bearer token for the calls that follow.
func (c *Client) SetToken(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.token = token
}

// maxErrorBody bounds how much of a refusal is read: the API's error documents are small,
// and a proxy's error page need not be read whole.
const maxErrorBody = 64 << 10

// do sends one request and decodes a 2xx answer's JSON into out (when out is not nil).
// Any other status becomes an *APIError.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	response, err := c.send(ctx, method, path, query, body, "application/json")
	if err != nil {
		return err
	}
	defer response.Body.Close()
	if out == nil {
		_, err = io.Copy(io.Discard, response.Body)
		return err
	}
	if err := json.NewDecoder(response.Body).Decode(out); err != nil {
		return fmt.Errorf("qpi: %s %s: the answer is not the expected JSON: %w", method, path, err)
	}
	return nil
}

// send sends one request and returns a 2xx response, whose body the caller closes; any
// other status becomes an *APIError.
func (c *Client) send(ctx context.Context, method, path string, query url.Values, body any, accept string) (*http.Response, error) {
	target := c.baseURL + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	var reader io.Reader
	if body != nil {
		encoded, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("qpi: %s %s: encoding the request: %w", method, path, err)
		}
		reader = bytes.NewReader(encoded)
	}
	request, err := http.NewRequestWithContext(ctx, method, target, reader)
	if err != nil {
		return nil, fmt.Errorf("qpi: %s %s: %w", method, path, err)
	}
	request.Header.Set("Accept", accept)
	if body != nil {
		request.Header.Set("Content-Type", "application/json")
	}
	if token := c.Token(); token != "" {
		request.Header.Set("Authorization", "Bearer "+token)
	}
	httpClient := c.HTTPClient
	if httpClient == nil {
		httpClient = http.DefaultClient
	}
	response, err := httpClient.Do(request)
	if err != nil {
		return nil, fmt.Errorf("qpi: %s %s: %w", method, path, err)
	}
	if response.StatusCode < 200 || response.StatusCode > 299 {
		defer response.Body.Close()
		return nil, apiError(response, method, path)
	}
	return response, nil
}

func apiError(response *http.Response, method, path string) error {
	text, _ := io.ReadAll(io.LimitReader(response.Body, maxErrorBody))
	var document struct {
		Error *struct {
			Code    string  `json:"code"`
			Message string  `json:"message"`
			Field   *string `json:"field"`
		} `json:"error"`
	}
	if json.Unmarshal(text, &document) == nil && document.Error != nil {
		refusal := &APIError{Status: response.StatusCode, Code: document.Error.Code, Message: document.Error.Message}
		if document.Error.Field != nil {
			refusal.Field = *document.Error.Field
		}
		return refusal
	}
	// Not the API's error document (a proxy's page, say): the status and the start of the
	// body say enough.
	excerpt := strings.TrimSpace(string(text))
	if len(excerpt) > 200 {
		excerpt = excerpt[:200]
	}
	return &APIError{
		Status:  response.StatusCode,
		Code:    "http_" + strconv.Itoa(response.StatusCode),
		Message: strings.TrimSpace(fmt.Sprintf("%s %s: %s %s", method, path, response.Status, excerpt)),
	}
}

// segment escapes one path segment (a QPU or user name).
func segment(value string) string { return url.PathEscape(value) }

func id(value int64) string { return strconv.FormatInt(value, 10) }
