package qpi

import (
	"context"
	"net/url"
)

// Login exchanges a user's password for a login token, which the client sends from then
// on. A wrong password is a 401 *APIError; too many attempts a 429.
func (c *Client) Login(ctx context.Context, username, password string) (*Session, error) {
	body := struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}{username, password}
	var session Session
	if err := c.do(ctx, "POST", "/api/auth/login", nil, body, &session); err != nil {
		return nil, err
	}
	c.SetToken(session.Token)
	return &session, nil
}

// Me returns the caller's account.
func (c *Client) Me(ctx context.Context) (*User, error) {
	var user User
	if err := c.do(ctx, "GET", "/api/me", nil, nil, &user); err != nil {
		return nil, err
	}
	return &user, nil
}

// CreateToken makes an API token; the answer holds its secret, shown only now. A login
// token may not make API tokens (403).
func (c *Client) CreateToken(ctx context.Context, token CreateTokenRequest) (*CreatedToken, error) {
	var created CreatedToken
	if err := c.do(ctx, "POST", "/api/tokens", nil, token, &created); err != nil {
		return nil, err
	}
	return &created, nil
}

// ListTokens lists the caller's tokens; administrators may name another user.
func (c *Client) ListTokens(ctx context.Context, user string) ([]Token, error) {
	var query url.Values
	if user != "" {
		query = url.Values{"user": {user}}
	}
	var tokens list[Token]
	if err := c.do(ctx, "GET", "/api/tokens", query, nil, &tokens); err != nil {
		return nil, err
	}
	return tokens.Items, nil
}

// GetToken returns one token's record.
func (c *Client) GetToken(ctx context.Context, tokenID int64) (*Token, error) {
	var token Token
	if err := c.do(ctx, "GET", "/api/tokens/"+id(tokenID), nil, nil, &token); err != nil {
		return nil, err
	}
	return &token, nil
}

// UpdateToken renames a token or changes its expiry.
func (c *Client) UpdateToken(ctx context.Context, tokenID int64, changes UpdateTokenRequest) (*Token, error) {
	var token Token
	if err := c.do(ctx, "PATCH", "/api/tokens/"+id(tokenID), nil, changes, &token); err != nil {
		return nil, err
	}
	return &token, nil
}

// RevokeToken revokes a token at once and returns its record.
func (c *Client) RevokeToken(ctx context.Context, tokenID int64) (*Token, error) {
	var token Token
	if err := c.do(ctx, "DELETE", "/api/tokens/"+id(tokenID), nil, nil, &token); err != nil {
		return nil, err
	}
	return &token, nil
}

// ListUsers lists the users with their balances (superusers).
func (c *Client) ListUsers(ctx context.Context) ([]User, error) {
	var users list[User]
	if err := c.do(ctx, "GET", "/api/admin/users", nil, nil, &users); err != nil {
		return nil, err
	}
	return users.Items, nil
}

// SetBalance sets a user's qpu_seconds balance; nil makes it unlimited (superusers).
func (c *Client) SetBalance(ctx context.Context, user string, seconds *float64) (*User, error) {
	// A struct without omitempty, so that nil goes out as null, which means unlimited.
	body := struct {
		QPUSeconds *float64 `json:"qpu_seconds"`
	}{seconds}
	return c.updateUser(ctx, user, body)
}

// AddSeconds adds qpu_seconds to a user's balance (superusers).
func (c *Client) AddSeconds(ctx context.Context, user string, seconds float64) (*User, error) {
	body := struct {
		AddSeconds float64 `json:"add_seconds"`
	}{seconds}
	return c.updateUser(ctx, user, body)
}

// SetPassword sets a user's login password (superusers); it revokes the user's login tokens.
func (c *Client) SetPassword(ctx context.Context, user, password string) (*User, error) {
	body := struct {
		Password string `json:"password"`
	}{password}
	return c.updateUser(ctx, user, body)
}

func (c *Client) updateUser(ctx context.Context, user string, body any) (*User, error) {
	var account User
	if err := c.do(ctx, "PATCH", "/api/admin/users/"+segment(user), nil, body, &account); err != nil {
		return nil, err
	}
	return &account, nil
}
