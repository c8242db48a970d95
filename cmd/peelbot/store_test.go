package main

import (
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peelbot/peelbot/tracker/store/storetest"
)

// afiListFails runs "afi list" with env and returns what it printed on
// stderr, failing unless it exits 1 with one line there and nothing on
// stdout.
func afiListFails(t *testing.T, env map[string]string) string {
	t.Helper()
	code, out, stderr := runCmd(t, env, "", "afi", "list")
	if code != 1 || out != "" || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stdout %q; want exit 1 and one line on stderr, got:\n%s", code, out, stderr)
	}
	return stderr
}

// A PostgreSQL store that cannot be opened is one line naming DATABASE_URL,
// the server's host:port and the database, never the password.
func TestStoreOpenErrorsNamePostgresAndNoPassword(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	got := afiListFails(t, map[string]string{"DATABASE_URL": "postgres://postgres:s3cret@" + addr + "/test"})
	if want := "peelbot afi: DATABASE_URL: cannot reach PostgreSQL at " + addr + ": the connection was refused (is the server running, on that port?)\n"; got != want {
		t.Errorf("refused:\n got %q\nwant %q", got, want)
	}

	if storetest.URL() == "skip" {
		t.Skip("PEEL_TEST_DATABASE_URL=skip")
	}
	u, err := url.Parse(storetest.URL())
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), "s3cret")
	u.Path = "/peelbot_nosuchdb"
	got = afiListFails(t, map[string]string{"DATABASE_URL": u.String()})
	want := "peelbot afi: DATABASE_URL: PostgreSQL at " + u.Host + ` has no database "peelbot_nosuchdb": create it (createdb peelbot_nosuchdb) or name another` + "\n"
	if got != want || strings.Contains(got, "s3cret") {
		t.Errorf("no such database:\n got %q\nwant %q", got, want)
	}
}

// A SQLite file that is not a database, or in a folder that does not
// exist, is one line naming PEEL_DB_PATH and the file, and is left as it
// was.
func TestStoreOpenErrorsNameTheSQLiteFile(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "notes.db")
	content := []byte(strings.Repeat("not a database, somebody's notes\n", 200))
	if err := os.WriteFile(junk, content, 0o644); err != nil {
		t.Fatal(err)
	}
	got := afiListFails(t, map[string]string{"PEEL_DB_PATH": junk})
	if want := "peelbot afi: PEEL_DB_PATH " + junk + " is not a SQLite database (or is damaged): point PEEL_DB_PATH at the right file, or restore it from a backup\n"; got != want {
		t.Errorf("not a database:\n got %q\nwant %q", got, want)
	}
	if after, err := os.ReadFile(junk); err != nil || string(after) != string(content) {
		t.Errorf("the file was changed (%v)", err)
	}

	missing := filepath.Join(dir, "no-such-folder", "peelbot.db")
	got = afiListFails(t, map[string]string{"PEEL_DB_PATH": missing})
	if want := "peelbot afi: PEEL_DB_PATH " + missing + ": the folder " + filepath.Dir(missing) + " does not exist; create it or name a file in another folder\n"; got != want {
		t.Errorf("missing folder:\n got %q\nwant %q", got, want)
	}
}
