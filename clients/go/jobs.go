package qpi

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// SubmitJob submits a job and returns it as stored (PENDING, with its id). A circuit that
// does not parse is refused with a 422 *APIError whose Message names the circuit, line and
// column (circuits[0]:3:1: error: unknown gate 'foo').
func (c *Client) SubmitJob(ctx context.Context, job SubmitRequest) (*Job, error) {
	var created Job
	if err := c.do(ctx, "POST", "/api/jobs", nil, job, &created); err != nil {
		return nil, err
	}
	return &created, nil
}

// JobFilter narrows ListJobs. Zero values do not filter.
type JobFilter struct {
	// States keeps jobs in any of these states.
	States []JobState
	// User is whose jobs to list: empty is the caller's, "all" everyone's.
	User string
	QPU  string
	// Limit caps the number of jobs (the API's default is 100).
	Limit int
}

// ListJobs lists jobs, newest first.
func (c *Client) ListJobs(ctx context.Context, filter JobFilter) ([]Job, error) {
	query := url.Values{}
	if len(filter.States) > 0 {
		names := make([]string, len(filter.States))
		for i, state := range filter.States {
			names[i] = string(state)
		}
		query.Set("state", strings.Join(names, ","))
	}
	if filter.User != "" {
		query.Set("user", filter.User)
	}
	if filter.QPU != "" {
		query.Set("qpu", filter.QPU)
	}
	if filter.Limit > 0 {
		query.Set("limit", strconv.Itoa(filter.Limit))
	}
	var jobs list[Job]
	if err := c.do(ctx, "GET", "/api/jobs", query, nil, &jobs); err != nil {
		return nil, err
	}
	return jobs.Items, nil
}

// GetJob returns one job.
func (c *Client) GetJob(ctx context.Context, jobID int64) (*Job, error) {
	return c.getJob(ctx, jobID, 0)
}

func (c *Client) getJob(ctx context.Context, jobID int64, hold int) (*Job, error) {
	var query url.Values
	if hold > 0 {
		query = url.Values{"wait": {strconv.Itoa(hold)}}
	}
	var job Job
	if err := c.do(ctx, "GET", "/api/jobs/"+id(jobID), query, nil, &job); err != nil {
		return nil, err
	}
	return &job, nil
}

// CancelJob cancels a pending or running job of the caller's (any job, for administrators)
// and returns it.
func (c *Client) CancelJob(ctx context.Context, jobID int64) (*Job, error) {
	var job Job
	if err := c.do(ctx, "POST", "/api/jobs/"+id(jobID)+"/cancel", nil, nil, &job); err != nil {
		return nil, err
	}
	return &job, nil
}

// GetResult returns a finished job's result. A job that has not ended is a 409 *APIError,
// one that ended without a result (cancelled, failed) a 404.
func (c *Client) GetResult(ctx context.Context, jobID int64) (*Result, error) {
	var result Result
	if err := c.do(ctx, "GET", "/api/jobs/"+id(jobID)+"/result", nil, nil, &result); err != nil {
		return nil, err
	}
	return &result, nil
}

// waitHold is how long one request of Wait asks the server to hold its answer until the
// job ends: long enough for few requests, short enough that a dropped connection is
// noticed.
const waitHold = 10 * time.Second

// Wait returns the job once it has ended (see JobState.Finished). It waits until ctx is
// done, and then returns ctx's error, wrapped with the job's last state seen. Each request
// asks the server to answer as soon as the job ends, so Wait returns without a polling
// delay.
func (c *Client) Wait(ctx context.Context, jobID int64) (*Job, error) {
	last := JobState("")
	for {
		hold := waitHold
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < hold {
			hold = time.Until(deadline)
		}
		job, err := c.getJob(ctx, jobID, int(hold/time.Second))
		if err == nil && job.State.Finished() {
			return job, nil
		}
		if ctx.Err() != nil {
			if last == "" {
				return nil, fmt.Errorf("qpi: waiting for job %d: %w", jobID, ctx.Err())
			}
			return nil, fmt.Errorf("qpi: job %d is still %s: %w", jobID, last, ctx.Err())
		}
		if err != nil {
			return nil, err
		}
		last = job.State
		if hold < time.Second {
			// Less than a second left: the server cannot hold for that, so look once more
			// when it is over.
			timer := time.NewTimer(hold)
			select {
			case <-ctx.Done():
				timer.Stop()
			case <-timer.C:
			}
		}
	}
}
