package qpi_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"qpi"
	"qpi/internal/cluster"
)

// The tests share one real cluster (munged, qpictld, qpid for sim0) and run one at a time:
// some disable sim0 for a while.
var (
	testCluster *cluster.Cluster
	admin       *qpi.Client
	alice       *qpi.Client
	bob         *qpi.Client
)

func TestMain(m *testing.M) {
	os.Exit(runWithCluster(m))
}

func runWithCluster(m *testing.M) int {
	started, err := cluster.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	testCluster = started
	defer testCluster.Stop()
	tokens := map[string]string{}
	for _, user := range []string{"", cluster.Alice, cluster.Bob} {
		token, err := testCluster.Token(user)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		tokens[user] = token
	}
	admin = qpi.NewClient(testCluster.URL, tokens[""])
	alice = qpi.NewClient(testCluster.URL, tokens[cluster.Alice])
	bob = qpi.NewClient(testCluster.URL, tokens[cluster.Bob])
	code := m.Run()
	if code != 0 {
		fmt.Fprintln(os.Stderr, testCluster.LogTail(40))
	}
	return code
}

// deadline bounds one test's calls generously: a slow machine is not a failure.
func deadline(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// apiError returns err as an *APIError, failing the test when it is not one.
func apiError(t *testing.T, err error) *qpi.APIError {
	t.Helper()
	var refusal *qpi.APIError
	if !errors.As(err, &refusal) {
		t.Fatalf("expected an *qpi.APIError, got %T: %v", err, err)
	}
	return refusal
}

// withSim0Disabled runs body while sim0 takes no jobs, so submitted jobs stay PENDING.
func withSim0Disabled(t *testing.T, ctx context.Context, body func()) {
	t.Helper()
	if _, err := admin.SetQPUEnabled(ctx, "sim0", false, "go test"); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if _, err := admin.SetQPUEnabled(context.Background(), "sim0", true, ""); err != nil {
			t.Errorf("enabling sim0 again: %v", err)
		}
	}()
	body()
}

func bell(shots int) qpi.SubmitRequest {
	return qpi.SubmitRequest{Circuits: []qpi.Circuit{{Circuit: cluster.Bell}}, Shots: shots, QPU: "sim0"}
}

func TestMeNamesTheCallerAndWhetherAnAdmin(t *testing.T) {
	ctx := deadline(t)
	me, err := alice.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if me.User != cluster.Alice || me.IsAdmin {
		t.Errorf("alice is %+v", me)
	}
	root, err := admin.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !root.IsAdmin {
		t.Errorf("the admin's token is not an admin's: %+v", root)
	}
}

func TestACallWithoutATokenIsATyped401(t *testing.T) {
	_, err := qpi.NewClient(testCluster.URL, "").ListJobs(deadline(t), qpi.JobFilter{})
	refusal := apiError(t, err)
	if refusal.Status != 401 || refusal.Code != "unauthenticated" || refusal.Message == "" {
		t.Errorf("refusal %+v", refusal)
	}
}

func TestABellJobRunsAndItsCountsAreOnly00And11(t *testing.T) {
	ctx := deadline(t)
	request := bell(200)
	request.Name = "bell-go"
	job, err := alice.SubmitJob(ctx, request)
	if err != nil {
		t.Fatal(err)
	}
	if job.ID <= 0 || job.Name != "bell-go" || job.User != cluster.Alice {
		t.Fatalf("submitted job %+v", job)
	}
	done, err := alice.Wait(ctx, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	if done.State != qpi.Completed || done.EndTime == nil {
		t.Fatalf("job ended %s (message %v)", done.State, done.Message)
	}
	result, err := alice.GetResult(ctx, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(result.Results) != 1 {
		t.Fatalf("%d results for one circuit", len(result.Results))
	}
	total := 0
	for outcome, count := range result.Results[0].Counts {
		if outcome != "00" && outcome != "11" {
			t.Errorf("outcome %q from a Bell circuit", outcome)
		}
		total += count
	}
	if total != 200 {
		t.Errorf("counts %v sum to %d, not the 200 shots", result.Results[0].Counts, total)
	}

	completed, err := alice.ListJobs(ctx, qpi.JobFilter{States: []qpi.JobState{qpi.Completed}, User: cluster.Alice})
	if err != nil {
		t.Fatal(err)
	}
	if !containsJob(completed, job.ID) {
		t.Errorf("job %d is not listed as COMPLETED", job.ID)
	}
	pending, err := alice.ListJobs(ctx, qpi.JobFilter{States: []qpi.JobState{qpi.Pending}, User: cluster.Alice})
	if err != nil {
		t.Fatal(err)
	}
	if containsJob(pending, job.ID) {
		t.Errorf("the state filter kept job %d", job.ID)
	}
}

func containsJob(jobs []qpi.Job, id int64) bool {
	for _, job := range jobs {
		if job.ID == id {
			return true
		}
	}
	return false
}

func TestABadCircuitIsRefusedWithItsFieldAndLineAndColumn(t *testing.T) {
	request := qpi.SubmitRequest{Circuits: []qpi.Circuit{{Circuit: "OPENQASM 2.0;\nqreg q[1];\nfoo q[0];\n"}}}
	_, err := alice.SubmitJob(deadline(t), request)
	refusal := apiError(t, err)
	if refusal.Status != 422 || refusal.Code != "invalid_argument" || !strings.HasPrefix(refusal.Field, "circuits") {
		t.Errorf("refusal %+v", refusal)
	}
	if !strings.Contains(refusal.Message, "circuits[0]:3:1") || !strings.Contains(refusal.Message, "'foo'") {
		t.Errorf("the message does not name circuit 0, line 3, column 1 and the unknown gate: %q", refusal.Message)
	}
}

func TestAnUnknownJobIs404(t *testing.T) {
	_, err := alice.GetJob(deadline(t), 987654)
	if refusal := apiError(t, err); refusal.Status != 404 || refusal.Code != "not_found" {
		t.Errorf("refusal %+v", refusal)
	}
}

func TestAPendingJobIsCancelledByItsOwnerOnly(t *testing.T) {
	ctx := deadline(t)
	withSim0Disabled(t, ctx, func() {
		job, err := alice.SubmitJob(ctx, bell(10))
		if err != nil {
			t.Fatal(err)
		}
		if job.State != qpi.Pending {
			t.Fatalf("a job for a disabled QPU is %s", job.State)
		}
		_, err = bob.CancelJob(ctx, job.ID)
		if refusal := apiError(t, err); refusal.Status != 403 && refusal.Status != 404 {
			t.Errorf("bob cancelling alice's job: %+v", refusal)
		}
		cancelled, err := alice.CancelJob(ctx, job.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cancelled.State != qpi.Cancelled {
			t.Errorf("the cancelled job is %s", cancelled.State)
		}
		again, err := alice.GetJob(ctx, job.ID)
		if err != nil {
			t.Fatal(err)
		}
		if again.State != qpi.Cancelled {
			t.Errorf("the job is %s after its cancel", again.State)
		}
		_, err = alice.GetResult(ctx, job.ID)
		if refusal := apiError(t, err); refusal.Status != 404 || !strings.Contains(refusal.Message, "without results") {
			t.Errorf("the result of a cancelled job: %+v", refusal)
		}
	})
}

func TestWaitEndsWithTheContextNamingTheJob(t *testing.T) {
	ctx := deadline(t)
	withSim0Disabled(t, ctx, func() {
		job, err := alice.SubmitJob(ctx, bell(10))
		if err != nil {
			t.Fatal(err)
		}
		defer alice.CancelJob(context.Background(), job.ID)
		short, cancel := context.WithTimeout(ctx, 1500*time.Millisecond)
		defer cancel()
		_, err = alice.Wait(short, job.ID)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Wait returned %v, not the context's deadline", err)
		}
		// The state is named when an answer came before the deadline, as on any machine
		// that is not overloaded; the job always is.
		if !strings.Contains(err.Error(), fmt.Sprintf("job %d", job.ID)) {
			t.Errorf("the error does not name job %d: %v", job.ID, err)
		}
		if still, err := alice.GetJob(ctx, job.ID); err != nil || still.State != qpi.Pending {
			t.Errorf("after the wait the job is %+v, %v", still, err)
		}
	})
}

func TestACancelledContextStopsACall(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := alice.ListQPUs(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("ListQPUs with a cancelled context returned %v", err)
	}
}

func TestQPUsAreListedAndShown(t *testing.T) {
	ctx := deadline(t)
	qpus, err := alice.ListQPUs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var sim0Listed *qpi.QPU
	for i := range qpus {
		if qpus[i].Name == "sim0" {
			sim0Listed = &qpus[i]
		}
	}
	if sim0Listed == nil || sim0Listed.Qubits != 16 || sim0Listed.Executor != "sim" {
		t.Errorf("QPUs %+v", qpus)
	}
	sim0, err := alice.GetQPU(ctx, "sim0")
	if err != nil {
		t.Fatal(err)
	}
	if sim0.Name != "sim0" {
		t.Errorf("GetQPU(sim0) is %+v", sim0)
	}
	_, err = alice.GetQPU(ctx, "nope")
	if refusal := apiError(t, err); refusal.Status != 404 {
		t.Errorf("an unknown QPU: %+v", refusal)
	}
}

func TestBookingsAreSeenByAllRefuseOverlapsAndAreCancelledByTheirOwner(t *testing.T) {
	ctx := deadline(t)
	start := time.Now().Add(72 * time.Hour).Truncate(time.Second)
	slot, err := alice.Book(ctx, qpi.BookRequest{QPU: "sim0", Start: start, End: start.Add(time.Hour), Name: "go"})
	if err != nil {
		t.Fatal(err)
	}
	if slot.User != cluster.Alice || slot.QPU == nil || *slot.QPU != "sim0" || !slot.Start.Equal(start) ||
		!slot.End.Equal(start.Add(time.Hour)) {
		t.Errorf("booked %+v", slot)
	}
	seen, err := bob.ListSlots(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if !containsSlot(seen, slot.ID) {
		t.Errorf("bob does not see alice's slot %d", slot.ID)
	}
	if shown, err := bob.GetSlot(ctx, slot.ID); err != nil || shown.Name != "go" {
		t.Errorf("GetSlot(%d): %+v, %v", slot.ID, shown, err)
	}
	_, err = bob.Book(ctx, qpi.BookRequest{QPU: "sim0", Start: start.Add(10 * time.Minute), End: start.Add(20 * time.Minute)})
	if refusal := apiError(t, err); refusal.Status != 409 || refusal.Code != "conflict" {
		t.Errorf("an overlapping slot: %+v", refusal)
	}
	_, err = bob.CancelSlot(ctx, slot.ID)
	if refusal := apiError(t, err); refusal.Status != 403 && refusal.Status != 404 {
		t.Errorf("bob cancelling alice's slot: %+v", refusal)
	}
	if _, err := alice.CancelSlot(ctx, slot.ID); err != nil {
		t.Fatal(err)
	}
	left, err := alice.ListSlots(ctx, "sim0", "")
	if err != nil {
		t.Fatal(err)
	}
	if containsSlot(left, slot.ID) {
		t.Errorf("slot %d is still listed after its cancel", slot.ID)
	}
}

func containsSlot(slots []qpi.Slot, id int64) bool {
	for _, slot := range slots {
		if slot.ID == id {
			return true
		}
	}
	return false
}

func TestATimeRequestIsApprovedByAnAdminOnly(t *testing.T) {
	ctx := deadline(t)
	request, err := alice.RequestTime(ctx, 120, "go test")
	if err != nil {
		t.Fatal(err)
	}
	if request.State != "PENDING" || request.Seconds != 120 || request.User != cluster.Alice {
		t.Errorf("filed %+v", request)
	}
	theirs, err := bob.ListTimeRequests(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, other := range theirs {
		if other.ID == request.ID {
			t.Errorf("bob sees alice's request")
		}
	}
	_, err = alice.DecideTimeRequest(ctx, request.ID, true, "")
	if refusal := apiError(t, err); refusal.Status != 403 {
		t.Errorf("alice deciding her own request: %+v", refusal)
	}
	everyones, err := admin.ListTimeRequests(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	listed := false
	for _, other := range everyones {
		listed = listed || other.ID == request.ID
	}
	if !listed {
		t.Errorf("an admin's listing of all requests lacks alice's")
	}
	decided, err := admin.DecideTimeRequest(ctx, request.ID, true, "ok")
	if err != nil {
		t.Fatal(err)
	}
	if decided.Request.State != "APPROVED" || decided.Request.Note == nil || *decided.Request.Note != "ok" {
		t.Errorf("decided %+v", decided.Request)
	}
}

func TestNotificationsAreTargetedDismissedAndMadeByAdminsOnly(t *testing.T) {
	ctx := deadline(t)
	_, err := alice.CreateNotification(ctx, qpi.NotificationRequest{Title: "x", Message: "y"})
	if refusal := apiError(t, err); refusal.Status != 403 {
		t.Errorf("alice creating a notification: %+v", refusal)
	}
	note, err := admin.CreateNotification(ctx, qpi.NotificationRequest{
		Title: "maintenance", Message: "sim0 down at noon", Level: "warning", Users: []string{cluster.Alice},
	})
	if err != nil {
		t.Fatal(err)
	}
	if note.Level != "warning" || len(note.Users) != 1 || note.Users[0] != cluster.Alice {
		t.Errorf("created %+v", note)
	}
	if !listsNotification(t, alice, note.ID) {
		t.Errorf("alice does not see a notification meant for her")
	}
	if listsNotification(t, bob, note.ID) {
		t.Errorf("bob sees a notification meant for alice")
	}
	dismissed, err := alice.DismissNotification(ctx, note.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !dismissed.Dismissed {
		t.Errorf("the dismissal's answer is not dismissed: %+v", dismissed)
	}
	if listsNotification(t, alice, note.ID) {
		t.Errorf("alice still sees a notification she dismissed")
	}
	updated, err := admin.UpdateNotification(ctx, note.ID, qpi.NotificationRequest{Title: "maintenance moved", Broadcast: true})
	if err != nil {
		t.Fatal(err)
	}
	if updated.Title != "maintenance moved" || updated.Users != nil || updated.Message != "sim0 down at noon" {
		t.Errorf("updated %+v", updated)
	}
	if !listsNotification(t, bob, note.ID) {
		t.Errorf("bob does not see the notification once broadcast")
	}
	if _, err := admin.DeleteNotification(ctx, note.ID); err != nil {
		t.Fatal(err)
	}
	if listsNotification(t, bob, note.ID) {
		t.Errorf("bob sees a deleted notification")
	}
}

func listsNotification(t *testing.T, client *qpi.Client, id int64) bool {
	t.Helper()
	notes, err := client.ListNotifications(deadline(t), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, note := range notes {
		if note.ID == id {
			return true
		}
	}
	return false
}

func TestTokensAreMadeListedRenamedAndRevoked(t *testing.T) {
	ctx := deadline(t)
	created, err := alice.CreateToken(ctx, qpi.CreateTokenRequest{Name: "go-made", ExpiresInSeconds: 3600})
	if err != nil {
		t.Fatal(err)
	}
	if len(created.Token) < 10 || created.Info.User != cluster.Alice || created.Info.ExpiresAt == nil {
		t.Fatalf("created %+v", created)
	}
	tokens, err := alice.ListTokens(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, token := range tokens {
		found = found || token.ID == created.Info.ID
	}
	if !found {
		t.Errorf("token %d is not listed", created.Info.ID)
	}
	if shown, err := alice.GetToken(ctx, created.Info.ID); err != nil || shown.Name != "go-made" {
		t.Errorf("GetToken(%d): %+v, %v", created.Info.ID, shown, err)
	}
	name := "go-renamed"
	renamed, err := alice.UpdateToken(ctx, created.Info.ID, qpi.UpdateTokenRequest{Name: &name, NeverExpires: true})
	if err != nil {
		t.Fatal(err)
	}
	if renamed.Name != name || renamed.ExpiresAt != nil {
		t.Errorf("renamed %+v", renamed)
	}
	fresh := qpi.NewClient(testCluster.URL, created.Token)
	if me, err := fresh.Me(ctx); err != nil || me.User != cluster.Alice {
		t.Fatalf("the new token's caller: %+v, %v", me, err)
	}
	revoked, err := alice.RevokeToken(ctx, created.Info.ID)
	if err != nil {
		t.Fatal(err)
	}
	if revoked.RevokedAt == nil {
		t.Errorf("revoked %+v", revoked)
	}
	_, err = fresh.Me(ctx)
	if refusal := apiError(t, err); refusal.Status != 401 {
		t.Errorf("a revoked token: %+v", refusal)
	}
}

func TestPasswordLoginGivesASessionAndAWrongPasswordATypedError(t *testing.T) {
	ctx := deadline(t)
	if _, err := admin.SetPassword(ctx, cluster.Bob, "correct horse battery staple"); err != nil {
		t.Fatal(err)
	}
	client := qpi.NewClient(testCluster.URL, "")
	_, err := client.Login(ctx, cluster.Bob, "wrong password")
	if refusal := apiError(t, err); refusal.Status != 401 || refusal.Code != "unauthenticated" {
		t.Errorf("a wrong password: %+v", refusal)
	}
	if client.Token() != "" {
		t.Errorf("a refused login left a token behind")
	}
	session, err := client.Login(ctx, cluster.Bob, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if session.User != cluster.Bob || session.IsAdmin || client.Token() != session.Token ||
		!session.ExpiresAt.After(time.Now()) {
		t.Errorf("session %+v", session)
	}
	me, err := client.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if me.User != cluster.Bob {
		t.Errorf("the session's caller is %s", me.User)
	}
	_, err = client.CreateToken(ctx, qpi.CreateTokenRequest{Name: "from-a-session"})
	if refusal := apiError(t, err); refusal.Status != 403 {
		t.Errorf("a login token making an API token: %+v", refusal)
	}
}

func TestAdminsSetBalances(t *testing.T) {
	ctx := deadline(t)
	seconds := 300.0
	user, err := admin.SetBalance(ctx, cluster.Bob, &seconds)
	if err != nil {
		t.Fatal(err)
	}
	if user.Balance == nil || *user.Balance != 300 {
		t.Errorf("after setting 300 s: %+v", user)
	}
	user, err = admin.AddSeconds(ctx, cluster.Bob, 60)
	if err != nil {
		t.Fatal(err)
	}
	if user.Balance == nil || *user.Balance != 360 {
		t.Errorf("after adding 60 s: %+v", user)
	}
	user, err = admin.SetBalance(ctx, cluster.Bob, nil)
	if err != nil {
		t.Fatal(err)
	}
	if user.Balance != nil {
		t.Errorf("an unlimited balance is %v", *user.Balance)
	}
	_, err = bob.ListUsers(ctx)
	if refusal := apiError(t, err); refusal.Status != 403 {
		t.Errorf("a user listing users: %+v", refusal)
	}
}

func TestTheEventStreamReportsASubmittedJobUntilItCompletes(t *testing.T) {
	ctx := deadline(t)
	stream, err := alice.Events(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	job, err := alice.SubmitJob(ctx, bell(20))
	if err != nil {
		t.Fatal(err)
	}
	var states []qpi.JobState
	for {
		event, err := stream.Next()
		if err != nil {
			t.Fatalf("after the states %v of job %d: %v", states, job.ID, err)
		}
		if event.Kind == "qpu" && (event.QPU == nil || event.QPU.Name == "") {
			t.Errorf("a qpu event without its QPU: %+v", event)
		}
		if event.Kind != "job" || event.Job.ID != job.ID {
			continue
		}
		states = append(states, event.Job.State)
		if event.Job.State == qpi.Completed {
			return
		}
	}
}

func TestTooManyEventStreamsAreATyped429(t *testing.T) {
	ctx := deadline(t)
	// The API lets one user hold 8 streams; the ninth is refused.
	for i := 0; i < 8; i++ {
		stream, err := bob.Events(ctx)
		if err != nil {
			t.Fatalf("stream %d: %v", i+1, err)
		}
		defer stream.Close()
	}
	_, err := bob.Events(ctx)
	if refusal := apiError(t, err); refusal.Status != 429 || refusal.Code != "rate_limited" {
		t.Errorf("a ninth stream: %+v", refusal)
	}
}

func TestAdminsRegisterQPUsAndSeeUsersAndTheControllerIsHealthy(t *testing.T) {
	ctx := deadline(t)
	health, err := qpi.NewClient(testCluster.URL, "").Health(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if health.Status != "ok" || health.Version == "" {
		t.Errorf("health %+v", health)
	}
	_, err = alice.CreateQPU(ctx, qpi.CreateQPURequest{Name: "remote0", Executor: "sim", Qubits: 5})
	if refusal := apiError(t, err); refusal.Status != 403 {
		t.Errorf("alice registering a QPU: %+v", refusal)
	}
	created, err := admin.CreateQPU(ctx, qpi.CreateQPURequest{
		Name: "remote0", Executor: "sim", Qubits: 5, Controller: "ctl.example:6817",
	})
	if err != nil {
		t.Fatal(err)
	}
	if created.QPU.Name != "remote0" || created.QPU.Qubits != 5 || !strings.HasPrefix(created.Token, "remote0.") ||
		strings.Count(created.CAFingerprint, ":") != 31 {
		t.Errorf("created %+v", created)
	}
	if !strings.Contains(created.NodeCommand, "qpid --controller ctl.example:6817 --ca-fingerprint "+created.CAFingerprint) ||
		!strings.Contains(strings.Join(created.NodeSetup, "\n"), "QPID_TOKEN="+created.Token) {
		t.Errorf("the node lines: %q %q", created.NodeCommand, created.NodeSetup)
	}
	if _, err := alice.GetQPU(ctx, "remote0"); err != nil {
		t.Errorf("the registered QPU is not shown: %v", err)
	}
	if _, err := alice.GetTelemetry(ctx, "sim0", qpi.TelemetryFilter{Since: time.Now().Add(-time.Hour), Limit: 5}); err != nil {
		t.Errorf("sim0's telemetry: %v", err)
	}
	_, err = alice.GetTelemetry(ctx, "nope", qpi.TelemetryFilter{})
	if refusal := apiError(t, err); refusal.Status != 404 {
		t.Errorf("an unknown QPU's telemetry: %+v", refusal)
	}
	users, err := admin.ListUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, user := range users {
		found = found || user.User == cluster.Alice
	}
	if !found {
		t.Errorf("alice, who ran jobs, is not among the users %+v", users)
	}
}
