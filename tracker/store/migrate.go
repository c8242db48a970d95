package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
)

// migrations holds the schema changes, one directory per dialect. A file is
// applied once, in name order, and never edited after it is released: a
// change to the schema is a new file.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// Migration is one applied schema change, as recorded in schema_migrations.
type Migration struct {
	Version   string // the file name, e.g. "001_afis.sql"
	AppliedAt time.Time
}

// migrate applies, in one transaction, every migration not yet recorded in
// schema_migrations, and records it. Instances starting together do not
// race: PostgreSQL takes an advisory lock first, SQLite's write transaction
// holds the database's write lock from BEGIN.
func (s *Store) migrate(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, max(s.timeout, bulkTimeout))
	defer cancel()
	files, err := s.migrationFiles()
	if err != nil {
		return err
	}
	return s.writeBulk(ctx, func(tx *sql.Tx) error {
		if s.d.lockMigrations != "" {
			if _, err := tx.ExecContext(ctx, s.d.lockMigrations); err != nil {
				return fmt.Errorf("lock migrations: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    TEXT PRIMARY KEY,
			applied_at TEXT NOT NULL
		)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		done, err := appliedVersions(ctx, tx)
		if err != nil {
			return err
		}
		for _, name := range files {
			version := path.Base(name)
			if done[version] {
				continue
			}
			body, err := migrations.ReadFile(name)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("apply migration %s: %w", name, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`,
				version, timeArg(s.clock())); err != nil {
				return fmt.Errorf("record migration %s: %w", name, err)
			}
		}
		return nil
	})
}

// checkMigrated makes sure every migration has been applied, for a store
// that applies none itself (a dry run on PostgreSQL).
func (s *Store) checkMigrated(ctx context.Context) error {
	files, err := s.migrationFiles()
	if err != nil {
		return err
	}
	var missing []string
	err = s.read(ctx, func(tx *sql.Tx) error {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
			return err
		}
		done := map[string]bool{}
		if exists {
			var err error
			if done, err = appliedVersions(ctx, tx); err != nil {
				return err
			}
		}
		for _, name := range files {
			if !done[path.Base(name)] {
				missing = append(missing, path.Base(name))
			}
		}
		return nil
	})
	switch {
	case err != nil:
		return err
	case len(missing) == len(files):
		return errors.New("the database has no peelbot store yet, and a dry run creates none; run peelbot serve (or any peelbot command that changes the store) once first")
	case len(missing) > 0:
		return fmt.Errorf("the store lacks migrations %s, and a dry run applies none; run peelbot serve (or any peelbot command that changes the store) once first", strings.Join(missing, ", "))
	}
	return nil
}

// migrationFiles lists the dialect's migration files in the order they apply.
func (s *Store) migrationFiles() ([]string, error) {
	dir := "migrations/" + s.d.name
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, dir+"/"+e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

func appliedVersions(ctx context.Context, tx *sql.Tx) (map[string]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	done := map[string]bool{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		done[v] = true
	}
	return done, rows.Err()
}

// Migrations lists the applied migrations, oldest first.
func (s *Store) Migrations(ctx context.Context) ([]Migration, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	var out []Migration
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT version, applied_at FROM schema_migrations ORDER BY version`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m Migration
			var at dbTime
			if err := rows.Scan(&m.Version, &at); err != nil {
				return err
			}
			m.AppliedAt = at.Time
			out = append(out, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	return out, nil
}
