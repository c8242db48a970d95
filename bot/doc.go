// Package bot is peelbot in Slack: the /peel slash command, @peelbot
// mentions, the "Find in PEEL reports" message shortcut, the buttons on its
// answers, and the two transports that deliver them (HTTP and Socket Mode).
//
// The rules the rest of peelbot relies on:
//
//   - One set of handlers. HTTP and Socket Mode only adapt Slack's payloads
//     (slack.SlashCommand, slack.InteractionCallback,
//     slackevents.EventsAPIEvent) to the same functions.
//   - Every HTTP request is verified before anything else reads it: body cap
//     (64 KiB, else 413), Slack's v0 signature (else 401 with no detail),
//     then the optional workspace check (else 403). A refused request does
//     nothing.
//   - Everything quoted comes from a report and carries its citation:
//     report · chapter › section › finding · p. N, linked to the report. The
//     rendering chooses what is quoted, never user or model text.
//   - User text is escaped before it is shown, so a question cannot ping a
//     channel or forge a link.
//   - Slack's Block Kit limits are kept by construction: at most 3,000
//     characters per text object, 50 blocks per message, 2,000 characters
//     per button value. Long passages are cut at a sentence with "…" and a
//     Full text button opens the whole passage.
//   - Buttons carry everything needed to act on a click (question, offset,
//     passage ids, thread), so any instance can serve any click.
//   - Slack is answered at once (within its 3 seconds); slow work runs in the
//     background with its own timeout, and an event retried by Slack is acted
//     on once (see Deduper); a mention whose reply certainly failed is
//     answered on Slack's retry.
//   - Calls to Slack honour 429 Retry-After and retry 5xx and failures to
//     connect with backoff, within the caller's deadline. A timeout or a
//     dropped connection is retried only for a call whose repeat changes
//     nothing: a post may have gone out, and is never sent twice. A Slack
//     failure is logged, never a crash.
//   - Tokens, signing secrets, response URLs and request bodies are never
//     logged.
//
// Adding to the bot: a /peel subcommand is a function in the table made by
// newSubcommands; a button is a function in the table made by newActions,
// keyed by action_id; an Events API event is a function in the table made by
// newEvents, keyed by event type.
package bot
