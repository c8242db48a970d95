package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

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

// openTracking opens the store and the tracker on it, and makes sure the
// store tracks every AFI of lib, so that a new report's AFIs start open,
// since the report was published. The caller closes the store.
func (a *app) openTracking(ctx context.Context, lib *corpus.Library) (*tracker.Service, *store.Store, error) {
	policy, err := a.policy()
	if err != nil {
		return nil, nil, err
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return nil, nil, err
	}
	svc := &tracker.Service{Repo: st, Library: lib, Policy: policy}
	if _, err := svc.Sync(ctx); err != nil {
		st.Close()
		return nil, nil, err
	}
	return svc, st, nil
}

// policy is who may change AFIs, from PEEL_ADMINS.
func (a *app) policy() (tracker.Policy, error) {
	admins, problem := readAdmins(a.getenv("PEEL_ADMINS"))
	if problem != "" {
		return tracker.Policy{}, errors.New(problem)
	}
	return tracker.NewPolicy(admins...), nil
}

// cliActor is who the audit trail records for a change made on the
// command line: the Slack member id the operator acts as (--as, or
// PEEL_CLI_ACTOR), which PEEL_ADMINS must list when it is set; else "cli:"
// and the login name, or just "cli", which may change AFIs only when
// PEEL_ADMINS is unset.
func (a *app) cliActor(as string) (string, error) {
	as = strings.TrimSpace(as)
	if as == "" {
		as = strings.TrimSpace(a.getenv("PEEL_CLI_ACTOR"))
	}
	if as != "" {
		member, ok := tracker.ParseMember(as)
		if !ok {
			return "", fmt.Errorf("%q is not a Slack member id: --as and PEEL_CLI_ACTOR take one such as U024BE7LH (profile › ⋮ › Copy member ID)", as)
		}
		return member, nil
	}
	return a.cliLogin(), nil
}

// cliLogin names the operator on the command line: "cli:" and the login
// name, or just "cli".
func (a *app) cliLogin() string {
	if u := a.getenv("USER"); u != "" {
		return "cli:" + u
	}
	return "cli"
}
