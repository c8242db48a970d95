package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/peelbot/peelbot/tracker"
)

// runReportsRespond is "peelbot reports respond ID URL": it records the
// address of the PCC's published response to a loaded report, so that
// the report no longer shows "PCC response due".
func runReportsRespond(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("reports respond", "peelbot reports respond ID URL [--as U…] [--reports DIR]",
		"Records the address of the police and crime commissioner's published response\n"+
			"to a loaded report (due 56 days from publication, section 55 of the Police Act\n"+
			"1996). Until then the report shows \"PCC response due <date>\". Recording again\n"+
			"replaces the address; earlier ones are kept in the store. Reviewers and admins\n"+
			"may record one (anyone, with PEEL_ADMINS unset).\n\n"+afiChangeEnvHelp)
	dir := a.reportsFlag(fs)
	as := a.actorFlag(fs)
	pos, err := a.parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		fmt.Fprintln(a.stderr, "peelbot reports respond: give the report's id and the response's address: peelbot reports respond herts-2021 https://…")
		return errUsage
	}
	actor, err := a.env().cliActor(*as)
	if err != nil {
		fmt.Fprintf(a.stderr, "peelbot reports respond: %v\n", err)
		return errUsage
	}
	_, svc, st, err := a.openLibraryTracking(ctx, *dir)
	if err != nil {
		return err
	}
	defer st.Close()
	resp, err := svc.RecordResponse(ctx, pos[0], pos[1], actor)
	if msg := tracker.Refusal(err); msg != "" {
		return errors.New(msg)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%s: PCC response recorded, %s, by %s\n", resp.ReportID, resp.URL, resp.By)
	return nil
}
