package childproc_test

import (
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/peelbot/peelbot/internal/childproc"
)

func TestMain(m *testing.M) { childproc.Main(m) }

// tiny is the stand-in server in testdata, built once for every test.
func tiny(t *testing.T) string {
	return childproc.Build(t, "./testdata/tinyserver")
}

func get(t *testing.T, p *childproc.Process, path string) (int, string) {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(p.URL() + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestBuildOncePerPackageAndFlags(t *testing.T) {
	first := tiny(t)
	info, err := os.Stat(first)
	if err != nil || info.Mode()&0o111 == 0 {
		t.Fatalf("built %s: %v, mode %v; want an executable", first, err, info.Mode())
	}
	again := tiny(t)
	info2, _ := os.Stat(again)
	if again != first || !info2.ModTime().Equal(info.ModTime()) {
		t.Errorf("second Build gave %s (modified %v), want the first, %s (%v), unbuilt", again, info2.ModTime(), first, info.ModTime())
	}
	other := childproc.Build(t, "./testdata/tinyserver", "-ldflags=-s")
	if other == first {
		t.Error("a build with other flags shared the first binary")
	}
	if filepath.Dir(other) != filepath.Dir(first) || filepath.Base(first) == "" {
		t.Errorf("binaries %s and %s: want one directory, for Main to remove", first, other)
	}
}

func TestStartWaitsForHealthAndGivesArgsEnvAndPort(t *testing.T) {
	t.Setenv("CHILDPROC_TEST_SECRET", "the parent's")
	p := childproc.Start(t, childproc.Config{
		Path: tiny(t),
		Args: []string{"--hello", "world"},
		Env:  []string{"TINY_GREETING=hi"},
	})
	if code, _ := get(t, p, "/healthz"); code != 200 {
		t.Errorf("/healthz %d right after Start", code)
	}
	if _, body := get(t, p, "/env?name=PORT"); body != p.URL()[len("http://127.0.0.1:"):] {
		t.Errorf("child's PORT %q, want the port of %s", body, p.URL())
	}
	if _, body := get(t, p, "/env?name=CHILDPROC_TEST_SECRET"); body != "" {
		t.Errorf("the child inherited the test's environment: %q", body)
	}
	if _, body := get(t, p, "/env?name=HOME"); body != os.Getenv("HOME") {
		t.Errorf("child's HOME %q, want the test's", body)
	}
	if line, err := p.WaitForText(5*time.Second, "args:"); err != nil || line != "args: --hello world" {
		t.Errorf("args line %q, %v", line, err)
	}
	if !strings.Contains(p.Stdout(), "greeting: hi\n") || strings.Contains(p.Stdout(), "to stderr") {
		t.Errorf("stdout %q: want the greeting and not stderr's line", p.Stdout())
	}
	if p.Stderr() != "to stderr\n" {
		t.Errorf("stderr %q", p.Stderr())
	}
	if lines := p.Lines(); len(lines) != 3 {
		t.Errorf("lines %q, want the three printed", lines)
	}
}

func TestInheritEnv(t *testing.T) {
	t.Setenv("CHILDPROC_TEST_SECRET", "the parent's")
	p := childproc.Start(t, childproc.Config{Path: tiny(t), InheritEnv: true, PortEnv: "PORT"})
	if _, body := get(t, p, "/env?name=CHILDPROC_TEST_SECRET"); body != "the parent's" {
		t.Errorf("child's CHILDPROC_TEST_SECRET %q, want the test's", body)
	}
}

func TestStartWaitsForASlowStart(t *testing.T) {
	const delay = 300 * time.Millisecond
	start := time.Now()
	p := childproc.Start(t, childproc.Config{Path: tiny(t), Env: []string{"TINY_START_DELAY=" + delay.String()}})
	if elapsed := time.Since(start); elapsed < delay {
		t.Errorf("Start returned after %v, before /healthz could be 200 (%v)", elapsed, delay)
	}
	if code, _ := get(t, p, "/healthz"); code != 200 {
		t.Errorf("/healthz %d after Start", code)
	}
}

func TestLaunchReportsAnEarlyExit(t *testing.T) {
	_, err := childproc.Launch(childproc.Config{Path: tiny(t), Args: []string{"--fail-at-start"}, StartTimeout: 30 * time.Second})
	if err == nil || !strings.Contains(err.Error(), "exit status 3") || !strings.Contains(err.Error(), "cannot start: told to fail") {
		t.Errorf("Launch: %v; want the exit status and the child's last words", err)
	}
}

func TestLaunchGivesUpOnAChildThatNeverGetsHealthy(t *testing.T) {
	_, err := childproc.Launch(childproc.Config{Path: tiny(t), Env: []string{"TINY_START_DELAY=1h"}, StartTimeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "not 200 within 300ms") {
		t.Errorf("Launch: %v", err)
	}
}

func TestKillIsSIGKILL(t *testing.T) {
	p := childproc.Start(t, childproc.Config{Path: tiny(t)})
	state := p.Kill()
	if sig, ok := p.KilledBy(); !ok || sig != syscall.SIGKILL || state.ExitCode() != -1 {
		t.Errorf("ended %v (%v, %v), want killed by SIGKILL", state, sig, ok)
	}
	if strings.Contains(p.Stdout(), "terminating") {
		t.Error("the child ran its SIGTERM handler on SIGKILL")
	}
	if _, err := p.Memory(); err == nil {
		t.Error("Memory of a killed child: no error")
	}
}

func TestStopIsAGracefulSIGTERM(t *testing.T) {
	p := childproc.Start(t, childproc.Config{Path: tiny(t)})
	state, err := p.Stop(10 * time.Second)
	if err != nil || state.ExitCode() != 0 {
		t.Fatalf("Stop: %v, %v; want exit 0", state, err)
	}
	if _, killed := p.KilledBy(); killed {
		t.Error("KilledBy says a signal ended a child that exited by itself")
	}
	if !strings.Contains(p.Stdout(), "terminating\nterminated\n") {
		t.Errorf("stdout %q: want the graceful shutdown", p.Stdout())
	}
}

func TestStopKillsAChildThatIgnoresSIGTERM(t *testing.T) {
	p := childproc.Start(t, childproc.Config{Path: tiny(t), Env: []string{"TINY_IGNORE_TERM=1"}})
	state, err := p.Stop(300 * time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "killed") {
		t.Errorf("Stop: %v, want an error saying it had to kill", err)
	}
	if sig, ok := p.KilledBy(); !ok || sig != syscall.SIGKILL {
		t.Errorf("ended %v, want SIGKILL", state)
	}
	if _, err := p.WaitForText(time.Second, "ignoring SIGTERM"); err != nil {
		t.Errorf("the child never saw the SIGTERM: %v", err)
	}
}

func TestWaitForGivesUp(t *testing.T) {
	p := childproc.Start(t, childproc.Config{Path: tiny(t)})
	if _, err := p.WaitForText(100*time.Millisecond, "never printed"); err == nil {
		t.Error("WaitForText found a line never printed")
	}
	if _, err := p.Wait(100 * time.Millisecond); !errors.Is(err, childproc.ErrStillRunning) {
		t.Errorf("Wait on a running child: %v, want ErrStillRunning", err)
	}
	p.Kill()
	start := time.Now()
	if _, err := p.WaitForText(time.Minute, "never printed"); err == nil || time.Since(start) > 10*time.Second {
		t.Errorf("WaitForText after exit: %v after %v; want it to give up at the exit", err, time.Since(start))
	}
}

func TestMemoryFollowsTheChild(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("memory figures come from Linux's /proc")
	}
	p := childproc.Start(t, childproc.Config{Path: tiny(t)})
	before, err := p.Memory()
	if err != nil {
		t.Fatal(err)
	}
	if before.RSS <= 0 || before.Peak < before.RSS || before.Anon <= 0 || before.Anon > before.RSS {
		t.Errorf("memory at start %+v", before)
	}
	const grow = 96 << 20
	get(t, p, "/alloc?mb=96")
	grown, err := p.Memory()
	if err != nil {
		t.Fatal(err)
	}
	if grown.RSS < before.RSS+grow*9/10 || grown.Peak < grown.RSS {
		t.Errorf("after holding 96 MiB: %+v (at start %+v)", grown, before)
	}
	get(t, p, "/free")
	freed, err := p.Memory()
	if err != nil {
		t.Fatal(err)
	}
	if freed.RSS > grown.RSS-grow/2 || freed.Peak < grown.RSS {
		t.Errorf("after freeing: %+v; want RSS down and the peak kept (%+v before)", freed, grown)
	}
	if _, ok := p.PeakRSSAtExit(); ok {
		t.Error("PeakRSSAtExit reported a peak for a running child")
	}
	p.Kill()
	if peak, ok := p.PeakRSSAtExit(); !ok || peak < grown.RSS*9/10 {
		t.Errorf("peak at exit %d, %v; want at least the %d seen", peak, ok, grown.RSS)
	}
}

func TestCleanupKillsAChildLeftRunning(t *testing.T) {
	var pid int
	t.Run("leaves it running", func(t *testing.T) {
		pid = childproc.Start(t, childproc.Config{Path: tiny(t)}).Pid()
	})
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("pid %d after its test ended: %v, want no such process", pid, err)
	}
}
