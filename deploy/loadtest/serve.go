package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// serveConfig is a whole measurement of a server process.
type serveConfig struct {
	load         loadConfig
	port         int
	healthz      string
	startTimeout time.Duration
	maxStart     time.Duration
	maxRSSMB     float64
	settle       time.Duration
	childLog     string
	childEnv     []string
	metrics      string // Prometheus path for the Go runtime's figures; "" for none
}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loadtest run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: loadtest run [flags] -- CMD [ARGS]   (e.g. -- ./peelbot serve)\n\n"+
			"Starts CMD with PORT and SLACK_SIGNING_SECRET set, times process start to\n"+
			"/healthz 200, sends signed slash commands at -rate for -duration while\n"+
			"sampling the process's resident memory, then stops it with SIGTERM.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	var c serveConfig
	var queriesFile string
	var env listFlag
	slashFlags(fs, &c.load, &queriesFile)
	fs.IntVar(&c.port, "port", 0, "`PORT` given to the server (0: a free loopback port); refused when already in use")
	fs.StringVar(&c.healthz, "healthz", "/healthz", "health check `PATH`")
	fs.DurationVar(&c.startTimeout, "start-timeout", 20*time.Second, "give up when /healthz is not 200 by then")
	fs.DurationVar(&c.maxStart, "max-start", 500*time.Millisecond, "start-to-/healthz budget (0: none)")
	fs.Float64Var(&c.maxRSSMB, "max-rss-mb", 80, "steady resident memory budget in MB (0: none)")
	fs.DurationVar(&c.settle, "settle", 2*time.Second, "wait this long after /healthz before loading")
	fs.StringVar(&c.metrics, "metrics", "/metrics", "Prometheus `PATH` read after the load for the Go runtime's memory figures (\"\": none)")
	fs.StringVar(&c.childLog, "child-log", "loadtest-serve.log", "`FILE` for the server's output")
	fs.Var(&env, "child-env", "`NAME=VALUE` added to the server's environment, repeatable; {sink} is replaced by the fake Slack's URL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("run: no command to start (loadtest run [flags] -- ./peelbot serve)")
	}
	port, err := choosePort(c.port)
	if err != nil {
		return err
	}
	c.port = port
	if !flagSet(fs, "url") {
		c.load.URL = fmt.Sprintf("http://127.0.0.1:%d/slack/commands", c.port)
	}
	if c.load.Secret == "" {
		c.load.Secret = randomSecret()
	}
	c.childEnv = env
	if err := c.load.prepare(queriesFile); err != nil {
		return err
	}
	return c.measure(ctx, fs.Args(), stdout)
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// choosePort returns port when nothing listens on it, or a free port when
// port is 0. A port already in use is refused: /healthz would be answered
// by whatever holds it, and every figure would be that server's.
func choosePort(port int) (int, error) {
	ln, err := net.Listen("tcp", fmt.Sprintf(":%d", port))
	if err != nil {
		return 0, fmt.Errorf("port %d is in use: stop what holds it or pass another -port (%w)", port, err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func randomSecret() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// measure starts the server, times its start, loads it while sampling its
// memory, stops it and prints every figure against its budget.
func (c *serveConfig) measure(ctx context.Context, argv []string, stdout io.Writer) error {
	sink, err := startSink()
	if err != nil {
		return err
	}
	defer sink.close()
	c.load.ResponseURL = sink.responseURL

	logFile, err := os.Create(c.childLog)
	if err != nil {
		return fmt.Errorf("server log: %w", err)
	}
	defer logFile.Close()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = append(os.Environ(), "PORT="+strconv.Itoa(c.port), "SLACK_SIGNING_SECRET="+c.load.Secret)
	for _, kv := range c.childEnv {
		cmd.Env = append(cmd.Env, strings.ReplaceAll(kv, "{sink}", sink.url))
	}

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", argv[0], err)
	}
	p := watch(cmd)
	defer p.stop(stdout)

	healthURL := fmt.Sprintf("http://127.0.0.1:%d%s", c.port, c.healthz)
	startup, err := waitHealthy(ctx, healthURL, start, c.startTimeout, p)
	if err != nil {
		fmt.Fprintf(stdout, "server output (%s):\n%s", c.childLog, tail(c.childLog, 20))
		return err
	}
	ok := true
	fmt.Fprintf(stdout, "start to %s 200: %v", c.healthz, startup.Round(time.Millisecond))
	if c.maxStart > 0 {
		ok = verdict(stdout, startup < c.maxStart, float64(startup)/float64(c.maxStart), c.maxStart.String()) && ok
	}
	fmt.Fprintln(stdout)
	fmt.Fprintf(stdout, "memory after start: %s\n", memoryLine(cmd.Process.Pid))

	time.Sleep(c.settle)
	sampler := sampleRSS(cmd.Process.Pid, 100*time.Millisecond)
	cpu0, _ := cpuTime(cmd.Process.Pid)
	rep, err := runLoad(ctx, c.load)
	cpu1, cpuOK := cpuTime(cmd.Process.Pid)
	samples := sampler.stop()
	if err != nil {
		return err
	}
	ok = rep.print(stdout, c.load) && ok
	if cpuOK && rep.Sent > 0 {
		used := cpu1 - cpu0
		fmt.Fprintf(stdout, "server CPU during the load: %.2f s (%.2f of a core; %.2f ms a request)\n",
			used.Seconds(), used.Seconds()/rep.Elapsed.Seconds(), float64(used.Microseconds())/1000/float64(rep.Sent))
	}
	sink.print(stdout)

	select {
	case <-p.done:
		return fmt.Errorf("the server exited during the load: %s (log: %s)", exitText(p.err), c.childLog)
	default:
	}
	if len(samples) == 0 {
		return errors.New("no memory samples were read from /proc: cannot say the server's memory")
	}
	steady := steadyRSS(samples)
	fmt.Fprintf(stdout, "memory under load: steady RSS %.1f MB (median of the second half, %d samples); %s", steady, len(samples), memoryLine(cmd.Process.Pid))
	if c.maxRSSMB > 0 {
		ok = verdict(stdout, steady < c.maxRSSMB, steady/c.maxRSSMB, fmt.Sprintf("%.0f MB", c.maxRSSMB)) && ok
	}
	fmt.Fprintln(stdout)
	if c.metrics != "" {
		fmt.Fprintf(stdout, "Go runtime (%s): %s\n", c.metrics, runtimeLine(fmt.Sprintf("http://127.0.0.1:%d%s", c.port, c.metrics)))
	}
	if !ok {
		return errFailed
	}
	return nil
}

func verdict(w io.Writer, within bool, fraction float64, budget string) bool {
	word := "within"
	if !within {
		word = "OVER"
	}
	fmt.Fprintf(w, "  [budget %s: %s, %.0f%%]", budget, word, 100*fraction)
	return within
}

// waitHealthy polls url until it answers 200 and returns how long that
// took from start, when the process was started.
func waitHealthy(ctx context.Context, url string, start time.Time, timeout time.Duration, p *process) (time.Duration, error) {
	client := &http.Client{Timeout: 250 * time.Millisecond}
	for {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(start), nil
			}
		}
		select {
		case <-p.done:
			return 0, fmt.Errorf("the server exited before %s answered 200: %s", url, exitText(p.err))
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
		if time.Since(start) > timeout {
			return 0, fmt.Errorf("%s not 200 within %v", url, timeout)
		}
	}
}

// process is a started server and, once it has exited, how.
type process struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when it has exited
	err  error         // its exit, once done is closed
}

func watch(cmd *exec.Cmd) *process {
	p := &process{cmd: cmd, done: make(chan struct{})}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	return p
}

// stop asks the server to stop, as fly.io does on deploy, and says how
// long its graceful shutdown took.
func (p *process) stop(w io.Writer) {
	select {
	case <-p.done:
		return // it exited by itself, which has been reported
	default:
	}
	start := time.Now()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		fmt.Fprintf(w, "stopped by SIGTERM in %v (%s)\n", time.Since(start).Round(time.Millisecond), exitText(p.err))
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
		fmt.Fprintln(w, "did not stop within 10s of SIGTERM: killed")
	}
}

func exitText(err error) string {
	if err == nil {
		return "exit 0"
	}
	return err.Error()
}

// rssSampler records a process's resident memory at intervals.
type rssSampler struct {
	done    chan struct{}
	wg      sync.WaitGroup
	samples []float64 // MB
}

func sampleRSS(pid int, every time.Duration) *rssSampler {
	s := &rssSampler{done: make(chan struct{})}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-s.done:
				return
			case <-t.C:
				if kb, ok := procStatus(pid, "VmRSS"); ok {
					s.samples = append(s.samples, kb/1024)
				}
			}
		}
	}()
	return s
}

func (s *rssSampler) stop() []float64 {
	close(s.done)
	s.wg.Wait()
	return s.samples
}

// steadyRSS is the median of the second half of the samples: memory once
// the load has run long enough for caches and pools to fill.
func steadyRSS(samples []float64) float64 {
	if len(samples) == 0 {
		return 0
	}
	half := slices.Clone(samples[len(samples)/2:])
	slices.Sort(half)
	return half[len(half)/2]
}

// memoryLine is a process's resident memory now, split into anonymous
// pages (Go heap, stacks, runtime) and file pages (the binary's code and
// data as they are touched, memory-mapped index segments), and its peak.
func memoryLine(pid int) string {
	rss, _ := procStatus(pid, "VmRSS")
	anon, _ := procStatus(pid, "RssAnon")
	file, _ := procStatus(pid, "RssFile")
	hwm, _ := procStatus(pid, "VmHWM")
	return fmt.Sprintf("RSS %.1f MB (anonymous %.1f MB, files %.1f MB), peak %.1f MB", rss/1024, anon/1024, file/1024, hwm/1024)
}

// runtimeMetrics are the Go runtime's figures that explain a server's
// resident memory, by their Prometheus names (client_golang's Go
// collector), with how each is shown.
var runtimeMetrics = []struct{ name, label string }{
	{"go_memstats_heap_inuse_bytes", "heap in use"},
	{"go_memstats_next_gc_bytes", "GC goal"},
	{"go_memstats_stack_inuse_bytes", "stacks"},
	{"go_memstats_sys_bytes", "from the OS"},
	{"go_goroutines", "goroutines"},
}

// runtimeLine reads the Go runtime's memory figures from a Prometheus
// metrics URL, or says why it could not.
func runtimeLine(url string) string {
	client := &http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		return "unavailable: " + shortError(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "unavailable: status " + strconv.Itoa(resp.StatusCode)
	}
	values := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, v, ok := strings.Cut(sc.Text(), " ")
		if n, err := strconv.ParseFloat(v, 64); ok && err == nil {
			values[name] = n
		}
	}
	var parts []string
	for _, m := range runtimeMetrics {
		v, ok := values[m.name]
		switch {
		case !ok:
		case strings.HasSuffix(m.name, "_bytes"):
			parts = append(parts, fmt.Sprintf("%s %.1f MB", m.label, v/(1<<20)))
		default:
			parts = append(parts, fmt.Sprintf("%s %.0f", m.label, v))
		}
	}
	if len(parts) == 0 {
		return "no Go runtime metrics there"
	}
	return strings.Join(parts, ", ")
}

// procStatus reads one "Name: N kB" line of /proc/PID/status.
func procStatus(pid int, name string) (float64, bool) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && k == name {
			n, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return n, err == nil
		}
	}
	return 0, false
}

// clockTicks is the unit of /proc/PID/stat's CPU times (USER_HZ), 100 on
// every Linux this runs on; reading it needs cgo (sysconf).
const clockTicks = 100

// cpuTime is the CPU time a process has used so far, user and system,
// all threads.
func cpuTime(pid int) (time.Duration, bool) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	// The command name, in parentheses, may hold spaces: count fields
	// after its closing parenthesis. utime and stime are fields 14 and 15.
	i := strings.LastIndexByte(string(data), ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 13 {
		return 0, false
	}
	user, err1 := strconv.ParseInt(f[11], 10, 64)
	sys, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(user+sys) * time.Second / clockTicks, true
}

// tail returns the last n lines of a file.
func tail(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.SplitAfter(string(data), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "")
}
