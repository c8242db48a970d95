package bot

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/answer"
	"github.com/peelbot/peelbot/bot/slackclient"
	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/tracker"
	"github.com/peelbot/peelbot/tracker/digest"
	"github.com/peelbot/peelbot/tracker/notify"
	"github.com/peelbot/peelbot/tracker/store"
)

// Config is what a Bot needs. Library, Index and BotToken are required.
type Config struct {
	// Library holds every report: buttons name passages by id, and the
	// passage's text and citation are looked up here, never taken from the
	// click.
	Library *corpus.Library
	// Index answers questions.
	Index answer.Searcher
	// BotToken is the bot user OAuth token (xoxb-…). Never logged.
	BotToken string
	// APIURL is the Slack Web API base URL, ending in "/"; Slack's own when
	// empty.
	APIURL string
	// SigningSecret verifies HTTP requests. Without it every HTTP request
	// is refused (Socket Mode needs none). Never logged.
	SigningSecret string
	// TeamID, when set, refuses requests from any other workspace.
	TeamID string
	// Summariser, when set, adds a Summarise button to answers. Its
	// errors are shown as they are (see summary.Public).
	Summariser answer.Summariser
	// Deduper remembers the events acted on, shared by instances (the
	// store's EventDeduper); in memory for an hour when nil. A shared one
	// is always backed by this instance's memory, and given a short
	// deadline (see fallbackDeduper).
	Deduper Deduper
	// ReplayGuard remembers the signatures of the HTTP requests accepted,
	// shared by instances (the store's ReplayGuard), so that a request
	// sent again is acknowledged and not acted on; this instance's memory
	// alone when nil, and always besides.
	ReplayGuard ReplayGuard
	// HTTPClient calls Slack; a client with a 15 s timeout when nil.
	HTTPClient *http.Client
	// Logger receives structured logs; slog.Default() when nil.
	Logger *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// WorkTimeout bounds each piece of background work (a mention's reply,
	// a button's effect); 30 s when zero.
	WorkTimeout time.Duration

	// Tracker tracks the reports' AFIs: who may change them and the one
	// way they change. Without it /peel afi, the AFI buttons and the
	// digest are off. New gives it a Timeout (1.5 s per call of its
	// store) when it has none, so that Slack hears in time when the store
	// is down.
	Tracker *tracker.Service
	// Store keeps digest records and feedback; tracker/store's *Store is
	// one. Without it the digest and the Helpful / Not helpful buttons are
	// off.
	Store Store
	// DigestChannel is the channel the daily digest goes to; "" for none.
	DigestChannel string
	// Location is the time zone of the digest's days and of the dates and
	// times shown; Europe/London when nil.
	Location *time.Location
	// Instance names this process in digest claims; host name and process
	// id when empty.
	Instance string
	// Metrics, when set, counts requests, searches and digests and is
	// served on GET /metrics.
	Metrics *Metrics
	// MetricsToken, when set, is asked of every GET /metrics as
	// "Authorization: Bearer <token>"; without it the metrics are open to
	// whoever reaches the port. Never logged.
	MetricsToken string
	// MetricsApart serves GET /metrics only from MetricsHandler, for a
	// listener of its own, and not from Handler.
	MetricsApart bool
	// NotifyPace is the least time between two direct messages;
	// notify.DefaultPace when zero (Slack allows about one a second).
	NotifyPace time.Duration
	// Export writes the board pack of the items the filter picks, for
	// /peel export: the file's name and bytes. Nil turns /peel export off.
	Export func(ctx context.Context, f tracker.Filter, format, user string) (name string, data []byte, err error)
}

// Store is what the bot keeps besides the AFIs themselves: the daily
// digest's records, the votes on answers and why, the scopes of channels
// and threads, and whether it can be reached (GET /readyz).
// tracker/store's *Store is one.
type Store interface {
	digest.Claims
	notify.Claims
	Vote(ctx context.Context, f store.Feedback) (changed bool, err error)
	GiveReason(ctx context.Context, answer, user, reason, note string) error
	SetScope(ctx context.Context, place string, filters []store.ScopeFilter, by string) error
	Scope(ctx context.Context, place string) (*store.Scope, error)
	Ping(ctx context.Context) error
}

// Limits and timings.
const (
	// MaxBodyBytes caps an HTTP request body; Slack's payloads are far
	// smaller, so anything bigger is refused with 413 unread.
	MaxBodyBytes = 64 << 10
	// answerSize is how many passages an answer shows at a time.
	answerSize = 3
	// searchTimeout bounds a search made while Slack waits for the reply.
	searchTimeout = 2 * time.Second
	// defaultWorkTimeout bounds background work.
	defaultWorkTimeout = 30 * time.Second
	// dedupeTTL is how long an event id is remembered; Slack retries an
	// event three times within about five minutes.
	dedupeTTL = time.Hour
	// storeTimeout bounds each call of the tracker's store (Service.
	// Timeout, unless the caller set one) and of the bot's own store
	// while Slack waits, and trackingBudget the whole of a tracking
	// command's work, so that a slow or unreachable store is told to the
	// user ("tracking is unavailable") within Slack's three seconds.
	storeTimeout   = 1500 * time.Millisecond
	trackingBudget = 2200 * time.Millisecond
	// scopeTimeout bounds reading a channel's scope before a search: a
	// store that does not answer costs a question its scope, never its
	// answer.
	scopeTimeout = 500 * time.Millisecond
	// readyStoreTimeout bounds /readyz's check of the store, so that it
	// turns 503 quickly when the store is down.
	readyStoreTimeout = time.Second
)

// Bot answers Slack. Make one with New; serve it with Handler (HTTP) or
// RunSocketMode, and stop it with Shutdown.
type Bot struct {
	lib         *corpus.Library
	ix          answer.Searcher
	answers     *answer.Service
	api         *slackclient.Client
	secret      string
	teamID      string
	dedupe      Deduper
	replays     *replays
	log         *slog.Logger
	now         func() time.Time
	workTimeout time.Duration
	metrics     *Metrics
	// metricsToken is the SHA-256 of Config.MetricsToken; nil for none.
	metricsToken *[sha256.Size]byte
	metricsApart bool

	subcommands map[string]subcommand
	actions     map[string]actionFunc
	events      map[string]eventFunc

	self   atomic.Pointer[identity]
	slack  slackState // what /readyz says of Slack
	bg     background
	afi    tracking
	store  Store // nil: no feedback, no digest
	export func(ctx context.Context, f tracker.Filter, format, user string) (string, []byte, error)
}

// identity is who the bot is in its workspace, so it can ignore itself.
type identity struct {
	UserID, BotID, TeamID string
}

// New makes a Bot from cfg.
func New(cfg Config) (*Bot, error) {
	var missing []error
	if cfg.Library == nil {
		missing = append(missing, errors.New("no report library"))
	}
	if cfg.Index == nil {
		missing = append(missing, errors.New("no search index"))
	}
	if cfg.BotToken == "" {
		missing = append(missing, errors.New("no bot token"))
	}
	if err := errors.Join(missing...); err != nil {
		return nil, fmt.Errorf("new bot: %w", err)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.WorkTimeout <= 0 {
		cfg.WorkTimeout = defaultWorkTimeout
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	b := &Bot{
		lib:         cfg.Library,
		ix:          cfg.Index,
		api:         slackclient.New(cfg.BotToken, cmp.Or(cfg.APIURL, slack.APIURL), cfg.HTTPClient, cfg.Logger),
		secret:      cfg.SigningSecret,
		teamID:      cfg.TeamID,
		answers:     &answer.Service{Index: cfg.Index, Library: cfg.Library, Summariser: cfg.Summariser},
		dedupe:      newFallbackDeduper(cfg.Deduper, cfg.Now, cfg.Logger),
		replays:     newReplays(cfg.ReplayGuard, cfg.Logger),
		log:         cfg.Logger,
		now:         cfg.Now,
		workTimeout: cfg.WorkTimeout,
		metrics:     cfg.Metrics,
	}
	b.metricsApart = cfg.MetricsApart
	if cfg.MetricsToken != "" {
		sum := sha256.Sum256([]byte(cfg.MetricsToken))
		b.metricsToken = &sum
	}
	b.bg.ctx, b.bg.cancel = context.WithCancel(context.Background())
	b.afi = tracking{svc: cfg.Tracker, loc: cmp.Or(cfg.Location, defaultLocation()), homes: newHomeViewers(homeViewersMax, homeViewerTTL),
		poke: make(chan struct{}, 1)}
	if cfg.Tracker != nil && cfg.Tracker.Location == nil {
		cfg.Tracker.Location = b.afi.loc
	}
	if cfg.Tracker != nil && cfg.Tracker.Timeout == 0 {
		cfg.Tracker.Timeout = storeTimeout
	}
	b.afi.digest = newDigester(cfg, b)
	b.afi.notifier = newNotifier(cfg, b)
	b.export = cfg.Export
	b.store = cfg.Store
	b.subcommands = b.newSubcommands()
	b.actions = b.newActions()
	b.events = b.newEvents()
	return b, nil
}

// Identify asks Slack who the bot is (auth.test), which checks the token
// and lets the bot recognise its own messages. An error wrapping
// ErrBadToken means Slack refused the token.
//
// It is what GET /readyz asks of Slack too, so its outcome is kept for
// that check. It may run while the bot serves: until it has succeeded the
// bot tells its own messages by their bot_id alone.
func (b *Bot) Identify(ctx context.Context) error {
	b.askingSlack(1)
	defer b.askingSlack(-1)
	resp, err := b.api.AuthTest(ctx)
	if err != nil {
		var se slack.SlackErrorResponse
		if errors.As(err, &se) && badTokenErrors[se.Err] {
			err = fmt.Errorf("%w (%s)", ErrBadToken, se.Err)
		} else {
			err = fmt.Errorf("identify bot: %w", err)
		}
		b.noteSlack(err)
		return err
	}
	b.noteSlack(nil)
	if old := b.self.Swap(&identity{UserID: resp.UserID, BotID: resp.BotID, TeamID: resp.TeamID}); old == nil || *old != (identity{UserID: resp.UserID, BotID: resp.BotID, TeamID: resp.TeamID}) {
		b.log.Info("slack identity", "user_id", resp.UserID, "bot_id", resp.BotID, "team_id", resp.TeamID)
	}
	return nil
}

// ErrBadToken is returned by Identify and RunSocketMode when Slack refuses
// the bot or app-level token.
var ErrBadToken = errors.New("token refused by Slack")

// badTokenErrors are auth.test's answers for a token that will never work.
var badTokenErrors = map[string]bool{
	"invalid_auth": true, "not_authed": true, "account_inactive": true,
	"token_revoked": true, "token_expired": true, "not_allowed_token_type": true,
}

// isSelf reports whether a message's author is this bot.
func (b *Bot) isSelf(userID, botID string) bool {
	id := b.self.Load()
	if id == nil {
		return false
	}
	return (userID != "" && userID == id.UserID) || (botID != "" && botID == id.BotID)
}

// allowTeam reports whether a request from team may be served.
func (b *Bot) allowTeam(team string) bool {
	return b.teamID == "" || team == b.teamID
}

// background runs work that outlives the request that caused it.
type background struct {
	ctx     context.Context
	cancel  context.CancelFunc
	mu      sync.Mutex
	closing bool
	wg      sync.WaitGroup
	running atomic.Int64
}

// spawn runs fn in the background with its own timeout. A panic in fn is
// logged, not fatal. After Shutdown has begun, new work is refused.
func (b *Bot) spawn(name string, fn func(ctx context.Context)) {
	b.bg.mu.Lock()
	if b.bg.closing {
		b.bg.mu.Unlock()
		b.log.Warn("work refused: shutting down", "work", name)
		return
	}
	b.bg.wg.Add(1)
	b.bg.running.Add(1)
	b.bg.mu.Unlock()
	go func() {
		defer b.bg.wg.Done()
		defer b.bg.running.Add(-1)
		ctx, cancel := context.WithTimeout(b.bg.ctx, b.workTimeout)
		defer cancel()
		start := time.Now()
		defer func() {
			if p := recover(); p != nil {
				b.log.Error("work panicked", "work", name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				return
			}
			b.log.Debug("work done", "work", name, "ms", time.Since(start).Milliseconds())
		}()
		fn(ctx)
	}()
}

// Shutdown refuses new background work and waits for the work in flight
// until ctx ends; then it cancels what is left and says how much that was.
func (b *Bot) Shutdown(ctx context.Context) error {
	b.bg.mu.Lock()
	b.bg.closing = true
	b.bg.mu.Unlock()
	done := make(chan struct{})
	go func() { b.bg.wg.Wait(); close(done) }()
	select {
	case <-done:
		b.bg.cancel()
		return nil
	case <-ctx.Done():
		n := b.bg.running.Load()
		b.bg.cancel()
		return fmt.Errorf("shutdown: %d background tasks cancelled unfinished: %w", n, ctx.Err())
	}
}
