// Package cluster starts a real QPI cluster for the Go client's tests: a private munged,
// qpictld and one qpid per QPU, as child processes on 127.0.0.1, with the configuration,
// state and logs in one temporary directory.
//
// The executables come from QPI_BIN_DIR, or else the repository's debug build
// (.build/debug). Stop kills every child it started, by pid, and deletes the directory
// (QPI_KEEP_CLUSTER=1 keeps it for a look at the logs). The children also get SIGKILL
// from the kernel if the test binary dies before Stop runs, so a crashed test leaks no
// daemon.
package cluster

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// Users the tests act as besides the current user (root, an administrator): the controller
// maps token users to system accounts, so they must exist on the machine.
const (
	Alice = "daemon"
	Bob   = "nobody"
)

// Bell is a two-qubit Bell circuit: its counts hold only 00 and 11.
const Bell = `OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
creg c[2];
h q[0];
cx q[0], q[1];
measure q -> c;
`

// Cluster is a running test cluster.
type Cluster struct {
	// Dir holds the configuration, state and the daemons' logs.
	Dir string
	// URL is the HTTP API's base URL.
	URL string
	// Config is the path of the cluster's qpi.conf.
	Config string
	// QPUs are the names of the QPUs, one qpid each.
	QPUs []string

	bin      string
	env      []string
	children []child
}

type child struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
}

// BinDir is the directory of the built QPI executables.
func BinDir() (string, error) {
	dir := os.Getenv("QPI_BIN_DIR")
	if dir == "" {
		root, err := repositoryRoot()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(root, ".build", "debug")
	}
	for _, name := range []string{"qpictld", "qpid", "qctl", "qinfo"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return "", fmt.Errorf("%s is not built in %s: run `swift build` first or set QPI_BIN_DIR", name, dir)
		}
	}
	return dir, nil
}

// repositoryRoot is the nearest directory above the working directory that holds
// Package.swift: go test runs in the package's directory, inside the repository.
func repositoryRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "Package.swift")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no Package.swift above the working directory: set QPI_BIN_DIR to the built executables")
		}
		dir = parent
	}
}

// Start starts munged, qpictld and a qpid per QPU (sim0 when none are named), and returns
// once the HTTP API answers and every QPU is idle. On failure everything started is
// stopped and the error carries the daemons' logs.
func Start(qpus ...string) (*Cluster, error) {
	if len(qpus) == 0 {
		qpus = []string{"sim0"}
	}
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "qpi-go-cluster-")
	if err != nil {
		return nil, err
	}
	// munged refuses a socket directory that others cannot traverse.
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	// Two ports per configured QPU, and two spare for a QPU registered while tests run.
	count := 2 + 2*(len(qpus)+1)
	base, err := consecutivePorts(count)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	c := &Cluster{
		Dir:    dir,
		URL:    fmt.Sprintf("http://127.0.0.1:%d", base+1),
		Config: filepath.Join(dir, "qpi.conf"),
		QPUs:   qpus,
		bin:    bin,
		env:    environment(),
	}
	if err := c.start(base, count); err != nil {
		logs := c.LogTail(30)
		c.Stop()
		return nil, fmt.Errorf("the test cluster did not come up: %w\n%s", err, logs)
	}
	return c, nil
}

// environment is this process's environment without QPI_* variables: the generated
// configuration must win over whatever the caller's shell sets.
func environment() []string {
	var env []string
	for _, entry := range os.Environ() {
		if !strings.HasPrefix(entry, "QPI_") {
			env = append(env, entry)
		}
	}
	return env
}

func (c *Cluster) start(base, count int) error {
	mungeSocket := filepath.Join(c.Dir, "munge.socket")
	state := filepath.Join(c.Dir, "state")
	settings := [][2]string{
		{"ClusterName", "qpi-go-test"},
		{"ControlAddr", "127.0.0.1"},
		{"ControlPort", fmt.Sprint(base)},
		{"ServerPort", fmt.Sprint(base + 1)},
		{"PortRange", fmt.Sprintf("%d-%d", base+2, base+count-1)},
		{"StateSaveLocation", state},
		{"MungeSocket", mungeSocket},
		{"TLSCACertFile", filepath.Join(state, "ca.pem")},
		{"TLSCAKeyFile", filepath.Join(state, "ca.key")},
		{"TLSCertFile", filepath.Join(state, "cert.pem")},
		{"TLSKeyFile", filepath.Join(state, "cert.key")},
		{"HeartbeatInterval", "1s"},
		{"NodeTimeout", "5s"},
		{"RecoveryInterval", "1s"},
		{"LogLevel", "info"},
	}
	var config strings.Builder
	for _, setting := range settings {
		fmt.Fprintf(&config, "%s=%s\n", setting[0], setting[1])
	}
	for _, qpu := range c.QPUs {
		fmt.Fprintf(&config, "QPUName=%s Executor=sim Qubits=16\n", qpu)
	}
	if err := os.WriteFile(c.Config, []byte(config.String()), 0o644); err != nil {
		return err
	}
	if err := c.startMunged(mungeSocket); err != nil {
		return err
	}
	if err := c.spawn("qpictld", filepath.Join(c.bin, "qpictld"), "--conf", c.Config); err != nil {
		return err
	}
	for _, qpu := range c.QPUs {
		err := c.spawn("qpid-"+qpu, filepath.Join(c.bin, "qpid"),
			"--name", qpu, "--conf", c.Config, "--data-dir", filepath.Join(c.Dir, "node", qpu), "--threads", "1")
		if err != nil {
			return err
		}
	}
	err := WaitFor("the HTTP API to answer /healthz", time.Minute, func() (bool, error) {
		response, err := http.Get(c.URL + "/healthz")
		if err != nil {
			return false, err
		}
		response.Body.Close()
		return response.StatusCode == http.StatusOK, nil
	})
	if err != nil {
		return err
	}
	return WaitFor("QPUs "+strings.Join(c.QPUs, ", ")+" to be idle", time.Minute, func() (bool, error) {
		var listed struct {
			Items []struct {
				Name  string `json:"name"`
				State string `json:"state"`
			} `json:"items"`
		}
		if err := c.JSON(&listed, "qinfo"); err != nil {
			return false, err
		}
		idle := map[string]bool{}
		for _, qpu := range listed.Items {
			idle[qpu.Name] = qpu.State == "IDLE"
		}
		for _, qpu := range c.QPUs {
			if !idle[qpu] {
				return false, nil
			}
		}
		return true, nil
	})
}

func (c *Cluster) startMunged(socket string) error {
	key := make([]byte, 1024)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	keyFile := filepath.Join(c.Dir, "munge.key")
	if err := os.WriteFile(keyFile, key, 0o600); err != nil {
		return err
	}
	err := c.spawn("munged", "munged", "--foreground",
		"--socket="+socket,
		"--key-file="+keyFile,
		"--pid-file="+filepath.Join(c.Dir, "munged.pid"),
		"--seed-file="+filepath.Join(c.Dir, "munged.seed"))
	if err != nil {
		return err
	}
	return WaitFor("munged's socket", 10*time.Second, func() (bool, error) {
		_, err := os.Stat(socket)
		return err == nil, nil
	})
}

func (c *Cluster) spawn(name, command string, args ...string) error {
	log, err := os.OpenFile(filepath.Join(c.Dir, name+".log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer log.Close()
	cmd := exec.Command(command, args...)
	cmd.Env = c.env
	cmd.Stdout = log
	cmd.Stderr = log
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", name, err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	c.children = append(c.children, child{name, cmd, done})
	return nil
}

// Command runs a QPI command (qctl, qinfo, …) against this cluster as the current user
// and returns its standard output; a failure carries its standard error.
func (c *Cluster) Command(command string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(c.bin, command), append(args, "--conf", c.Config)...)
	cmd.Env = c.env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	timer := time.AfterFunc(30*time.Second, func() {
		if cmd.Process != nil {
			cmd.Process.Kill()
		}
	})
	defer timer.Stop()
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w: %s", command, strings.Join(args, " "), err, stderr.String())
	}
	return out, nil
}

// JSON runs a QPI command with --json and decodes its output into out.
func (c *Cluster) JSON(out any, command string, args ...string) error {
	text, err := c.Command(command, append(args, "--json")...)
	if err != nil {
		return err
	}
	return json.Unmarshal(text, out)
}

// Token creates an API token and returns its secret: for the current user (root, an
// administrator) when user is empty, else for user.
func (c *Cluster) Token(user string) (string, error) {
	args := []string{"token", "create", "--name", "go-test-admin"}
	if user != "" {
		args = []string{"token", "create", "--name", "go-test-" + user, "--user", user}
	}
	var created struct {
		Token string `json:"token"`
	}
	if err := c.JSON(&created, "qctl", args...); err != nil {
		return "", err
	}
	return created.Token, nil
}

// LogTail returns the last lines of every daemon's log, for failure messages.
func (c *Cluster) LogTail(lines int) string {
	names, _ := filepath.Glob(filepath.Join(c.Dir, "*.log"))
	sort.Strings(names)
	var out strings.Builder
	for _, name := range names {
		text, _ := os.ReadFile(name)
		all := strings.Split(strings.TrimRight(string(text), "\n"), "\n")
		if len(all) > lines {
			all = all[len(all)-lines:]
		}
		fmt.Fprintf(&out, "--- %s ---\n%s\n", filepath.Base(name), strings.Join(all, "\n"))
	}
	return out.String()
}

// Stop stops the nodes, then the controller, then munged (SIGTERM, SIGKILL after 5 s),
// and deletes the directory. It may be called more than once.
func (c *Cluster) Stop() {
	sort.SliceStable(c.children, func(i, j int) bool { return rank(c.children[i].name) < rank(c.children[j].name) })
	for _, child := range c.children {
		child.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-child.done:
		case <-time.After(5 * time.Second):
			child.cmd.Process.Kill()
			<-child.done
		}
	}
	c.children = nil
	if os.Getenv("QPI_KEEP_CLUSTER") == "" {
		os.RemoveAll(c.Dir)
	}
}

func rank(name string) int {
	switch {
	case strings.HasPrefix(name, "qpid-"):
		return 0
	case name == "qpictld":
		return 1
	}
	return 2
}

// WaitFor calls probe until it reports true, and fails naming what it waited for, and the
// probe's last error, after limit.
func WaitFor(what string, limit time.Duration, probe func() (bool, error)) error {
	deadline := time.Now().Add(limit)
	for {
		ok, err := probe()
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			if err != nil {
				return fmt.Errorf("timed out after %s waiting for %s; last attempt: %w", limit, what, err)
			}
			return fmt.Errorf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// consecutivePorts finds count consecutive free ports on 127.0.0.1, probed together so
// that none of them is taken, and returns the first.
func consecutivePorts(count int) (int, error) {
	for attempt := 0; attempt < 50; attempt++ {
		base := 20000 + int(randomUint16())%30000
		free := true
		for port := base; port < base+count && free; port++ {
			listener, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
			if err != nil {
				free = false
				break
			}
			listener.Close()
		}
		if free {
			return base, nil
		}
	}
	return 0, fmt.Errorf("no %d consecutive free ports on 127.0.0.1", count)
}

func randomUint16() uint16 {
	var b [2]byte
	_, _ = rand.Read(b[:])
	return uint16(b[0])<<8 | uint16(b[1])
}
