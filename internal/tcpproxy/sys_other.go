//go:build !unix

package tcpproxy

import (
	"net"
	"syscall"
)

// reservation is nothing where sockets cannot be bound without listening:
// the port is picked by listening once, and another process could take it
// while the proxy refuses connections.
type reservation struct{}

func reservePort() (*reservation, int, error) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return nil, 0, err
	}
	defer ln.Close()
	return &reservation{}, ln.Addr().(*net.TCPAddr).Port, nil
}

func (r *reservation) release() error { return nil }

// lingerZero is left to the platform: an abandoned dial may end with an
// orderly close.
func lingerZero(_, _ string, _ syscall.RawConn) error { return nil }
