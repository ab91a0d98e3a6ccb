package qpi

import (
	"context"
	"net/url"
)

// ListNotifications lists the caller's notifications: meant for them, active, not
// dismissed. all lists every notification in any state (superusers).
func (c *Client) ListNotifications(ctx context.Context, all bool) ([]Notification, error) {
	var query url.Values
	if all {
		query = url.Values{"all": {"true"}}
	}
	var notifications list[Notification]
	if err := c.do(ctx, "GET", "/api/notifications", query, nil, &notifications); err != nil {
		return nil, err
	}
	return notifications.Items, nil
}

// DismissNotification hides a notification from the caller's listings for good.
func (c *Client) DismissNotification(ctx context.Context, notificationID int64) (*Notification, error) {
	var notification Notification
	if err := c.do(ctx, "POST", "/api/notifications/"+id(notificationID)+"/dismiss", nil, nil, &notification); err != nil {
		return nil, err
	}
	return &notification, nil
}

// CreateNotification posts a notification (superusers). Title and Message are required.
func (c *Client) CreateNotification(ctx context.Context, request NotificationRequest) (*Notification, error) {
	var notification Notification
	if err := c.do(ctx, "POST", "/api/notifications", nil, request.body(), &notification); err != nil {
		return nil, err
	}
	return &notification, nil
}

// UpdateNotification changes the fields set in changes (superusers).
func (c *Client) UpdateNotification(ctx context.Context, notificationID int64, changes NotificationRequest) (*Notification, error) {
	var notification Notification
	if err := c.do(ctx, "PATCH", "/api/notifications/"+id(notificationID), nil, changes.body(), &notification); err != nil {
		return nil, err
	}
	return &notification, nil
}

// DeleteNotification deletes a notification for everyone (superusers).
func (c *Client) DeleteNotification(ctx context.Context, notificationID int64) (*Notification, error) {
	var notification Notification
	if err := c.do(ctx, "DELETE", "/api/notifications/"+id(notificationID), nil, nil, &notification); err != nil {
		return nil, err
	}
	return &notification, nil
}

// body is the request's JSON: a map, because in a change an absent key keeps a field while
// null clears it.
func (r NotificationRequest) body() map[string]any {
	body := map[string]any{}
	if r.Title != "" {
		body["title"] = r.Title
	}
	if r.Message != "" {
		body["message"] = r.Message
	}
	if r.Level != "" {
		body["level"] = r.Level
	}
	if len(r.Users) > 0 {
		body["users"] = r.Users
	} else if r.Broadcast {
		body["users"] = nil
	}
	if !r.StartsAt.IsZero() {
		body["starts_at"] = r.StartsAt
	}
	if !r.EndsAt.IsZero() {
		body["ends_at"] = r.EndsAt
	} else if r.NoEnd {
		body["ends_at"] = nil
	}
	return body
}
