package qpi

import (
	"encoding/json"
	"time"
)

// JobState is a job's state by name, as the API and qstat's long form spell it.
type JobState string

// The job states; the last five are final.
const (
	Pending   JobState = "PENDING"
	Running   JobState = "RUNNING"
	Completed JobState = "COMPLETED"
	Failed    JobState = "FAILED"
	Cancelled JobState = "CANCELLED"
	Timeout   JobState = "TIMEOUT"
	NodeFail  JobState = "NODE_FAIL"
)

// Finished tells whether a job in this state will change no more.
func (s JobState) Finished() bool {
	switch s {
	case Completed, Failed, Cancelled, Timeout, NodeFail:
		return true
	}
	return false
}

// Job is a job as the API shows it.
type Job struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	User string `json:"user"`
	// State is one of the JobState constants.
	State JobState `json:"state"`
	// Reason says why a pending job waits (Slurm's reason names: Priority, Resources,
	// QPUDown, BalanceExhausted, Held…); nil otherwise.
	Reason *string `json:"reason"`
	Held   bool    `json:"held"`
	// QPU is the QPU the job runs or ran on, else the one it asked for; nil for any QPU.
	QPU          *string `json:"qpu"`
	RequestedQPU *string `json:"requested_qpu"`
	Shots        int     `json:"shots"`
	CircuitCount int     `json:"circuit_count"`
	Qubits       int     `json:"qubits"`
	// TimeLimitSeconds is the job's time limit in seconds.
	TimeLimitSeconds int        `json:"time_limit_seconds"`
	Priority         int        `json:"priority"`
	SubmitTime       time.Time  `json:"submit_time"`
	StartTime        *time.Time `json:"start_time"`
	EndTime          *time.Time `json:"end_time"`
	// Message is why a job failed or was cancelled; nil otherwise.
	Message *string `json:"message"`
	// QPUSeconds is the QPU time the job was charged, in seconds.
	QPUSeconds   float64 `json:"qpu_seconds"`
	RequeueCount int     `json:"requeue_count"`
}

// Circuit is one circuit of a job: OpenQASM 2.0 or 3 text.
type Circuit struct {
	Circuit string `json:"circuit"`
}

// SubmitRequest is a job to submit: the reference client's circuits, shots, qpu and name,
// and qsub's options. Zero values are left out, so the controller's defaults apply.
type SubmitRequest struct {
	Circuits []Circuit `json:"circuits"`
	Shots    int       `json:"shots,omitempty"`
	// QPU names the QPU to run on; empty runs on any free QPU.
	QPU  string `json:"qpu,omitempty"`
	Name string `json:"name,omitempty"`
	// Time is the time limit in qsub's formats: 30s, 5m, 1h, MM:SS, HH:MM:SS, D-HH:MM:SS.
	Time string `json:"time,omitempty"`
	// Seed makes the sampling repeatable; nil lets the executor choose.
	Seed *uint64 `json:"seed,omitempty"`
	// Priority from -10000 to 10000; only administrators may go above 0.
	Priority int  `json:"priority,omitempty"`
	Hold     bool `json:"hold,omitempty"`
	// Dependency is afterok|afterany|afternotok:ID[:ID...], as qsub --dependency.
	Dependency string `json:"dependency,omitempty"`
}

// Result is a finished job's result in Qiskit's format, as qresult --json prints it.
type Result struct {
	BackendName string `json:"backend_name"`
	Success     bool   `json:"success"`
	JobID       string `json:"job_id"`
	Shots       int    `json:"shots"`
	// TimeTaken is the executors' run time of all circuits, in seconds.
	TimeTaken float64         `json:"time_taken"`
	Results   []CircuitResult `json:"results"`
}

// CircuitResult is one circuit's outcome.
type CircuitResult struct {
	Name string `json:"name"`
	// Counts maps outcomes to counts, keyed as Qiskit prints them: clbit 0 rightmost,
	// registers separated by a space.
	Counts    map[string]int `json:"counts"`
	Shots     int            `json:"shots"`
	Seed      *uint64        `json:"seed,omitempty"`
	TimeTaken float64        `json:"time_taken"`
	// Memory holds each shot's outcome, when the executor kept them.
	Memory []string `json:"memory,omitempty"`
	// Statevector holds [real, imaginary] amplitude pairs, when the executor sent them.
	Statevector [][]float64 `json:"statevector,omitempty"`
}

// QPU is a QPU and its state as the scheduler sees it.
type QPU struct {
	Name     string `json:"name"`
	Executor string `json:"executor"`
	Qubits   int    `json:"qubits"`
	// State is IDLE, ALLOCATED, DOWN, DRAIN or DISABLED.
	State string `json:"state"`
	// Reason says why a QPU is down, drained or disabled; nil otherwise.
	Reason      *string `json:"reason"`
	RunningJobs int     `json:"running_jobs"`
	PendingJobs int     `json:"pending_jobs"`
}

// CreateQPURequest registers a QPU (superusers).
type CreateQPURequest struct {
	Name     string `json:"name"`
	Executor string `json:"executor"`
	Qubits   int    `json:"qubits"`
	// Controller is HOST:PORT of the controller's command listener as the QPU's host
	// reaches it, for NodeCommand and NodeSetup; empty: ControlAddr:ControlPort.
	Controller string `json:"controller,omitempty"`
}

// CreatedQPU is a registered QPU with what its qpid needs to connect, shown only once.
type CreatedQPU struct {
	QPU          QPU `json:"qpu"`
	DispatchPort int `json:"dispatch_port"`
	ResultPort   int `json:"result_port"`
	// Token is the QPU's access token, for qpid.
	Token string `json:"token"`
	// CAFingerprint is the SHA-256 fingerprint of the cluster's CA, which qpid pins.
	CAFingerprint string `json:"ca_fingerprint"`
	// NodeCommand is a shell line that starts the QPU's qpid by hand.
	NodeCommand string `json:"node_command"`
	// NodeSetup is shell lines, for root on the QPU's host, that install qpid@NAME.service.
	NodeSetup []string `json:"node_setup"`
}

// Telemetry is one telemetry event a QPU's executor reported.
type Telemetry struct {
	ID   int64     `json:"id"`
	QPU  string    `json:"qpu"`
	Time time.Time `json:"time"`
	Kind string    `json:"kind"`
	// Data is the event's payload as the executor sent it.
	Data json.RawMessage `json:"data"`
}

// Token is an API token's record; never its secret.
type Token struct {
	ID        int64     `json:"id"`
	User      string    `json:"user"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	// ExpiresAt is nil for a token that does not expire.
	ExpiresAt  *time.Time `json:"expires_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

// CreateTokenRequest makes an API token. Zero values are left out.
type CreateTokenRequest struct {
	Name string `json:"name,omitempty"`
	// User is whose token it is (administrators only); empty is the caller.
	User string `json:"user,omitempty"`
	// ExpiresInSeconds is the token's lifetime; 0 takes the controller's default.
	ExpiresInSeconds float64 `json:"expires_in_seconds,omitempty"`
}

// CreatedToken is a new token: its secret, shown only now, and its record.
type CreatedToken struct {
	Token string `json:"token"`
	Info  Token  `json:"info"`
}

// UpdateTokenRequest changes a token; nil and false leave a field as it is.
type UpdateTokenRequest struct {
	Name             *string  `json:"name,omitempty"`
	ExpiresInSeconds *float64 `json:"expires_in_seconds,omitempty"`
	NeverExpires     bool     `json:"never_expires,omitempty"`
}

// User is an account: its rights, qpu_seconds balance and usage.
type User struct {
	User    string `json:"user"`
	IsAdmin bool   `json:"is_admin"`
	// Balance is the qpu_seconds left; nil is unlimited.
	Balance     *float64 `json:"balance"`
	UsedSeconds float64  `json:"used_seconds"`
	Jobs        int      `json:"jobs"`
}

// Session is a password login's token. It lasts 8 hours and cannot make or change API
// tokens.
type Session struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      string    `json:"user"`
	IsAdmin   bool      `json:"is_admin"`
}

// Slot is a booked time slot on one QPU, or on all of them.
type Slot struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	User string `json:"user"`
	// QPU is nil for a slot on every QPU.
	QPU       *string   `json:"qpu"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// BookRequest books a time slot.
type BookRequest struct {
	// QPU is the QPU to book; empty books every QPU.
	QPU   string
	Start time.Time
	End   time.Time
	// User books for someone else (administrators only); empty is the caller.
	User string
	Name string
}

// TimeRequest is a user's request for more qpu_seconds.
type TimeRequest struct {
	ID      int64   `json:"id"`
	User    string  `json:"user"`
	Seconds float64 `json:"seconds"`
	Reason  string  `json:"reason"`
	// State is PENDING, APPROVED or REJECTED.
	State     string     `json:"state"`
	CreatedAt time.Time  `json:"created_at"`
	DecidedAt *time.Time `json:"decided_at"`
	DecidedBy *string    `json:"decided_by"`
	Note      *string    `json:"note"`
}

// DecidedTimeRequest is a decided request and the user's balance after it (nil: unlimited).
type DecidedTimeRequest struct {
	Request TimeRequest `json:"request"`
	Balance *float64    `json:"balance"`
}

// Notification is a message from the administrators.
type Notification struct {
	ID      int64  `json:"id"`
	Title   string `json:"title"`
	Message string `json:"message"`
	// Level is info, warning or critical.
	Level string `json:"level"`
	// Users are those it is meant for; nil for a broadcast.
	Users []string `json:"users"`
	// StartsAt and EndsAt bound when it is shown; nil EndsAt shows it until deleted.
	StartsAt  *time.Time `json:"starts_at"`
	EndsAt    *time.Time `json:"ends_at"`
	CreatedBy string     `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt *time.Time `json:"updated_at"`
	// Dismissed is set on the answer to DismissNotification.
	Dismissed bool `json:"dismissed,omitempty"`
}

// NotificationRequest creates a notification, or changes one. For a change, zero values
// leave a field as it is; Broadcast and NoEnd clear the users and the end.
type NotificationRequest struct {
	Title   string
	Message string
	// Level is info (the default), warning or critical.
	Level string
	// Users targets the notification; empty broadcasts it.
	Users []string
	// StartsAt defaults to now, EndsAt to never.
	StartsAt time.Time
	EndsAt   time.Time
	// Broadcast makes a changed notification a broadcast again.
	Broadcast bool
	// NoEnd makes a changed notification last until deleted.
	NoEnd bool
}

// Health is the controller's liveness answer (/healthz).
type Health struct {
	Status      string `json:"status"`
	Version     string `json:"version"`
	PendingJobs int    `json:"pending_jobs"`
	RunningJobs int    `json:"running_jobs"`
}

// list is the API's list document.
type list[T any] struct {
	Items []T `json:"items"`
}
