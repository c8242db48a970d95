// Package bot is peelbot in Slack, and only that: the /peel slash command,
// conversations (@peelbot mentions, direct messages and Slack's assistant
// threads, see converse.go), streamed summaries, the "Find in PEEL
// reports" message shortcut, the buttons, feedback buttons and modals on
// its answers, channel scopes (/peel scope), previews of report links,
// the App Home tab, and the two transports that deliver them (HTTP and
// Socket Mode). Its handlers are thin adapters: questions go to the answer
// layer (package answer), item changes to the tracker's one pipeline
// (tracker.Service.Do), the digest to tracker/digest, direct messages to
// tracker/notify, the board pack to the Export the binary gives it; what
// is shown is drawn by bot/render and sent with bot/slackclient.
// RunFollowUps keeps the day's digest message current and sends the
// notifications due, after every change and each minute.
//
// It owns the Slack transports, the command, action and event tables, and
// what a Slack request turns into; it may import slack-go, client_golang,
// corpus, index (its Filter), answer, answer/summary, tracker,
// tracker/digest, tracker/notify, tracker/store (for its Feedback and Scope
// records), bot/render and bot/slackclient, and is imported by cmd/peelbot
// alone.
//
// The rules the rest of peelbot relies on:
//
//   - One set of handlers. HTTP and Socket Mode only adapt Slack's payloads
//     (slack.SlashCommand, slack.InteractionCallback,
//     slackevents.EventsAPIEvent) to the same functions.
//   - Every HTTP request is verified before anything else reads it: body cap
//     (64 KiB, else 413), Slack's v0 signature (else 401 with no detail),
//     then the optional workspace check (else 403), then the replay check:
//     a request whose signature was accepted before is acknowledged (200)
//     and does nothing (see ReplayGuard). A refused request does nothing.
//   - Everything quoted comes from a report and carries its citation, and
//     Slack's limits are kept by construction (see bot/render).
//   - Buttons carry everything needed to act on a click (question, offset,
//     passage ids, thread), so any instance can serve any click; what a
//     place keeps to (a channel's or a thread's scope) and votes are in the
//     store, shared by every instance.
//   - Every action_id is unique in its message (render.Distinct); clicks
//     are dispatched by the action alone (render.ActionOf).
//   - What only the asker should see stays private: /peel's answers, and
//     in a channel a conversation's subcommands and "no match".
//   - Slack is answered at once (within its 3 seconds); slow work runs in the
//     background with its own timeout, and an event retried by Slack is acted
//     on once (see Deduper), by this instance's memory when the store is
//     down or slow; a mention whose reply certainly failed is answered on
//     Slack's retry.
//   - Calls to Slack are retried by one policy (see bot/slackclient), and a
//     post is never sent twice. A Slack failure is logged, never a crash.
//   - Tokens, signing secrets, response URLs and request bodies are never
//     logged.
//
// Adding to the bot: a /peel subcommand is a function in the table made by
// newSubcommands; a button is a function in the table made by newActions,
// keyed by action_id; an Events API event is a function in the table made by
// newEvents, keyed by event type.
package bot
