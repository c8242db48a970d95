package tcpproxy_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/peelbot/peelbot/internal/tcpproxy"
)

// grace is how long past a deadline an operation may take to return before
// the test calls it a hang. It is generous because the machine is shared;
// it bounds a hang, it does not measure speed.
const grace = 3 * time.Second

// server is an upstream whose every accepted connection is handed to the
// test, which plays the server's side itself.
type server struct {
	addr  string
	conns chan *net.TCPConn
}

func startServer(t *testing.T) *server {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &server{addr: ln.Addr().String(), conns: make(chan *net.TCPConn, 16)}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.conns <- c.(*net.TCPConn)
		}
	}()
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	return s
}

// next is the server's side of the next connection the proxy made.
func (s *server) next(t *testing.T) *net.TCPConn {
	t.Helper()
	select {
	case c := <-s.conns:
		t.Cleanup(func() { c.Close() })
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("the proxy never connected to the server")
		return nil
	}
}

// none fails when the proxy connects to the server within d.
func (s *server) none(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case c := <-s.conns:
		c.Close()
		t.Fatal("the proxy connected to the server, want no connection")
	case <-time.After(d):
	}
}

func dial(t *testing.T, p *tcpproxy.Proxy) *net.TCPConn {
	t.Helper()
	c, err := net.DialTimeout("tcp4", p.Addr(), 5*time.Second)
	if err != nil {
		t.Fatalf("dial the proxy: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c.(*net.TCPConn)
}

// readExactly reads len(want) bytes from c within d and compares them.
func readExactly(t *testing.T, c net.Conn, want []byte, d time.Duration) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(d))
	got := make([]byte, len(want))
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatalf("read %d bytes: %v", len(want), err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("read %q, want %q", got, want)
	}
	c.SetReadDeadline(time.Time{})
}

// silent fails when anything can be read from c within d.
func silent(t *testing.T, c net.Conn, d time.Duration) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(d))
	defer c.SetReadDeadline(time.Time{})
	buf := make([]byte, 1)
	n, err := c.Read(buf)
	var ne net.Error
	if n != 0 || !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("read %d bytes, %v: want nothing until the deadline", n, err)
	}
}

// resetByPeer fails unless reading c fails with a connection reset within
// grace.
func resetByPeer(t *testing.T, c net.Conn) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(grace))
	_, err := io.ReadAll(c)
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("read after reset: %v, want ECONNRESET", err)
	}
}

func TestPassForwardsBothWaysAndCounts(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	p := tcpproxy.Start(t, srv.addr)
	c := dial(t, p)
	s := srv.next(t)

	up := make([]byte, 1<<20)
	rand.Read(up)
	go c.Write(up)
	readExactly(t, s, up, 10*time.Second)
	down := []byte("the server's answer")
	s.Write(down)
	readExactly(t, c, down, 5*time.Second)

	// Bytes are counted once written, which may be just after the peer
	// has read them.
	want := tcpproxy.Stats{Accepted: 1, Active: 1, ToServer: int64(len(up)), ToClient: int64(len(down))}
	waitFor(t, func() bool { return p.Stats() == want }, fmt.Sprintf("stats %+v", want))
}

func TestPassKeepsHalfCloseOrder(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	p := tcpproxy.Start(t, srv.addr)
	c := dial(t, p)
	s := srv.next(t)

	c.Write([]byte("request"))
	c.CloseWrite()
	s.SetReadDeadline(time.Now().Add(5 * time.Second))
	got, err := io.ReadAll(s) // ends only when the client's end reaches the server
	if err != nil || string(got) != "request" {
		t.Fatalf("server read %q, %v; want the request, then the end", got, err)
	}
	s.Write([]byte("reply after the client finished"))
	s.Close()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	got, err = io.ReadAll(c)
	if err != nil || string(got) != "reply after the client finished" {
		t.Fatalf("client read %q, %v", got, err)
	}
	waitFor(t, func() bool { return p.Stats().Active == 0 }, "the finished connection to be forgotten")
}

func TestRefuseIsAStoppedServer(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	p := tcpproxy.Start(t, srv.addr)
	open := dial(t, p)
	srv.next(t)

	if err := p.SetMode(tcpproxy.Refuse); err != nil {
		t.Fatal(err)
	}
	resetByPeer(t, open)
	if _, err := net.DialTimeout("tcp4", p.Addr(), grace); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("dial while refusing: %v, want ECONNREFUSED", err)
	}
	srv.none(t, 100*time.Millisecond)

	if err := p.SetMode(tcpproxy.Pass); err != nil {
		t.Fatalf("back to pass: %v", err)
	}
	c := dial(t, p)
	s := srv.next(t)
	c.Write([]byte("again"))
	readExactly(t, s, []byte("again"), 5*time.Second)
	if st := p.Stats(); st.Reset != 1 {
		t.Errorf("stats %+v, want the one open connection reset", st)
	}
}

func TestBlackholeForwardsNothingThenDeliversOnHeal(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	p := tcpproxy.Start(t, srv.addr)
	// One at a time: the proxy dials the server for each client in its own
	// goroutine, so two dialled together may reach it in either order.
	open := dial(t, p)
	s := srv.next(t)
	quiet := dial(t, p)
	sQuiet := srv.next(t)

	if err := p.SetMode(tcpproxy.Blackhole); err != nil {
		t.Fatal(err)
	}
	// An open connection moves nothing, either way, not even its end.
	quiet.CloseWrite()
	silent(t, sQuiet, 300*time.Millisecond)
	open.Write([]byte("to the server"))
	s.Write([]byte("to the client"))
	silent(t, s, 300*time.Millisecond)
	silent(t, open, 300*time.Millisecond)
	// A new connection is accepted but never reaches the server.
	fresh := dial(t, p)
	fresh.Write([]byte("hello?"))
	srv.none(t, 300*time.Millisecond)
	silent(t, fresh, 100*time.Millisecond)

	open.CloseWrite()
	silent(t, s, 100*time.Millisecond)

	if err := p.SetMode(tcpproxy.Pass); err != nil {
		t.Fatal(err)
	}
	// As TCP does after a partition heals, what was sent arrives, and
	// then the end.
	s.SetReadDeadline(time.Now().Add(5 * time.Second))
	if got, err := io.ReadAll(s); string(got) != "to the server" || err != nil {
		t.Errorf("server read %q, %v after the heal; want what was sent, then the end", got, err)
	}
	readExactly(t, open, []byte("to the client"), 5*time.Second)
	sQuiet.SetReadDeadline(time.Now().Add(5 * time.Second))
	if got, err := io.ReadAll(sQuiet); len(got) != 0 || err != nil {
		t.Errorf("server read %q, %v after the heal; want the end", got, err)
	}
	s2 := srv.next(t)
	readExactly(t, s2, []byte("hello?"), 5*time.Second)
}

func TestResetAllKeepsTheMode(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	p := tcpproxy.Start(t, srv.addr)
	c1, c2 := dial(t, p), dial(t, p)
	s1, s2 := srv.next(t), srv.next(t)

	if n := p.ResetAll(); n != 2 {
		t.Fatalf("ResetAll reset %d connections, want 2", n)
	}
	for _, c := range []net.Conn{c1, c2, s1, s2} {
		resetByPeer(t, c)
	}
	c := dial(t, p)
	s := srv.next(t)
	c.Write([]byte("still passing"))
	readExactly(t, s, []byte("still passing"), 5*time.Second)
}

func TestLatencyDelaysEachDirection(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	p := tcpproxy.Start(t, srv.addr)
	const up, down = 150 * time.Millisecond, 100 * time.Millisecond
	p.SetLatency(up, down)
	c := dial(t, p)
	s := srv.next(t)

	start := time.Now()
	c.Write([]byte("ping"))
	readExactly(t, s, []byte("ping"), 5*time.Second)
	if got := time.Since(start); got < up {
		t.Errorf("reached the server after %v, want at least %v", got, up)
	}
	start = time.Now()
	s.Write([]byte("pong"))
	readExactly(t, c, []byte("pong"), 5*time.Second)
	if got := time.Since(start); got < down {
		t.Errorf("reached the client after %v, want at least %v", got, down)
	}
}

func TestUnreachableServerResetsTheClient(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gone := ln.Addr().String()
	ln.Close()
	p := tcpproxy.Start(t, gone)
	// The reset can come before the client's connect has returned.
	c, err := net.DialTimeout("tcp4", p.Addr(), grace)
	if err == nil {
		defer c.Close()
		resetByPeer(t, c)
	} else if !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("dial: %v, want success or ECONNRESET", err)
	}
	// The client can see the reset before the proxy has counted the
	// failed dial that caused it.
	st := p.Stats()
	for deadline := time.Now().Add(grace); st.DialFailures == 0 && time.Now().Before(deadline); st = p.Stats() {
		time.Sleep(10 * time.Millisecond)
	}
	if st.DialFailures != 1 {
		t.Errorf("stats %+v, want one failed dial", st)
	}
}

func TestCloseRefusesAndResets(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	p, err := tcpproxy.New(srv.addr)
	if err != nil {
		t.Fatal(err)
	}
	c := dial(t, p)
	srv.next(t)
	p.SetMode(tcpproxy.Blackhole) // a held connection must not stop Close
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	resetByPeer(t, c)
	if _, err := net.DialTimeout("tcp4", p.Addr(), grace); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("dial after Close: %v, want ECONNREFUSED", err)
	}
	if err := p.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := p.SetMode(tcpproxy.Pass); !errors.Is(err, tcpproxy.ErrClosed) {
		t.Errorf("SetMode after Close: %v, want ErrClosed", err)
	}
}

func TestRewriteURL(t *testing.T) {
	t.Parallel()
	p := tcpproxy.Start(t, "127.0.0.1:5432")
	got, err := p.RewriteURL("postgres://postgres@127.0.0.1:5432/test?sslmode=disable&search_path=s1")
	if want := "postgres://postgres@" + p.Addr() + "/test?sslmode=disable&search_path=s1"; err != nil || got != want {
		t.Errorf("RewriteURL = %q, %v; want %q", got, err, want)
	}
	if _, err := p.RewriteURL("/no/host"); err == nil {
		t.Error("RewriteURL of a URL without a host: no error")
	}
}

// waitFor polls cond until it holds, failing after a few seconds.
func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}
