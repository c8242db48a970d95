// Command tinyserver is a stand-in for a server under test, for childproc's
// own tests: it serves /healthz on $PORT, prints its arguments and
// environment, grows and frees its memory on request, and stops on
// SIGTERM (or, when told to, ignores it).
package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"
)

var held []byte // memory /alloc keeps resident

func main() {
	fmt.Println("args:", strings.Join(os.Args[1:], " "))
	fmt.Println("greeting:", os.Getenv("TINY_GREETING"))
	fmt.Fprintln(os.Stderr, "to stderr")
	if len(os.Args) > 1 && os.Args[1] == "--fail-at-start" {
		fmt.Fprintln(os.Stderr, "cannot start: told to fail")
		os.Exit(3)
	}
	delay, _ := time.ParseDuration(os.Getenv("TINY_START_DELAY"))
	ready := time.Now().Add(delay)

	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		if time.Now().Before(ready) {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/env", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, os.Getenv(r.URL.Query().Get("name")))
	})
	mux.HandleFunc("/alloc", func(w http.ResponseWriter, r *http.Request) {
		mb, _ := strconv.Atoi(r.URL.Query().Get("mb"))
		held = make([]byte, mb<<20)
		for i := range held { // touch every page so it is resident
			held[i] = byte(i)
		}
		fmt.Fprintln(w, len(held))
	})
	mux.HandleFunc("/free", func(w http.ResponseWriter, r *http.Request) {
		held = nil
		debug.FreeOSMemory()
		fmt.Fprintln(w, "freed")
	})
	srv := &http.Server{Addr: "127.0.0.1:" + os.Getenv("PORT"), Handler: mux}

	terms := make(chan os.Signal, 1)
	signal.Notify(terms, syscall.SIGTERM)
	go func() {
		for range terms {
			if os.Getenv("TINY_IGNORE_TERM") == "1" {
				fmt.Println("ignoring SIGTERM")
				continue
			}
			fmt.Println("terminating")
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			srv.Shutdown(ctx)
			cancel()
			return
		}
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
	fmt.Println("terminated")
}
