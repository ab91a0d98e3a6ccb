package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"qpi"
	"qpi/internal/cluster"
)

// The command against a real cluster (munged, qpictld, qpid for sim0), run in-process.
var (
	testCluster *cluster.Cluster
	aliceToken  string
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
	if aliceToken, err = testCluster.Token(cluster.Alice); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	code := m.Run()
	if code != 0 {
		fmt.Fprintln(os.Stderr, testCluster.LogTail(40))
	}
	return code
}

// runQPI runs the command as alice, with the cluster's address and her token in the
// environment as a user would set them, and returns its exit status and output.
func runQPI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	env := map[string]string{"QPI_ADDR": testCluster.URL, "QPI_TOKEN": aliceToken}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, args, func(name string) string { return env[name] }, strings.NewReader(stdin), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSubmitWaitPrintsABellCircuitsCounts(t *testing.T) {
	bell := writeFile(t, "bell.qasm", cluster.Bell)
	code, stdout, stderr := runQPI(t, "", "submit", bell, "--wait", "--shots", "300", "--name", "bell-cmd")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	rows := regexp.MustCompile(`(?m)^\s+(\d+)\s+(\d+)\s+([0-9.]+)$`).FindAllStringSubmatch(stdout, -1)
	total := 0
	for _, row := range rows {
		if row[1] != "00" && row[1] != "11" {
			t.Errorf("outcome %s from a Bell circuit", row[1])
		}
		count, _ := strconv.Atoi(row[2])
		total += count
	}
	if len(rows) == 0 || total != 300 || !strings.Contains(stdout, "shots=300") {
		t.Errorf("the counts do not add up to the 300 shots:\n%s", stdout)
	}

	code, stdout, _ = runQPI(t, "", "jobs", "-state", "CD")
	if code != 0 || !strings.Contains(stdout, "bell-cmd") || !strings.Contains(stdout, "COMPLETED") {
		t.Errorf("jobs -state CD (exit %d) does not list the finished job:\n%s", code, stdout)
	}
}

func TestSubmitPrintsTheJobIDAndResultItsCountsAsJSON(t *testing.T) {
	bell := writeFile(t, "bell.qasm", cluster.Bell)
	code, stdout, stderr := runQPI(t, "", "submit", "-shots", "50", bell)
	match := regexp.MustCompile(`^Submitted job (\d+)\n$`).FindStringSubmatch(stdout)
	if code != 0 || match == nil {
		t.Fatalf("exit %d: %q %s", code, stdout, stderr)
	}
	code, stdout, stderr = runQPI(t, "", "wait", match[1])
	if code != 0 || stdout != "job "+match[1]+" COMPLETED\n" {
		t.Fatalf("wait: exit %d: %q %s", code, stdout, stderr)
	}
	code, stdout, stderr = runQPI(t, "", "result", match[1], "-json")
	if code != 0 || !strings.Contains(stdout, `"job_id": "`+match[1]+`"`) || !strings.Contains(stdout, `"counts"`) {
		t.Errorf("result -json: exit %d: %s %s", code, stdout, stderr)
	}
	code, stdout, stderr = runQPI(t, "", "jobs", "-json")
	if code != 0 || !strings.Contains(stdout, `"id": `+match[1]+`,`+"\n"+`    "name": "bell",`) {
		t.Errorf("jobs -json does not show job %s named after its file: exit %d: %s %s", match[1], code, stdout, stderr)
	}
}

func TestQPUsListsSim0(t *testing.T) {
	code, stdout, stderr := runQPI(t, "", "qpus")
	if code != 0 || !regexp.MustCompile(`(?m)^sim0\s+sim\s+16\s+(IDLE|ALLOCATED)\s`).MatchString(stdout) {
		t.Errorf("exit %d: %s %s", code, stdout, stderr)
	}
}

func TestABadCircuitFailsWithTheAPIsMessage(t *testing.T) {
	bad := writeFile(t, "bad.qasm", "OPENQASM 2.0;\nqreg q[1];\nfoo q[0];\n")
	code, stdout, stderr := runQPI(t, "", "submit", bad)
	if code != 1 || stdout != "" || !strings.Contains(stderr, "422") || !strings.Contains(stderr, "3:1") {
		t.Errorf("exit %d: %q %q", code, stdout, stderr)
	}
}

func TestAMissingFileIsAnErrorNamingIt(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.qasm")
	code, _, stderr := runQPI(t, "", "submit", missing)
	if code != 1 || !strings.Contains(stderr, missing) {
		t.Errorf("exit %d: %q", code, stderr)
	}
}

func TestUsageMistakesExitWith2(t *testing.T) {
	for _, args := range [][]string{{}, {"nope"}, {"submit"}, {"wait", "abc"}, {"jobs", "--bogus"}} {
		code, _, stderr := runQPI(t, "", args...)
		if code != 2 || !strings.Contains(stderr, "usage: qpi") {
			t.Errorf("qpi %v: exit %d: %q", args, code, stderr)
		}
	}
}

func TestLoginReadsThePasswordFromStandardInput(t *testing.T) {
	adminToken, err := testCluster.Token("")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := qpi.NewClient(testCluster.URL, adminToken).SetPassword(ctx, cluster.Bob, "s3cret pass"); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runQPI(t, "s3cret pass\n", "login", cluster.Bob)
	token := strings.TrimSpace(stdout)
	if code != 0 || token == "" {
		t.Fatalf("exit %d: %q %q", code, stdout, stderr)
	}
	me, err := qpi.NewClient(testCluster.URL, token).Me(ctx)
	if err != nil || me.User != cluster.Bob {
		t.Errorf("the printed token's caller: %+v, %v", me, err)
	}
	code, stdout, stderr = runQPI(t, "wrong\n", "login", cluster.Bob)
	if code != 1 || stdout != "" || !strings.Contains(stderr, "401") {
		t.Errorf("a wrong password: exit %d: %q %q", code, stdout, stderr)
	}
}
