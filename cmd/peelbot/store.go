package main

import (
	"context"
	"fmt"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/store"
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
// no AFI synced (see store.Config.DryRun). The caller closes it.
func (a *app) openPreview(ctx context.Context) (*store.Store, error) {
	return a.openStoreWith(ctx, true)
}

func (a *app) openStoreWith(ctx context.Context, dryRun bool) (*store.Store, error) {
	cfg, err := a.env().storeConfig(dryRun)
	if err != nil {
		return nil, err
	}
	return openStore(ctx, cfg)
}

// openStore opens the store cfg selects, saying where a missing SQLite
// folder should be set.
func openStore(ctx context.Context, cfg store.Config) (*store.Store, error) {
	st, err := store.Open(ctx, cfg)
	if err != nil && cfg.DatabaseURL == "" {
		return nil, fmt.Errorf("%w (PEEL_DB_PATH names the SQLite file; its folder must exist)", err)
	}
	return st, err
}

// openTracking opens the store cfg selects and the tracker on it, with
// policy, and makes sure the store tracks every AFI of lib, so that a new
// report's AFIs start open, since the report was published. The caller
// closes the store.
func (a *app) openTracking(ctx context.Context, lib *corpus.Library, cfg store.Config, policy tracker.Policy) (*tracker.Service, *store.Store, error) {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	svc := &tracker.Service{Repo: st, Library: lib, Policy: policy, Location: a.env().workspaceZone()}
	if _, err := svc.Sync(ctx); err != nil {
		st.Close()
		return nil, nil, err
	}
	return svc, st, nil
}

// openAFIs opens the tracker as the environment configures it, for the
// afi commands.
func (a *app) openAFIs(ctx context.Context, lib *corpus.Library) (*tracker.Service, *store.Store, error) {
	e := a.env()
	cfg, err := e.storeConfig(false)
	if err != nil {
		return nil, nil, err
	}
	policy, err := e.policy()
	if err != nil {
		return nil, nil, err
	}
	return a.openTracking(ctx, lib, cfg, policy)
}
