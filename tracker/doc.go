// Package tracker is peelbot's tracking domain: the items a report asks a
// force to act on (areas for improvement, causes and areas of concern,
// and each recommendation), where each stands, who may change it, how it
// is rated, and the one way every change is made.
//
// It owns the item types (Source, Item, Status, Action, Event), the
// catalog of the loaded reports' items (Catalog: stable ids, found by the
// end of their id), the deadlines recommendations set (Deadline), the
// transitions between statuses as pure functions (Apply), the roles
// (Policy, from PEEL_ADMINS and PEEL_REVIEWERS and the item's owner), the
// RAG rules (Rules), filters and urgency (Filter), the suggestions that
// link an earlier report's items to a later one (Successors), the section
// 55 response due on each report (ResponseDue), and the Service whose Do
// is the single change pipeline that the slash command, the buttons, the
// modals and the command line all go through. Storage is behind
// Repository; tracker/store implements it on SQLite and PostgreSQL;
// tracker/digest builds the daily digest and tracker/notify the direct
// messages on the Service.
//
// It may import corpus and the standard library only: no Slack, no SQL.
//
// The rules the rest of peelbot relies on:
//
//   - An item is tracked under its corpus id, lower case
//     ("herts-2021-afi-3", "northmoor-2023-coc-1-rec-2"); its words and
//     citation stay in corpus.
//   - Every item starts awaiting allocation, since its report was
//     published; a recommendation is due by the date its deadline sets,
//     counted from publication.
//   - A change is allowed or refused by Policy (who) and Apply (what),
//     from the item as it stands; a refusal is an *Error with a Code
//     (errors.Is-able) and a message for the person who asked, and changes
//     nothing.
//   - Every change records an Event saying who, when, where and what; the
//     history is never edited or deleted, and an item's status is always
//     the To of its latest event.
//   - RAG is derived, never set (Rules); days are counted in the
//     workspace's time zone (Service.Location).
//   - Reading never writes: the library's items are tracked once when it
//     is loaded (Service.Sync), not on every list.
//   - Time comes from Service.Now, kept in UTC to the microsecond.
package tracker
