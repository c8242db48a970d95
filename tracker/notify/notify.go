// Package notify is the direct messages peelbot sends about items: to an
// owner when an item is assigned to them, seven days before it is due, on
// its due date and weekly while it is overdue, and when a reviewer sends
// it back; to the reviewers when its owner asks for sign-off. It says who
// hears what (Plan, pure, from the tracker's items and history), and sends
// each notification exactly once across instances and restarts, claimed
// in the store as the digest is (Notifier.Run, over Claims and a Sender),
// paced within the chat service's rate limits.
//
// It owns notifications as domain values, with no Block Kit in them: the
// chat service lays them out (a Layout; bot/render's for Slack) and sends
// them (a Sender; bot/slackclient's for Slack). It may import tracker,
// corpus and the standard library: no Slack, no SQL.
package notify

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/peelbot/peelbot/tracker"
)

// Kind is what a notification says.
type Kind string

// The kinds of notification.
const (
	Assigned    Kind = "assigned"       // to the new owner
	DueSoon     Kind = "due soon"       // to the owner, from seven days before the due date
	DueToday    Kind = "due today"      // to the owner, on the due date
	Overdue     Kind = "overdue"        // to the owner, once a week while overdue
	SignoffAsk  Kind = "sign-off asked" // to each reviewer, when closure is proposed
	SentBack    Kind = "sent back"      // to the owner, when a reviewer sends it back
	reminderDay      = 7
)

// Notification is one thing one person is to hear, once.
type Notification struct {
	// Key names it uniquely, for ever: the event or the due date it is
	// about, and to whom. It is what is claimed in the store.
	Key  string
	Kind Kind
	// To is the recipient's Slack member id.
	To    string
	Entry tracker.Entry
	// Event is the change it is about (Assigned, SignoffAsk, SentBack);
	// nil for reminders.
	Event *tracker.Event
	// Days is, for a reminder, how many days are left (DueSoon) or have
	// passed (Overdue) since the due date.
	Days int
}

// Batch is what one person hears at once: one message for all their
// notifications due now.
type Batch struct {
	To            string
	Notifications []Notification
	// Today is the workspace's day the batch was planned on.
	Today time.Time
}

// Plan says who is to hear what on today (the workspace's day), from the
// items as they stand and the events since the notifications began
// (assignments, proposals and send-backs; older ones are ignored):
//
//   - Assigned: the new owner of an assignment, when they still own the
//     item and did not assign it to themselves.
//   - SignoffAsk: each of the policy's sign-off recipients (reviewers,
//     else admins) but the proposer, while the item is pending sign-off.
//   - SentBack: the owner, when a reviewer sent it back, while it is in
//     progress.
//   - DueSoon, DueToday, Overdue: the owner of an outstanding item with a
//     due date, once in the seven days before it, once on it, and once in
//     each week after it (days 1–7, 8–14, …) while it is overdue. A
//     revised date starts them afresh.
//
// Only Slack members are notified (never "cli:…" operators). The keys
// make each one once: Plan may be asked every minute and says the same
// until the store records them sent.
func Plan(entries []tracker.Entry, events []tracker.Event, policy tracker.Policy, today time.Time) []Batch {
	byID := make(map[string]tracker.Entry, len(entries))
	for _, e := range entries {
		byID[e.Item.ID] = e
	}
	var out []Notification
	add := func(n Notification) {
		if tracker.IsMemberID(n.To) {
			out = append(out, n)
		}
	}
	for i := range events {
		ev := &events[i]
		e, ok := byID[ev.ItemID]
		if !ok {
			continue
		}
		id := strconv.FormatInt(ev.ID, 10)
		switch ev.Action {
		case tracker.ActionAssign:
			if ev.Owner != "" && ev.Owner != ev.Actor && e.Item.Owner == ev.Owner && e.Item.Status.Outstanding() {
				add(Notification{Key: "assigned:" + id, Kind: Assigned, To: ev.Owner, Entry: e, Event: ev})
			}
		case tracker.ActionPropose:
			if e.Item.Status == tracker.StatusPending && e.Item.ProposedAt != nil && !e.Item.ProposedAt.After(ev.At) {
				for _, r := range policy.SignoffRecipients() {
					if r != ev.Actor {
						add(Notification{Key: "signoff:" + id + ":" + r, Kind: SignoffAsk, To: r, Entry: e, Event: ev})
					}
				}
			}
		case tracker.ActionSendback:
			if e.Item.Status == tracker.StatusInProgress && e.Item.Owner != "" && e.Item.Owner != ev.Actor {
				add(Notification{Key: "sentback:" + id, Kind: SentBack, To: e.Item.Owner, Entry: e, Event: ev})
			}
		}
	}
	for _, e := range entries {
		it := e.Item
		due := it.Due()
		if !it.Status.Outstanding() || it.Owner == "" || due == nil {
			continue
		}
		days := int(due.Sub(today).Hours() / 24)
		base := it.ID + ":" + due.Format(time.DateOnly) + ":" + it.Owner
		switch {
		case days > 0 && days <= reminderDay:
			add(Notification{Key: "due7:" + base, Kind: DueSoon, To: it.Owner, Entry: e, Days: days})
		case days == 0:
			add(Notification{Key: "due0:" + base, Kind: DueToday, To: it.Owner, Entry: e})
		case days < 0:
			week := (-days - 1) / 7
			add(Notification{Key: "overdue:" + base + ":" + strconv.Itoa(week), Kind: Overdue, To: it.Owner, Entry: e, Days: -days})
		}
	}
	return batches(out, today)
}

// batches groups notifications by recipient, in the order of their
// first, each recipient's in kind order.
func batches(ns []Notification, today time.Time) []Batch {
	var order []string
	by := map[string][]Notification{}
	for _, n := range ns {
		if _, ok := by[n.To]; !ok {
			order = append(order, n.To)
		}
		by[n.To] = append(by[n.To], n)
	}
	rank := map[Kind]int{SignoffAsk: 0, SentBack: 1, Assigned: 2, Overdue: 3, DueToday: 4, DueSoon: 5}
	out := make([]Batch, 0, len(order))
	for _, to := range order {
		list := by[to]
		slices.SortStableFunc(list, func(a, b Notification) int { return rank[a.Kind] - rank[b.Kind] })
		out = append(out, Batch{To: to, Notifications: list, Today: today})
	}
	return out
}

// Keys are the batch's notification keys.
func (b Batch) Keys() []string {
	out := make([]string, len(b.Notifications))
	for i, n := range b.Notifications {
		out[i] = n.Key
	}
	return out
}

// only keeps the batch's notifications whose keys are among keys.
func (b Batch) only(keys []string) Batch {
	kept := b
	kept.Notifications = nil
	for _, n := range b.Notifications {
		if slices.Contains(keys, n.Key) {
			kept.Notifications = append(kept.Notifications, n)
		}
	}
	return kept
}

// Claims is the memory of which notifications were claimed and sent,
// shared by every instance; tracker/store implements it. Each method is
// atomic across instances.
type Claims interface {
	// NotificationsBegan is when notifying began: events before it are
	// never notified.
	NotificationsBegan(ctx context.Context) (time.Time, error)
	// Unclaimed keeps the keys nobody holds or has sent (a claim past its
	// lease counts as nobody's), and says when the first claim of the
	// others that is held and unsent lapses (zero when none is).
	Unclaimed(ctx context.Context, keys []string) (free []string, lapses time.Time, err error)
	// ClaimNotifications claims for instance, in one transaction, those of
	// the batch's notifications that are unclaimed, and returns them: each
	// key to exactly one caller, however many ask at once. A claim taken
	// over says when the notification was first claimed.
	ClaimNotifications(ctx context.Context, instance string, b Batch) ([]Claim, error)
	// RecordNotificationsSent records instance's claimed keys as sent in
	// the message messageTS.
	RecordNotificationsSent(ctx context.Context, instance string, keys []string, messageTS string) error
	// ReleaseNotifications gives up instance's unsent claims after a send
	// that certainly sent nothing, so that the next run sends them.
	ReleaseNotifications(ctx context.Context, instance string, keys []string) error
	// AbandonNotifications gives up instance's unsent claims of keys whose
	// message may have gone out (peelbot is stopping, and Slack did not
	// answer): the next run may take them over at once, and looks for
	// the message before sending.
	AbandonNotifications(ctx context.Context, instance string, keys []string) error
	// Lease is how long a claim neither recorded nor released holds
	// before another instance may take it over.
	Lease() time.Duration
}

// Claim is a notification claimed.
type Claim struct {
	Key string
	// Earlier is, for a claim taken over (its holder died, or gave it up
	// unsure whether its message went out), when the notification was
	// first claimed; nil for a first claim.
	Earlier *time.Time
}

// Sender sends a message to a person directly, and finds what it sent;
// bot/slackclient's is Slack's.
type Sender[M any] interface {
	// Send sends m to the member to and returns the message's id. The
	// message must carry the keys of its notifications where Sent can
	// read them back (Slack message metadata; see Layout).
	Send(ctx context.Context, to string, m M) (string, error)
	// Sent looks in the direct messages with to since since for those
	// this app sent, and returns the id of the message of each
	// notification key it finds.
	Sent(ctx context.Context, to string, since time.Time) (map[string]string, error)
	// NothingDone reports whether a failed Send certainly sent nothing.
	NothingDone(err error) bool
	// CannotLook reports whether a failed Sent failed because the chat
	// service will not show the conversation (a missing scope): the
	// notifications are then sent without having looked.
	CannotLook(err error) bool
}

// Layout lays a batch out as one message, marked with the keys of its
// notifications.
type Layout[M any] func(b Batch) M

// Notifier sends what Plan says, each notification exactly once: it
// claims a batch's notifications in the store, sends one message, and
// records them sent. A send that certainly failed releases them for the
// next run. After one that may have been sent, the notifier looks for the
// message among the recipient's direct messages: found, the notifications
// are recorded sent; not found, they stay claimed for the lease (a
// duplicate is worse than a late message), or are abandoned when peelbot
// is stopping. A claim whose instance died is taken over after the lease,
// and the run that takes it over looks for the message before sending.
type Notifier[M any] struct {
	Tracker  *tracker.Service
	Claims   Claims
	Layout   Layout[M]
	Sender   Sender[M]
	Instance string
	// Pace is the least time between two messages this instance sends:
	// Slack allows about one message a second (chat.postMessage), so a
	// second by default.
	Pace time.Duration
	// Now tells the time and After waits; time.Now and time.After when nil.
	Now   func() time.Time
	After func(time.Duration) <-chan time.Time
	Log   *slog.Logger
	// StopGrace is how long a message in flight may still take once the
	// run's context ends (peelbot is stopping); DefaultStopGrace when
	// zero.
	StopGrace time.Duration
	// lookback bounds how far back events are read: a week and a day.
	lookback time.Duration
}

// Bounds of a notification's sending.
const (
	// DefaultStopGrace is how long a message in flight is given to finish
	// once peelbot begins to stop.
	DefaultStopGrace = 10 * time.Second
	// maxWork bounds the sending of one message, whatever the lease.
	maxWork = time.Minute
	// lookTimeout bounds a look for a message after a send that may have
	// gone out.
	lookTimeout = 5 * time.Second
	// findMargin widens the search of a conversation before the first
	// claim, for clocks that disagree.
	findMargin = 15 * time.Minute
)

// Outcome is what a run did.
type Outcome struct {
	// Sent is how many notifications went out, in Messages messages.
	Sent, Messages int
	// Held is how many were claimed by another instance meanwhile.
	Held int
	// Recovered is how many an earlier claim had sent without recording
	// it, found among the recipient's messages and recorded now.
	Recovered int
	// RetryAt is when the first claim held elsewhere lapses (zero when
	// none is): a run then takes it over, should its holder have died.
	RetryAt time.Time
}

func (n *Notifier[M]) now() time.Time {
	if n.Now != nil {
		return n.Now()
	}
	return time.Now()
}

func (n *Notifier[M]) wait(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	after := n.After
	if after == nil {
		after = time.After
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-after(d):
		return nil
	}
}

// DefaultPace is the least time between two direct messages of one
// instance.
const DefaultPace = time.Second

// Pending says what would be sent now, sending and claiming nothing (a
// dry run).
func (n *Notifier[M]) Pending(ctx context.Context) ([]Batch, error) {
	batches, err := n.plan(ctx)
	if err != nil {
		return nil, err
	}
	var out []Batch
	for _, b := range batches {
		keys, _, err := n.Claims.Unclaimed(ctx, b.Keys())
		if err != nil {
			return nil, err
		}
		if len(keys) > 0 {
			out = append(out, b.only(keys))
		}
	}
	return out, nil
}

func (n *Notifier[M]) plan(ctx context.Context) ([]Batch, error) {
	began, err := n.Claims.NotificationsBegan(ctx)
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	now := n.now()
	since := now.Add(-cmp.Or(n.lookback, 8*24*time.Hour))
	if began.After(since) {
		since = began
	}
	events, err := n.Tracker.Events(ctx, since, tracker.ActionAssign, tracker.ActionPropose, tracker.ActionSendback)
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	entries, err := n.Tracker.Entries(ctx)
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	return Plan(entries, events, n.Tracker.Policy, tracker.Today(now, n.Tracker.Loc())), nil
}

// Run sends every notification due now that nobody has sent, a message
// per recipient, paced. It stops at the first failure to send (Slack down
// or refusing) and returns it; what it claimed and certainly did not send
// is released for the next run. ctx ending means peelbot is stopping: no
// message is begun after it, and the one in flight gets StopGrace to
// finish and be recorded.
func (n *Notifier[M]) Run(ctx context.Context) (Outcome, error) {
	var out Outcome
	if n.Sender == nil {
		return out, errors.New("notify: nothing to send with (no Slack bot token)")
	}
	if ctx.Err() != nil {
		return out, nil // stopping: nothing is begun
	}
	batches, err := n.plan(ctx)
	if err != nil {
		return out, err
	}
	pace := n.Pace
	if pace == 0 {
		pace = DefaultPace
	}
	first := true
	for _, b := range batches {
		if ctx.Err() != nil {
			return out, nil
		}
		free, lapses, err := n.Claims.Unclaimed(ctx, b.Keys())
		if err != nil {
			return out, err
		}
		if !lapses.IsZero() && (out.RetryAt.IsZero() || lapses.Before(out.RetryAt)) {
			out.RetryAt = lapses
		}
		if len(free) == 0 {
			continue
		}
		if !first {
			if err := n.wait(ctx, pace); err != nil {
				return out, nil
			}
		}
		first = false
		claims, err := n.Claims.ClaimNotifications(ctx, n.Instance, b.only(free))
		if err != nil {
			return out, err
		}
		out.Held += len(free) - len(claims)
		if len(claims) == 0 {
			continue
		}
		if err := n.send(ctx, b, claims, &out); err != nil {
			return out, err
		}
	}
	return out, nil
}

// send sends b's claimed notifications in one message, after looking for
// those an earlier claim may have sent.
func (n *Notifier[M]) send(ctx context.Context, b Batch, claims []Claim, out *Outcome) error {
	log := cmp.Or(n.Log, slog.Default())
	work, cancel := inFlight(ctx, min(n.Claims.Lease()/2, maxWork), cmp.Or(n.StopGrace, DefaultStopGrace))
	defer cancel()
	keys := make([]string, len(claims))
	var earliest *time.Time
	for i, c := range claims {
		keys[i] = c.Key
		if c.Earlier != nil && (earliest == nil || c.Earlier.Before(*earliest)) {
			earliest = c.Earlier
		}
	}
	since := n.now().Add(-findMargin)
	if earliest != nil {
		// Taken over: the earlier holder may have sent them and died
		// before recording it.
		since = earliest.Add(-findMargin)
		found, err := n.Sender.Sent(work, b.To, since)
		switch {
		case err != nil && n.Sender.CannotLook(err):
			log.Warn("notify: cannot read the direct messages to see whether these were sent before; sending without looking, so a message interrupted by a crash may be sent twice",
				"to", b.To, "error", err.Error())
		case err != nil:
			n.abandon(ctx, keys) // kept as taken over: the next run looks again
			return fmt.Errorf("notify %s: look for the messages an earlier claim may have sent (nothing was sent): %w", b.To, err)
		}
		var recovered int
		if keys, recovered, err = n.recordFound(ctx, b.To, keys, found); err != nil {
			return err
		}
		out.Recovered += recovered
		out.Sent += recovered
		if len(keys) == 0 {
			return nil
		}
	}
	ts, err := n.Sender.Send(work, b.To, n.Layout(b.only(keys)))
	if err != nil {
		if n.Sender.NothingDone(err) {
			if earliest != nil {
				// The earlier claim may have sent what this one did not
				// find: keep them taken over, so the next run looks too.
				n.abandon(ctx, keys)
			} else {
				n.release(ctx, keys)
			}
			return fmt.Errorf("notify %s: %w", b.To, err)
		}
		return n.unsure(ctx, b.To, keys, since, fmt.Errorf("notify %s: %w", b.To, err), out)
	}
	if err := n.Claims.RecordNotificationsSent(context.WithoutCancel(ctx), n.Instance, keys, ts); err != nil {
		return fmt.Errorf("notify %s: sent (message %s) but not recorded; the run that takes the claims over finds the message: %w", b.To, ts, err)
	}
	out.Sent += len(keys)
	out.Messages++
	log.Info("notified", "to", b.To, "notifications", len(keys), "ts", ts)
	return nil
}

// recordFound records as sent those of keys found among the messages, and
// returns the others, still to send, and how many it recorded.
func (n *Notifier[M]) recordFound(ctx context.Context, to string, keys []string, found map[string]string) ([]string, int, error) {
	byTS := map[string][]string{}
	var rest []string
	for _, k := range keys {
		if ts := found[k]; ts != "" {
			byTS[ts] = append(byTS[ts], k)
		} else {
			rest = append(rest, k)
		}
	}
	recorded := 0
	for ts, ks := range byTS {
		if err := n.Claims.RecordNotificationsSent(context.WithoutCancel(ctx), n.Instance, ks, ts); err != nil {
			return rest, recorded, fmt.Errorf("notify %s: found sent (message %s) but not recorded: %w", to, ts, err)
		}
		recorded += len(ks)
		cmp.Or(n.Log, slog.Default()).Info("notifications found already sent, and recorded", "to", to, "notifications", len(ks), "ts", ts)
	}
	return rest, recorded, nil
}

// unsure follows a send that may have gone out: it looks for the message,
// and records what it finds. What it does not find stays claimed for the
// lease (Slack may yet deliver it), unless peelbot is stopping: then it is
// abandoned, for the next run to take over at once and look again.
func (n *Notifier[M]) unsure(ctx context.Context, to string, keys []string, since time.Time, cause error, out *Outcome) error {
	look, cancel := context.WithTimeout(context.WithoutCancel(ctx), lookTimeout)
	defer cancel()
	found, err := n.Sender.Sent(look, to, since)
	if err != nil {
		return errors.Join(cause, fmt.Errorf("look whether it was sent: %w", err),
			errors.New("the message was not confirmed by Slack, so it may yet arrive; it is not sent again until the claim's lease runs out, and then only if it is not found"))
	}
	rest, recovered, err := n.recordFound(ctx, to, keys, found)
	out.Recovered += recovered
	out.Sent += recovered
	if err != nil || len(rest) == 0 {
		return err
	}
	if stopping(ctx) {
		n.abandon(ctx, rest)
		return fmt.Errorf("%w; peelbot is stopping and the message is not in the conversation, so its claims are given up for the next run, which looks again first", cause)
	}
	return fmt.Errorf("%w; Slack did not confirm the message, so it may yet arrive: it is not sent again until the claim's lease runs out, and then only if it is not found", cause)
}

func (n *Notifier[M]) release(ctx context.Context, keys []string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := n.Claims.ReleaseNotifications(ctx, n.Instance, keys); err != nil {
		cmp.Or(n.Log, slog.Default()).Error("notify: release failed; the lease frees them", "error", err.Error())
	}
}

func (n *Notifier[M]) abandon(ctx context.Context, keys []string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := n.Claims.AbandonNotifications(ctx, n.Instance, keys); err != nil {
		cmp.Or(n.Log, slog.Default()).Error("notify: giving up the claims failed; the lease frees them", "error", err.Error())
	}
}

// inFlight is the context of a message begun: it ends after timeout, and
// grace after ctx ends (peelbot stopping), so that the message may
// finish but not hold the shutdown up.
func inFlight(ctx context.Context, timeout, grace time.Duration) (context.Context, context.CancelFunc) {
	work, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	stop := context.AfterFunc(ctx, func() {
		t := time.NewTimer(grace)
		defer t.Stop()
		select {
		case <-t.C:
			cancel()
		case <-work.Done():
		}
	})
	return work, func() { stop(); cancel() }
}

// stopping reports whether ctx ended because peelbot is stopping (it was
// cancelled), not because its time ran out.
func stopping(ctx context.Context) bool { return errors.Is(ctx.Err(), context.Canceled) }
