//go:build unix

package tcpproxy

import (
	"fmt"
	"syscall"
)

// reservation holds a loopback port with a socket that is bound but never
// listens. While the proxy refuses connections its listener is closed, so
// the kernel answers a connect with a reset (ECONNREFUSED, as for a
// stopped server); the bound socket keeps any other process from taking
// the port meanwhile, and, being bound with SO_REUSEADDR and not
// listening, does not stop the proxy listening on it again.
type reservation struct{ fd int }

// reservePort binds a socket to 127.0.0.1 on a port the kernel picks.
func reservePort() (*reservation, int, error) {
	syscall.ForkLock.RLock() // no child may inherit the descriptor
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err == nil {
		syscall.CloseOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil, 0, fmt.Errorf("reserve a port: socket: %w", err)
	}
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1); err != nil {
		syscall.Close(fd)
		return nil, 0, fmt.Errorf("reserve a port: SO_REUSEADDR: %w", err)
	}
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		syscall.Close(fd)
		return nil, 0, fmt.Errorf("reserve a port: bind: %w", err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		syscall.Close(fd)
		return nil, 0, fmt.Errorf("reserve a port: getsockname: %w", err)
	}
	in4, ok := sa.(*syscall.SockaddrInet4)
	if !ok {
		syscall.Close(fd)
		return nil, 0, fmt.Errorf("reserve a port: unexpected address %T", sa)
	}
	return &reservation{fd: fd}, in4.Port, nil
}

func (r *reservation) release() error {
	if r == nil {
		return nil
	}
	return syscall.Close(r.fd)
}

// lingerZero makes closing the socket reset the connection. The proxy dials
// the server with it, so that a dial abandoned because its client was
// reset ends with a reset too, not an orderly close.
func lingerZero(_, _ string, rc syscall.RawConn) error {
	var err error
	if cerr := rc.Control(func(fd uintptr) {
		err = syscall.SetsockoptLinger(int(fd), syscall.SOL_SOCKET, syscall.SO_LINGER, &syscall.Linger{Onoff: 1, Linger: 0})
	}); cerr != nil {
		return cerr
	}
	return err
}
