// Package tcpproxy is a loopback TCP proxy for tests. Put it between a
// client and a real server (PostgreSQL, in peelbot's tests) and make the
// network between them fail on demand, while the test runs, the way
// networks and servers fail in production:
//
//   - Pass forwards every byte both ways, after any added latency.
//   - Refuse is a stopped server: the listener is closed, so a new
//     connection is refused by the kernel (ECONNREFUSED), and every open
//     connection is reset.
//   - Blackhole is a partition that drops packets: connections are still
//     accepted (the kernel completes the handshake) and open ones stay
//     open, but no byte moves in either direction, not even the dial to the
//     server; a client waits until its own deadline. As with TCP after a
//     partition heals, bytes already sent are delivered once the mode is
//     Pass again.
//   - ResetAll resets every open connection now (a server restart, a
//     firewall dropping state) and leaves the mode as it is.
//   - SetLatency delays each direction by a fixed time, without limiting
//     throughput.
//
// Every method is safe to call from any goroutine while connections are in
// use. Stats counts connections and bytes, so a test can also assert that
// traffic went through the proxy at all.
//
// The package is for tests only; nothing in the peelbot binary may import
// it. It imports only the standard library (testing, for Start).
package tcpproxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Mode is what the proxy does with connections; see the package comment.
type Mode int32

// The modes.
const (
	Pass Mode = iota
	Refuse
	Blackhole
)

func (m Mode) String() string {
	switch m {
	case Pass:
		return "pass"
	case Refuse:
		return "refuse"
	case Blackhole:
		return "blackhole"
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// DialTimeout bounds the proxy's own connection to the server. A client
// whose server cannot be reached is reset.
const DialTimeout = 5 * time.Second

// ErrClosed is returned by SetMode after Close.
var ErrClosed = errors.New("tcpproxy: proxy closed")

// Stats are the proxy's counts since it started.
type Stats struct {
	// Accepted is the connections accepted from clients, in any mode.
	Accepted int64
	// Active is the client connections open now.
	Active int
	// Reset is the connections the proxy reset: by ResetAll, Refuse or
	// Close, or because the server could not be reached.
	Reset int64
	// DialFailures is the connections to the server that failed.
	DialFailures int64
	// ToServer and ToClient are the bytes forwarded each way.
	ToServer, ToClient int64
}

// Proxy forwards connections made to Addr to the upstream address. Make one
// with New or Start.
type Proxy struct {
	upstream string
	addr     string
	reserve  *reservation

	mu       sync.Mutex
	mode     Mode
	latency  [2]time.Duration // by direction
	changed  chan struct{}    // closed, and replaced, on every change of mode
	ln       net.Listener     // nil while refusing, and once closed
	conns    map[*conn]struct{}
	closed   bool
	closedCh chan struct{}
	wg       sync.WaitGroup // accept loops and connections

	accepted, resets, dialFailures atomic.Int64
	bytes                          [2]atomic.Int64 // by direction
}

// direction is which way bytes go.
type direction int

const (
	toServer direction = iota
	toClient
)

// New starts a proxy on a free 127.0.0.1 port in front of upstream (a
// host:port), in Pass mode. Close it when done.
func New(upstream string) (*Proxy, error) {
	if _, _, err := net.SplitHostPort(upstream); err != nil {
		return nil, fmt.Errorf("tcpproxy: upstream %q: %w", upstream, err)
	}
	res, port, err := reservePort()
	if err != nil {
		return nil, fmt.Errorf("tcpproxy: %w", err)
	}
	p := &Proxy{
		upstream: upstream,
		addr:     net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		reserve:  res,
		changed:  make(chan struct{}),
		conns:    make(map[*conn]struct{}),
		closedCh: make(chan struct{}),
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.listen(); err != nil {
		res.release()
		return nil, err
	}
	return p, nil
}

// Start is New for a test: it fails the test when the proxy cannot start
// and closes the proxy when the test ends.
func Start(tb testing.TB, upstream string) *Proxy {
	tb.Helper()
	p, err := New(upstream)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { p.Close() })
	return p
}

// Addr is the proxy's address, 127.0.0.1:PORT. It stays the same whatever
// the mode.
func (p *Proxy) Addr() string { return p.addr }

// Upstream is the address the proxy forwards to.
func (p *Proxy) Upstream() string { return p.upstream }

// RewriteURL returns rawURL (such as postgres://user@127.0.0.1:5432/db?x=y)
// with its host and port replaced by the proxy's, everything else kept.
func (p *Proxy) RewriteURL(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("tcpproxy: rewrite URL: %w", err)
	}
	if u.Host == "" {
		return "", fmt.Errorf("tcpproxy: rewrite URL: %q has no host", u.Redacted())
	}
	u.Host = p.addr
	return u.String(), nil
}

// Mode is the current mode.
func (p *Proxy) Mode() Mode {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.mode
}

// SetMode switches the proxy to m at once. Switching to Refuse resets every
// open connection. Leaving Refuse listens on the same address again; the
// error says why it could not.
func (p *Proxy) SetMode(m Mode) error {
	if m != Pass && m != Refuse && m != Blackhole {
		return fmt.Errorf("tcpproxy: unknown mode %v", m)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	if m == p.mode {
		return nil
	}
	switch m {
	case Refuse:
		p.ln.Close()
		p.ln = nil
		p.resetLocked()
	default:
		if p.ln == nil {
			if err := p.listen(); err != nil {
				return err
			}
		}
	}
	p.mode = m
	close(p.changed)
	p.changed = make(chan struct{})
	return nil
}

// SetLatency delays every byte going to the server by toServer and every
// byte coming back by toClient, from when the proxy read it. Zero is no
// delay. It applies to bytes read from now on.
func (p *Proxy) SetLatency(toServer, toClient time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.latency = [2]time.Duration{max(toServer, 0), max(toClient, 0)}
}

// ResetAll resets every open connection, both the client's and the
// server's side, and returns how many there were. The mode is unchanged:
// in Pass, clients can connect again at once.
func (p *Proxy) ResetAll() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.resetLocked()
}

// Stats returns the counts so far.
func (p *Proxy) Stats() Stats {
	p.mu.Lock()
	active := len(p.conns)
	p.mu.Unlock()
	return Stats{
		Accepted:     p.accepted.Load(),
		Active:       active,
		Reset:        p.resets.Load(),
		DialFailures: p.dialFailures.Load(),
		ToServer:     p.bytes[toServer].Load(),
		ToClient:     p.bytes[toClient].Load(),
	}
}

// Close stops the proxy: it stops listening, resets every connection and
// waits for its goroutines to end. Closing twice is harmless.
func (p *Proxy) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	close(p.closedCh)
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	p.resetLocked()
	p.mu.Unlock()
	p.wg.Wait()
	return p.reserve.release()
}

// listen opens the listener on the proxy's address and starts accepting.
// The caller holds p.mu.
func (p *Proxy) listen() error {
	ln, err := net.Listen("tcp4", p.addr) // SO_REUSEADDR, so the reservation does not conflict
	if err != nil {
		return fmt.Errorf("tcpproxy: listen on %s: %w", p.addr, err)
	}
	p.ln = ln
	p.wg.Add(1)
	go p.accept(ln)
	return nil
}

// resetLocked resets every connection and returns how many it reset. The
// caller holds p.mu.
func (p *Proxy) resetLocked() int {
	n := 0
	for c := range p.conns {
		if c.reset() {
			n++
		}
		delete(p.conns, c)
	}
	p.resets.Add(int64(n))
	return n
}

func (p *Proxy) accept(ln net.Listener) {
	defer p.wg.Done()
	for {
		c, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil { // such as too many open files: wait, as net/http does
			time.Sleep(10 * time.Millisecond)
			continue
		}
		p.accepted.Add(1)
		p.admit(c.(*net.TCPConn))
	}
}

// admit starts forwarding client, or resets it when the proxy stopped
// accepting meanwhile.
func (p *Proxy) admit(client *net.TCPConn) {
	c := &conn{p: p, client: client, done: make(chan struct{})}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || p.mode == Refuse {
		if c.reset() {
			p.resets.Add(1)
		}
		return
	}
	p.conns[c] = struct{}{}
	p.wg.Add(1)
	go c.run()
}

// forget removes a finished connection from the count.
func (p *Proxy) forget(c *conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.conns, c)
}

// waitPass waits while the proxy is in Blackhole. It returns false when
// done is closed first.
func (p *Proxy) waitPass(done <-chan struct{}) bool {
	for {
		p.mu.Lock()
		mode, changed := p.mode, p.changed
		p.mu.Unlock()
		if mode != Blackhole {
			return true
		}
		select {
		case <-changed:
		case <-done:
			return false
		}
	}
}

func (p *Proxy) delay(d direction) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.latency[d]
}

// conn is one client connection and, once dialled, its server connection.
type conn struct {
	p      *Proxy
	client *net.TCPConn

	mu     sync.Mutex
	server *net.TCPConn // nil until dialled
	killed bool
	done   chan struct{} // closed by reset and close

	readers sync.WaitGroup // the goroutines reading each side
}

// reset closes both sides at once with a TCP reset (SO_LINGER 0), so that
// each peer sees ECONNRESET rather than an orderly end. It reports false
// when the connection had already ended.
func (c *conn) reset() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.killed {
		return false
	}
	c.killed = true
	close(c.done)
	for _, tc := range []*net.TCPConn{c.client, c.server} {
		if tc != nil {
			tc.SetLinger(0)
			tc.Close()
		}
	}
	return true
}

// run dials the server, once the network lets it, and forwards both ways
// until both have ended.
func (c *conn) run() {
	p := c.p
	defer p.wg.Done()
	defer p.forget(c)
	if !p.waitPass(c.done) {
		return
	}
	s, err := c.dial()
	if err != nil {
		if c.reset() { // else the dial was abandoned: its client was reset
			p.dialFailures.Add(1)
			p.resets.Add(1)
		}
		return
	}
	server := s.(*net.TCPConn)
	c.mu.Lock()
	if c.killed {
		c.mu.Unlock()
		server.SetLinger(0)
		server.Close()
		return
	}
	c.server = server
	c.mu.Unlock()

	errs := make(chan error, 2)
	go func() { errs <- c.forward(toServer, c.client, server) }()
	go func() { errs <- c.forward(toClient, server, c.client) }()
	for range 2 {
		if err := <-errs; err != nil {
			c.reset() // one side failed: the other must not wait for it
		}
	}
	c.close()
	c.readers.Wait()
}

// dial connects to the server, giving up when the connection is reset
// meanwhile or after DialTimeout. The server's socket resets its
// connection when closed (so an abandoned dial is a reset, like any other)
// until close undoes that for an orderly end.
func (c *conn) dial() (net.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), DialTimeout)
	defer cancel()
	go func() {
		select {
		case <-c.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	return (&net.Dialer{Control: lingerZero}).DialContext(ctx, "tcp", c.p.upstream)
}

// close ends a connection whose both directions have ended in order.
func (c *conn) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.killed {
		return
	}
	c.killed = true
	close(c.done)
	c.client.Close()
	c.server.SetLinger(-1) // the default: finish sending, then close
	c.server.Close()
}

// chunk is bytes read from one side, stamped with when they are due at the
// other.
type chunk struct {
	data []byte
	due  time.Time
}

// queued bounds how many chunks one direction holds between reading and
// writing, and so how far it reads ahead of a slow or partitioned peer.
const queued = 16

// forward copies src to dst: a reader stamps each chunk with its due time,
// and the writer sends it then, unless the network is partitioned. At src's
// end it half-closes dst, so that each side sees the other's end as TCP
// would; it returns nil then, and the error otherwise.
func (c *conn) forward(d direction, src, dst *net.TCPConn) error {
	p := c.p
	chunks := make(chan chunk, queued)
	readErr := make(chan error, 1)
	c.readers.Add(1)
	go func() {
		defer c.readers.Done()
		defer close(chunks)
		buf := make([]byte, 32<<10)
		for {
			if !p.waitPass(c.done) { // a partition reads nothing more
				readErr <- net.ErrClosed
				return
			}
			n, err := src.Read(buf)
			if n > 0 {
				ch := chunk{data: append([]byte(nil), buf[:n]...), due: time.Now().Add(p.delay(d))}
				select {
				case chunks <- ch:
				case <-c.done:
					readErr <- net.ErrClosed
					return
				}
			}
			if err != nil {
				readErr <- err
				return
			}
		}
	}()
	for ch := range chunks {
		if wait := time.Until(ch.due); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-c.done:
				t.Stop()
				return net.ErrClosed
			}
		}
		if !p.waitPass(c.done) {
			return net.ErrClosed
		}
		n, err := dst.Write(ch.data)
		p.bytes[d].Add(int64(n))
		if err != nil {
			return err
		}
	}
	err := <-readErr
	if !p.waitPass(c.done) { // an end or a reset crosses no partition either
		return net.ErrClosed
	}
	if !errors.Is(err, io.EOF) {
		return err
	}
	return dst.CloseWrite()
}
