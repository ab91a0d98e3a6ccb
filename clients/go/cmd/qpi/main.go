// Command qpi is an example client of QPI's HTTP API built on the Go package qpi:
//
//	qpi submit bell.qasm -shots 1000 -wait
//	qpi jobs -state COMPLETED
//	qpi qpus
//
// It reads the API's address from -addr or $QPI_ADDR and an API token (qctl token create)
// from -token or $QPI_TOKEN. Exit status: 0 ok, 1 error (or a waited-for job that did not
// complete), 2 usage, as QPI's own commands.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"qpi"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ message string }

func (e usageError) Error() string { return e.message }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// incomplete is a waited-for job that ended other than COMPLETED: exit status 1 after its
// state is printed.
var incomplete = errors.New("the job did not complete")

// session is what every subcommand gets: the client, the streams and the output mode.
type session struct {
	client *qpi.Client
	stdin  io.Reader
	stdout io.Writer
	// usage is the subcommand's synopsis, for -help.
	usage string
	json  bool
}

type subcommand struct {
	name    string
	args    string
	summary string
	run     func(ctx context.Context, s *session, args []string) error
}

var subcommands = []subcommand{
	{"submit", "FILE.qasm... [-shots N] [-qpu NAME] [-name NAME] [-time LIMIT] [-wait] [-timeout D]",
		"submit OpenQASM files as one job; -wait prints its counts", submit},
	{"wait", "ID [-timeout D]", "wait until a job ends and print its state", wait},
	{"result", "ID", "print a finished job's counts", result},
	{"jobs", "[-state S[,S]] [-user NAME|all] [-qpu NAME] [-limit N]", "list jobs, newest first", jobs},
	{"cancel", "ID...", "cancel pending or running jobs", cancel},
	{"qpus", "", "list the QPUs and their states", qpus},
	{"me", "", "show the caller's account and balance", me},
	{"login", "USER", "log in with the password on standard input and print the session's token", login},
	{"notifications", "", "list the notifications meant for the caller", notifications},
}

func usage(w io.Writer, global *flag.FlagSet) {
	fmt.Fprintln(w, "usage: qpi [-addr URL] [-token TOKEN] COMMAND [ARGS] [-json]")
	fmt.Fprintln(w, "\ncommands:")
	for _, sub := range subcommands {
		fmt.Fprintf(w, "  %s\n        %s\n", strings.TrimSpace(sub.name+" "+sub.args), sub.summary)
	}
	fmt.Fprintln(w, "\noptions:")
	global.SetOutput(w)
	global.PrintDefaults()
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	global := flag.NewFlagSet("qpi", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	addr := global.String("addr", firstOf(getenv("QPI_ADDR"), "http://127.0.0.1:8090"), "the QPI HTTP API's `URL` ($QPI_ADDR)")
	// Not the variable as the default: -help would print the secret.
	token := global.String("token", "", "an API `TOKEN` from qctl token create (default $QPI_TOKEN)")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout, global)
			return 0
		}
		fmt.Fprintf(stderr, "qpi: %v\n", err)
		usage(stderr, global)
		return 2
	}
	if global.NArg() == 0 {
		usage(stderr, global)
		return 2
	}
	name, rest := global.Arg(0), global.Args()[1:]
	for _, sub := range subcommands {
		if sub.name != name {
			continue
		}
		s := &session{
			client: qpi.NewClient(*addr, firstOf(*token, getenv("QPI_TOKEN"))), stdin: stdin, stdout: stdout,
			usage: strings.TrimSpace("qpi " + sub.name + " " + sub.args),
		}
		err := sub.run(ctx, s, rest)
		var usageErr usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &usageErr):
			fmt.Fprintf(stderr, "qpi %s: %v\nusage: %s\n", name, err, s.usage)
			return 2
		case errors.Is(err, incomplete):
			return 1
		default:
			fmt.Fprintf(stderr, "qpi %s: %s\n", name, strings.TrimPrefix(err.Error(), "qpi: "))
			return 1
		}
	}
	fmt.Fprintf(stderr, "qpi: unknown command %q\n", name)
	usage(stderr, global)
	return 2
}

func firstOf(values ...string) string {
	for _, value := range values {
		if value != "" {
			return value
		}
	}
	return ""
}

// parse parses a subcommand's flags, and -json, which may come before, between or after
// its arguments (qpi submit bell.qasm -wait), and returns the arguments. -help prints the
// synopsis and the flags.
func (s *session) parse(flags *flag.FlagSet, args []string) ([]string, error) {
	flags.BoolVar(&s.json, "json", false, "print the API's JSON document")
	flags.SetOutput(io.Discard)
	var positional []string
	for {
		if err := flags.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprintf(s.stdout, "usage: %s [-json]\n", s.usage)
				flags.SetOutput(s.stdout)
				flags.PrintDefaults()
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		if flags.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, flags.Arg(0))
		args = flags.Args()[1:]
	}
}

func jobID(text string) (int64, error) {
	value, err := strconv.ParseInt(text, 10, 64)
	if err != nil || value <= 0 {
		return 0, usagef("%q is not a job id (a positive integer)", text)
	}
	return value, nil
}

func (s *session) printJSON(value any) error {
	encoder := json.NewEncoder(s.stdout)
	encoder.SetIndent("", "  ")
	return encoder.Encode(value)
}

func submit(ctx context.Context, s *session, args []string) error {
	flags := flag.NewFlagSet("submit", flag.ContinueOnError)
	shots := flags.Int("shots", 0, "shots per circuit (the controller's DefaultShots when 0)")
	qpuName := flags.String("qpu", "", "the QPU to run on (any free one when empty)")
	name := flags.String("name", "", "the job's name (default: the first file's, as sbatch names jobs)")
	limit := flags.String("time", "", "time limit: 30s, 5m, HH:MM:SS…")
	waitForEnd := flags.Bool("wait", false, "wait until the job ends and print its counts")
	timeout := flags.Duration("timeout", 10*time.Minute, "how long -wait waits")
	files, err := s.parse(flags, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("name at least one OpenQASM file")
	}
	if *name == "" {
		*name = strings.TrimSuffix(filepath.Base(files[0]), filepath.Ext(files[0]))
	}
	request := qpi.SubmitRequest{Shots: *shots, QPU: *qpuName, Name: *name, Time: *limit}
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		request.Circuits = append(request.Circuits, qpi.Circuit{Circuit: string(text)})
	}
	job, err := s.client.SubmitJob(ctx, request)
	if err != nil {
		return err
	}
	if !*waitForEnd {
		if s.json {
			return s.printJSON(job)
		}
		fmt.Fprintf(s.stdout, "Submitted job %d\n", job.ID)
		return nil
	}
	return waitAndPrint(ctx, s, job.ID, *timeout, true)
}

func wait(ctx context.Context, s *session, args []string) error {
	flags := flag.NewFlagSet("wait", flag.ContinueOnError)
	timeout := flags.Duration("timeout", 10*time.Minute, "how long to wait")
	id, err := s.parseJobID(flags, args)
	if err != nil {
		return err
	}
	return waitAndPrint(ctx, s, id, *timeout, false)
}

// waitAndPrint waits for a job, then prints it, or its counts when withCounts and it
// completed; a job that did not complete is an error after its state is printed.
func waitAndPrint(ctx context.Context, s *session, id int64, timeout time.Duration, withCounts bool) error {
	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	job, err := s.client.Wait(waitCtx, id)
	if err != nil {
		return err
	}
	if job.State == qpi.Completed && withCounts {
		return printResult(ctx, s, id)
	}
	if s.json {
		if err := s.printJSON(job); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(s.stdout, "job %d %s", job.ID, job.State)
		if job.Message != nil {
			fmt.Fprintf(s.stdout, ": %s", *job.Message)
		}
		fmt.Fprintln(s.stdout)
	}
	if job.State != qpi.Completed {
		return incomplete
	}
	return nil
}

func result(ctx context.Context, s *session, args []string) error {
	id, err := s.parseJobID(flag.NewFlagSet("result", flag.ContinueOnError), args)
	if err != nil {
		return err
	}
	return printResult(ctx, s, id)
}

// printResult prints a job's counts as qresult does: per circuit a header line, then each
// outcome with its count and probability.
func printResult(ctx context.Context, s *session, id int64) error {
	result, err := s.client.GetResult(ctx, id)
	if err != nil {
		return err
	}
	if s.json {
		return s.printJSON(result)
	}
	for index, circuit := range result.Results {
		if index > 0 {
			fmt.Fprintln(s.stdout)
		}
		fmt.Fprintf(s.stdout, "circuit %s: shots=%d\n", circuit.Name, circuit.Shots)
		outcomes := make([]string, 0, len(circuit.Counts))
		width := len("OUTCOME")
		for outcome := range circuit.Counts {
			outcomes = append(outcomes, outcome)
			if len(outcome) > width {
				width = len(outcome)
			}
		}
		sort.Strings(outcomes)
		fmt.Fprintf(s.stdout, "  %-*s  %7s  %11s\n", width, "OUTCOME", "COUNT", "PROBABILITY")
		for _, outcome := range outcomes {
			count := circuit.Counts[outcome]
			probability := 0.0
			if circuit.Shots > 0 {
				probability = float64(count) / float64(circuit.Shots)
			}
			fmt.Fprintf(s.stdout, "  %-*s  %7d  %11.4f\n", width, outcome, count, probability)
		}
	}
	return nil
}

func jobs(ctx context.Context, s *session, args []string) error {
	flags := flag.NewFlagSet("jobs", flag.ContinueOnError)
	states := flags.String("state", "", "only jobs in these states (PENDING,RUNNING or PD,R…)")
	user := flags.String("user", "", "whose jobs: a user name, or all (default: the caller's)")
	qpuName := flags.String("qpu", "", "only jobs of this QPU")
	limit := flags.Int("limit", 0, "at most this many jobs (the API's default is 100)")
	if extra, err := s.parse(flags, args); err != nil {
		return err
	} else if len(extra) > 0 {
		return usagef("unexpected argument %q", extra[0])
	}
	filter := qpi.JobFilter{User: *user, QPU: *qpuName, Limit: *limit}
	for _, state := range strings.Split(*states, ",") {
		if state != "" {
			filter.States = append(filter.States, qpi.JobState(strings.ToUpper(state)))
		}
	}
	list, err := s.client.ListJobs(ctx, filter)
	if err != nil {
		return err
	}
	if s.json {
		return s.printJSON(list)
	}
	table := tabwriter.NewWriter(s.stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(table, "JOBID\tNAME\tUSER\tQPU\tSTATE\tSUBMITTED\tREASON")
	for _, job := range list {
		fmt.Fprintf(table, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", job.ID, job.Name, job.User, orDash(job.QPU), job.State,
			job.SubmitTime.Local().Format("2006-01-02T15:04:05"), orDash(job.Reason))
	}
	return table.Flush()
}

func orDash(value *string) string {
	if value == nil || *value == "" {
		return "-"
	}
	return *value
}

func cancel(ctx context.Context, s *session, args []string) error {
	ids, err := s.parse(flag.NewFlagSet("cancel", flag.ContinueOnError), args)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return usagef("name at least one job id")
	}
	for _, text := range ids {
		id, err := jobID(text)
		if err != nil {
			return err
		}
		job, err := s.client.CancelJob(ctx, id)
		if err != nil {
			return err
		}
		if s.json {
			if err := s.printJSON(job); err != nil {
				return err
			}
		} else {
			fmt.Fprintf(s.stdout, "job %d %s\n", job.ID, job.State)
		}
	}
	return nil
}

// parseJobID parses the arguments of a subcommand that takes one job id.
func (s *session) parseJobID(flags *flag.FlagSet, args []string) (int64, error) {
	ids, err := s.parse(flags, args)
	if err != nil {
		return 0, err
	}
	if len(ids) != 1 {
		return 0, usagef("name one job id")
	}
	return jobID(ids[0])
}

// parseNone parses the arguments of a subcommand that takes only the common flags.
func (s *session) parseNone(name string, args []string) error {
	extra, err := s.parse(flag.NewFlagSet(name, flag.ContinueOnError), args)
	if err != nil {
		return err
	}
	if len(extra) > 0 {
		return usagef("unexpected argument %q", extra[0])
	}
	return nil
}

func qpus(ctx context.Context, s *session, args []string) error {
	if err := s.parseNone("qpus", args); err != nil {
		return err
	}
	list, err := s.client.ListQPUs(ctx)
	if err != nil {
		return err
	}
	if s.json {
		return s.printJSON(list)
	}
	table := tabwriter.NewWriter(s.stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(table, "NAME\tEXECUTOR\tQUBITS\tSTATE\tRUNNING\tPENDING\tREASON")
	for _, qpu := range list {
		fmt.Fprintf(table, "%s\t%s\t%d\t%s\t%d\t%d\t%s\n", qpu.Name, qpu.Executor, qpu.Qubits, qpu.State,
			qpu.RunningJobs, qpu.PendingJobs, orDash(qpu.Reason))
	}
	return table.Flush()
}

func me(ctx context.Context, s *session, args []string) error {
	if err := s.parseNone("me", args); err != nil {
		return err
	}
	user, err := s.client.Me(ctx)
	if err != nil {
		return err
	}
	if s.json {
		return s.printJSON(user)
	}
	balance := "unlimited"
	if user.Balance != nil {
		balance = strconv.FormatFloat(*user.Balance, 'f', -1, 64) + " s"
	}
	fmt.Fprintf(s.stdout, "user %s, admin %t, balance %s, used %g s in %d jobs\n",
		user.User, user.IsAdmin, balance, user.UsedSeconds, user.Jobs)
	return nil
}

func login(ctx context.Context, s *session, args []string) error {
	names, err := s.parse(flag.NewFlagSet("login", flag.ContinueOnError), args)
	if err != nil {
		return err
	}
	if len(names) != 1 {
		return usagef("name one user")
	}
	// The password comes on standard input, never on the command line, where other users
	// could read it in the process list.
	line, err := bufio.NewReader(s.stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return usagef("give the password on standard input")
	}
	started, err := s.client.Login(ctx, names[0], strings.TrimRight(line, "\r\n"))
	if err != nil {
		return err
	}
	if s.json {
		return s.printJSON(started)
	}
	fmt.Fprintln(s.stdout, started.Token)
	return nil
}

func notifications(ctx context.Context, s *session, args []string) error {
	if err := s.parseNone("notifications", args); err != nil {
		return err
	}
	list, err := s.client.ListNotifications(ctx, false)
	if err != nil {
		return err
	}
	if s.json {
		return s.printJSON(list)
	}
	for _, note := range list {
		fmt.Fprintf(s.stdout, "%d [%s] %s: %s\n", note.ID, note.Level, note.Title, note.Message)
	}
	return nil
}
