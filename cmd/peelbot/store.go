package main

import (
	"context"
	"fmt"

	"github.com/peelbot/peelbot/bot"
	"github.com/peelbot/peelbot/bot/store"
	"github.com/peelbot/peelbot/corpus"
)

// storeEnvHelp describes, for a command's help, the environment that
// chooses the AFI store.
const storeEnvHelp = `  DATABASE_URL       a postgres:// or postgresql:// URL: keep AFI status and
                     feedback in PostgreSQL, shared by every instance
  PEEL_DB_PATH       the SQLite file used when DATABASE_URL is unset
                     (default ` + store.DefaultSQLitePath + `)`

// openStore opens the AFI store the environment selects.
func (a *app) openStore(ctx context.Context) (*store.Store, error) {
	return a.openStoreWith(ctx, false)
}

// openPreview opens the store the environment selects for a dry run, so
// that nothing is written to it: no file created, no migration applied,
// no AFI synced (see store.Config.DryRun). The caller disconnects it.
func (a *app) openPreview(ctx context.Context) (*store.Store, error) {
	return a.openStoreWith(ctx, true)
}

func (a *app) openStoreWith(ctx context.Context, dryRun bool) (*store.Store, error) {
	st, err := store.Open(ctx, store.Config{
		DatabaseURL: a.getenv("DATABASE_URL"),
		SQLitePath:  a.getenv("PEEL_DB_PATH"),
		DryRun:      dryRun,
	})
	if err != nil && a.getenv("DATABASE_URL") == "" {
		return nil, fmt.Errorf("%w (PEEL_DB_PATH names the SQLite file; its folder must exist)", err)
	}
	return st, err
}

// openTracking opens the store and makes sure it tracks every AFI of lib,
// so that a new report's AFIs start open, since the report was published.
// The caller disconnects the store.
func (a *app) openTracking(ctx context.Context, lib *corpus.Library) (*store.Store, error) {
	st, err := a.openStore(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := st.Sync(ctx, bot.AFIOpenings(lib)); err != nil {
		st.Disconnect()
		return nil, err
	}
	return st, nil
}

// cliActor is who the audit trail records for a change made on the
// command line: "cli:" and the login name, or just "cli".
func (a *app) cliActor() string {
	if u := a.getenv("USER"); u != "" {
		return "cli:" + u
	}
	return "cli"
}
