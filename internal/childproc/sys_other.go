//go:build !linux

package childproc

import (
	"errors"
	"os"
	"syscall"
)

// sysProcAttr asks for nothing special where process groups and parent
// death signals are not Linux's.
func sysProcAttr() *syscall.SysProcAttr { return nil }

func killGroup(p *os.Process) { p.Kill() }

var errNoProc = errors.New("childproc: memory figures need Linux's /proc")

func readMemory(int) (Memory, error) { return Memory{}, errNoProc }

// maxRSS is not reported: getrusage's units differ between systems.
func maxRSS(*os.ProcessState) (int64, bool) { return 0, false }
