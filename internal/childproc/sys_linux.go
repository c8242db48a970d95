package childproc

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// sysProcAttr puts the child in a process group of its own, so that the
// terminal's Ctrl-C reaches only the test (whose cleanup then kills the
// child) and the cleanup can kill whatever the child started; and has the
// kernel kill the child if the test process dies without cleaning up (a
// test binary killed on timeout), so no server is left running.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// killGroup kills the child's process group.
func killGroup(p *os.Process) {
	if err := syscall.Kill(-p.Pid, syscall.SIGKILL); err != nil {
		p.Kill()
	}
}

// readMemory reads VmRSS, RssAnon and VmHWM from /proc/PID/status.
func readMemory(pid int) (Memory, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return Memory{}, fmt.Errorf("childproc: memory of pid %d: %w", pid, err)
	}
	defer f.Close()
	var m Memory
	found := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		var dst *int64
		switch name {
		case "VmRSS":
			dst = &m.RSS
		case "RssAnon":
			dst = &m.Anon
		case "VmHWM":
			dst = &m.Peak
		default:
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			return Memory{}, fmt.Errorf("childproc: memory of pid %d: %s: %q", pid, name, value)
		}
		*dst = kb << 10
		found++
	}
	if err := sc.Err(); err != nil {
		return Memory{}, fmt.Errorf("childproc: memory of pid %d: %w", pid, err)
	}
	if found != 3 {
		// A zombie, exited but not yet reaped, has no memory lines.
		return Memory{}, fmt.Errorf("childproc: memory of pid %d: not running", pid)
	}
	return m, nil
}

// maxRSS is the peak resident memory of an exited child; Linux gives
// ru_maxrss in kilobytes.
func maxRSS(s *os.ProcessState) (int64, bool) {
	ru, ok := s.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, false
	}
	return ru.Maxrss << 10, true
}
