// Package childproc runs a program under test as a child process of the
// test, the way it runs in production, so that a test can do to it what
// production does: build it once (Build), start it on a free loopback port
// with an environment of the test's choosing and wait until it is healthy
// (Start), read what it prints, measure its memory from /proc (Memory,
// PeakRSSAtExit), and stop it with SIGTERM or kill it with SIGKILL midway
// through its work (Stop, Kill).
//
// A test package that builds binaries runs its tests through Main, which
// removes them afterwards:
//
//	func TestMain(m *testing.M) { childproc.Main(m) }
//
//	func TestSomething(t *testing.T) {
//		bin := childproc.Build(t, "github.com/peelbot/peelbot/cmd/peelbot")
//		p := childproc.Start(t, childproc.Config{Path: bin, Args: []string{"serve"}, Env: []string{"SLACK_BOT_TOKEN=xoxb-test"}})
//		… requests to p.URL() …
//		state := p.Kill()
//	}
//
// The package is for tests only; nothing in the peelbot binary may import
// it, and it imports no peelbot package, so that it can run any program.
// It imports only the standard library. Memory figures need Linux's /proc;
// elsewhere Memory returns an error.
package childproc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var builds struct {
	mu      sync.Mutex
	main    bool   // Main is running the tests
	dir     string // where binaries go, made on the first build
	byKey   map[string]*build
	counter int
}

type build struct {
	once sync.Once
	path string
	err  error
}

// Main runs the tests, removes every binary Build made and exits with the
// tests' status. Call it from TestMain.
func Main(m *testing.M) {
	builds.mu.Lock()
	builds.main = true
	builds.mu.Unlock()
	code := m.Run()
	builds.mu.Lock()
	dir := builds.dir
	builds.mu.Unlock()
	if dir != "" {
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintln(os.Stderr, "childproc: remove built binaries:", err)
		}
	}
	os.Exit(code)
}

// Build compiles the main package pkg (an import path, or a directory as
// go build takes it, relative to the test's package) with the go command on
// PATH and returns the binary's path. Each pkg and flags is built once per
// test binary, whichever test asks first; later calls wait for that build
// and share its result, a failure included. The test fails when the build
// does, or when TestMain does not run the tests through Main.
func Build(tb testing.TB, pkg string, flags ...string) string {
	tb.Helper()
	builds.mu.Lock()
	if !builds.main {
		builds.mu.Unlock()
		tb.Fatal("childproc.Build: run the package's tests through childproc.Main (func TestMain(m *testing.M) { childproc.Main(m) }), which removes the binaries")
	}
	if builds.byKey == nil {
		builds.byKey = map[string]*build{}
	}
	key := pkg + "\x00" + strings.Join(flags, "\x00")
	b := builds.byKey[key]
	if b == nil {
		b = &build{}
		builds.byKey[key] = b
	}
	builds.mu.Unlock()
	b.once.Do(func() { b.path, b.err = compile(pkg, flags) })
	if b.err != nil {
		tb.Fatal(b.err)
	}
	return b.path
}

// compile runs go build into the shared directory.
func compile(pkg string, flags []string) (string, error) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("childproc.Build %s: no go command on PATH: %w", pkg, err)
	}
	builds.mu.Lock()
	if builds.dir == "" {
		builds.dir, err = os.MkdirTemp("", "childproc-")
	}
	builds.counter++
	out := filepath.Join(builds.dir, fmt.Sprintf("%d-%s", builds.counter, filepath.Base(strings.TrimRight(pkg, "/"))))
	builds.mu.Unlock()
	if err != nil {
		return "", fmt.Errorf("childproc.Build %s: %w", pkg, err)
	}
	args := append(append([]string{"build", "-o", out}, flags...), pkg)
	cmd := exec.Command(goCmd, args...)
	if output, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("childproc.Build: go %s: %v\n%s", strings.Join(args, " "), err, output)
	}
	return out, nil
}

// Config says how to start a child.
type Config struct {
	// Path is the program, such as Build's result.
	Path string
	Args []string
	// Env is added to the child's environment. That environment otherwise
	// holds only PATH, HOME and TMPDIR from the test's, so that no setting
	// of the developer's (a DATABASE_URL, an API key) reaches the child,
	// unless InheritEnv starts it from the test's whole environment.
	Env        []string
	InheritEnv bool
	// PortEnv names the variable that gives the child its port, a free
	// loopback port Start picks: PORT when empty.
	PortEnv string
	// Healthz is the path Start polls until it answers 200: /healthz when
	// empty. NoWait starts the child without waiting (a command that
	// serves nothing).
	Healthz string
	NoWait  bool
	// StartTimeout bounds the wait for Healthz: 60 s when zero.
	StartTimeout time.Duration
	// Dir is the child's working directory; empty is the test's.
	Dir   string
	Stdin io.Reader
}

// DefaultStartTimeout is how long Start waits for Healthz when
// Config.StartTimeout is zero. It is long because the machine is shared;
// it bounds a hang and does not measure start time.
const DefaultStartTimeout = 60 * time.Second

// ErrStillRunning is returned by Wait when the child has not exited in time.
var ErrStillRunning = errors.New("childproc: still running")

// Process is a started child.
type Process struct {
	cmd  *exec.Cmd
	port int
	out  *output

	done    chan struct{} // closed once the child has exited and been waited for
	state   *os.ProcessState
	waitErr error
}

// Start starts the child and waits until it is healthy, failing the test
// if it exits first or is not healthy in time. When the test ends, a child
// still running is killed, and if the test failed the end of its output is
// logged.
func Start(tb testing.TB, c Config) *Process {
	tb.Helper()
	p, err := Launch(c)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		p.killGroup()
		if tb.Failed() {
			tb.Logf("output of %s (pid %d), last lines:\n%s", filepath.Base(c.Path), p.Pid(), p.out.tail(60))
		}
	})
	return p
}

// Launch is Start without a test: the caller must stop the child (Kill or
// Stop) when done, or it outlives the test.
func Launch(c Config) (*Process, error) {
	if c.Path == "" {
		return nil, errors.New("childproc: Config.Path is empty")
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	portEnv := c.PortEnv
	if portEnv == "" {
		portEnv = "PORT"
	}
	cmd := exec.Command(c.Path, c.Args...)
	cmd.Dir = c.Dir
	cmd.Stdin = c.Stdin
	cmd.Env = append(baseEnv(c.InheritEnv), c.Env...)
	cmd.Env = append(cmd.Env, portEnv+"="+strconv.Itoa(port))
	cmd.SysProcAttr = sysProcAttr()
	cmd.WaitDelay = 5 * time.Second // a grandchild holding the output pipes must not hold up Wait
	p := &Process{cmd: cmd, port: port, out: newOutput(), done: make(chan struct{})}
	cmd.Stdout = p.out.stream("stdout")
	cmd.Stderr = p.out.stream("stderr")
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("childproc: start %s: %w", c.Path, err)
	}
	go func() {
		p.waitErr = cmd.Wait()
		p.state = cmd.ProcessState
		close(p.done)
	}()
	if c.NoWait {
		return p, nil
	}
	if err := p.waitHealthy(c); err != nil {
		p.killGroup()
		return nil, err
	}
	return p, nil
}

// baseEnv is the part of the test's environment every child gets.
func baseEnv(all bool) []string {
	if all {
		return os.Environ()
	}
	var env []string
	for _, name := range []string{"PATH", "HOME", "TMPDIR"} {
		if v, ok := os.LookupEnv(name); ok {
			env = append(env, name+"="+v)
		}
	}
	return env
}

// freePort is a loopback port nothing listens on now. Another process
// could take it before the child listens; the child then fails to start,
// and Start says so with its output.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("childproc: find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func (p *Process) waitHealthy(c Config) error {
	path := c.Healthz
	if path == "" {
		path = "/healthz"
	}
	timeout := c.StartTimeout
	if timeout <= 0 {
		timeout = DefaultStartTimeout
	}
	url := p.URL() + path
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(timeout)
	for {
		resp, err := client.Get(url)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-p.done:
			return fmt.Errorf("childproc: %s exited (%s) before %s answered 200; its output:\n%s",
				filepath.Base(c.Path), describe(p.state), path, p.out.tail(40))
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("childproc: %s: %s not 200 within %v; its output:\n%s",
				filepath.Base(c.Path), path, timeout, p.out.tail(40))
		}
	}
}

// describe says how a process ended: "exit status 1", "signal: killed".
func describe(s *os.ProcessState) string {
	if s == nil {
		return "still running"
	}
	return s.String()
}

// Pid is the child's process id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Port is the port the child was given.
func (p *Process) Port() int { return p.port }

// URL is http://127.0.0.1:PORT.
func (p *Process) URL() string { return "http://127.0.0.1:" + strconv.Itoa(p.port) }

// Done is closed once the child has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Signal sends sig to the child.
func (p *Process) Signal(sig os.Signal) error { return p.cmd.Process.Signal(sig) }

// Wait waits up to timeout for the child to exit and returns how it ended,
// or ErrStillRunning.
func (p *Process) Wait(timeout time.Duration) (*os.ProcessState, error) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-p.done:
		return p.state, nil
	case <-t.C:
		return nil, fmt.Errorf("%w after %v (pid %d)", ErrStillRunning, timeout, p.Pid())
	}
}

// Kill sends SIGKILL, as the OOM killer or a crashed machine does, waits for
// the child to exit and returns how it ended. The child gets no chance to
// finish anything. Killing a child that has exited just returns its end.
func (p *Process) Kill() *os.ProcessState {
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done // SIGKILL cannot be caught: the wait is short
	return p.state
}

// Stop sends SIGTERM, as a deploy or a scale-down does, and waits up to
// timeout for the child to exit. A child still running then is killed, and
// the error says so; its state is returned either way.
func (p *Process) Stop(timeout time.Duration) (*os.ProcessState, error) {
	p.cmd.Process.Signal(syscall.SIGTERM)
	if state, err := p.Wait(timeout); err == nil {
		return state, nil
	}
	state := p.Kill()
	return state, fmt.Errorf("childproc: pid %d did not exit within %v of SIGTERM; killed", p.Pid(), timeout)
}

// KilledBy is the signal that ended the child, and false when it exited by
// itself or is still running.
func (p *Process) KilledBy() (syscall.Signal, bool) {
	select {
	case <-p.done:
	default:
		return 0, false
	}
	ws, ok := p.state.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return 0, false
	}
	return ws.Signal(), true
}

// killGroup kills the child and anything it started, and waits for the
// child.
func (p *Process) killGroup() {
	select {
	case <-p.done:
		return
	default:
	}
	killGroup(p.cmd.Process)
	<-p.done
}

// Stdout is everything the child has written to its standard output so far.
func (p *Process) Stdout() string { return p.out.text("stdout") }

// Stderr is everything the child has written to its standard error so far.
func (p *Process) Stderr() string { return p.out.text("stderr") }

// Lines are the child's complete output lines so far, from both streams in
// the order they were read.
func (p *Process) Lines() []string { return p.out.allLines() }

// WaitFor waits up to timeout for an output line (of either stream, from
// the start) for which match is true, and returns it. It gives up early
// when the child exits without printing one.
func (p *Process) WaitFor(timeout time.Duration, match func(line string) bool) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	seen := 0
	for {
		lines, changed := p.out.linesFrom(seen)
		for _, l := range lines {
			if match(l) {
				return l, nil
			}
		}
		seen += len(lines)
		select {
		case <-changed:
		case <-p.done:
			// The streams are copied until the pipes close, just after
			// the exit: look once more at what was left.
			if lines, _ := p.out.linesFrom(seen); len(lines) > 0 {
				continue
			}
			if l, ok := p.out.lastPartial(match); ok {
				return l, nil
			}
			return "", fmt.Errorf("childproc: pid %d exited (%s) without printing the line waited for", p.Pid(), describe(p.state))
		case <-ctx.Done():
			return "", fmt.Errorf("childproc: pid %d printed no line waited for within %v", p.Pid(), timeout)
		}
	}
}

// WaitForText waits for an output line containing text; see WaitFor.
func (p *Process) WaitForText(timeout time.Duration, text string) (string, error) {
	return p.WaitFor(timeout, func(l string) bool { return strings.Contains(l, text) })
}

// Memory is a process's resident memory, in bytes.
type Memory struct {
	// RSS is resident now (VmRSS); Anon the part of it that is not files
	// (RssAnon: heap, stacks); Peak the most it has been resident
	// (VmHWM).
	RSS, Anon, Peak int64
}

// Memory reads the running child's memory from /proc/PID/status.
func (p *Process) Memory() (Memory, error) {
	return readMemory(p.Pid())
}

// PeakRSSAtExit is the most memory the child ever had resident, in bytes,
// from the kernel's accounting when it was reaped (getrusage's maxrss), so
// that a peak is known even for a child killed at its peak. It reports
// false while the child runs.
func (p *Process) PeakRSSAtExit() (int64, bool) {
	select {
	case <-p.done:
	default:
		return 0, false
	}
	return maxRSS(p.state)
}

// output keeps what a child writes to each stream, and its lines in the
// order they arrive.
type output struct {
	mu      sync.Mutex
	streams map[string]*bytes.Buffer
	partial map[string]string // an unfinished last line per stream
	lines   []string
	changed chan struct{} // closed and replaced when a line is added
	dropped int64
}

// maxOutput bounds what is kept of a chatty child's output; past it, lines
// are still matched by WaitFor but no longer stored in full.
const maxOutput = 64 << 20

func newOutput() *output {
	return &output{streams: map[string]*bytes.Buffer{}, partial: map[string]string{}, changed: make(chan struct{})}
}

type streamWriter struct {
	o    *output
	name string
}

func (o *output) stream(name string) io.Writer {
	o.streams[name] = &bytes.Buffer{}
	return streamWriter{o, name}
}

func (w streamWriter) Write(b []byte) (int, error) {
	o := w.o
	o.mu.Lock()
	defer o.mu.Unlock()
	if buf := o.streams[w.name]; buf.Len()+len(b) <= maxOutput {
		buf.Write(b)
	} else {
		o.dropped += int64(len(b))
	}
	text := o.partial[w.name] + string(b)
	parts := strings.Split(text, "\n")
	o.partial[w.name] = parts[len(parts)-1]
	if complete := parts[:len(parts)-1]; len(complete) > 0 {
		o.lines = append(o.lines, complete...)
		close(o.changed)
		o.changed = make(chan struct{})
	}
	return len(b), nil
}

func (o *output) text(name string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.streams[name].String()
}

func (o *output) allLines() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.lines...)
}

// linesFrom returns the lines after the first n, and a channel closed when
// more arrive.
func (o *output) linesFrom(n int) ([]string, <-chan struct{}) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.lines[min(n, len(o.lines)):]...), o.changed
}

// lastPartial matches the unfinished last line of each stream, which a
// child that exited may have left.
func (o *output) lastPartial(match func(string) bool) (string, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, l := range o.partial {
		if l != "" && match(l) {
			return l, true
		}
	}
	return "", false
}

// tail is the last n lines of both streams, for a failure message.
func (o *output) tail(n int) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	lines := o.lines[max(0, len(o.lines)-n):]
	s := strings.Join(lines, "\n")
	for name, l := range o.partial {
		if l != "" {
			s += "\n" + l + " [" + name + ", unfinished]"
		}
	}
	if o.dropped > 0 {
		s += fmt.Sprintf("\n[%d bytes of output not kept]", o.dropped)
	}
	return s
}
