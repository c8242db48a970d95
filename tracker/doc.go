// Package tracker is peelbot's tracking domain: the items a report asks a
// force to act on (today its areas for improvement, AFIs), where each
// stands, who may change it, and the one way every change is made.
//
// It owns the item types (Item, Status, Action, Event), the transitions
// between statuses as pure functions (Apply and the functions it calls),
// the permission policy (Policy, from PEEL_ADMINS) and the Service whose
// Do is the single change pipeline that the slash command, the buttons,
// the modals and the command line all go through. Storage is behind
// Repository; tracker/store implements it on SQLite and PostgreSQL, and
// tracker/digest builds the daily digest on the Service.
//
// It may import corpus and the standard library only: no Slack, no SQL.
//
// The rules the rest of peelbot relies on:
//
//   - An item is tracked under its corpus id, lower case
//     ("herts-2021-afi-3"); its words and citation stay in corpus.
//   - Every item starts open, open since its report was published: an area
//     for improvement is the force's to act on from the day the report is
//     out, whenever peelbot began tracking it.
//   - A change is allowed or refused by Apply alone, from the item as it
//     stands; a refusal is an *Error with a Code (errors.Is-able) and a
//     message for the person who asked, and changes nothing.
//   - Every change records an Event saying who, when, where and what; the
//     history is never edited or deleted, and an item's status is always
//     the To of its latest event.
//   - Reading never writes: the library's items are tracked once when it
//     is loaded (Service.Sync), not on every list.
//   - Time comes from Service.Now, kept in UTC to the microsecond.
package tracker
