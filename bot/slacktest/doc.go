// Package slacktest is Slack as peelbot's tests meet it: a validator that
// refuses what Slack refuses, and a fake Slack Web API that answers as
// Slack does, records every call and can be scripted to fail, hang or
// rate-limit. It is for tests (and the load tool) only: nothing in
// peelbot's binary imports it.
//
// It owns Slack's documented payload rules, each cited beside its limit
// (rules.go), and the fake's behaviour. It may import the standard library
// and slack-go, and nothing of peelbot's, so that tests in bot/...,
// cmd/peelbot and deploy/ can all use it.
//
// # Validating
//
// The Validate functions check a payload as Slack would and return an
// *Error listing every problem with the rule it breaks, its path in the
// payload and the page of Slack's documentation that states the rule:
//
//	blocks[3].elements[1].action_id "peel_afi_page" repeated (first at
//	blocks[3].elements[0]); action_id is unique among the action_ids of its
//	block [action_id_unique; https://docs.slack.dev/reference/block-kit/block-elements/button-element]
//
// The raw JSON is what is checked, so a field slack-go would drop on
// decoding is still seen (an unknown field is a problem); slack-go's own
// types name the fields each object may have and must be able to decode
// the blocks. A Validator's options decide what the documentation leaves
// to the caller: which control sequences (<@U…>, <!here>, <url|label>) the
// sender meant (Intended), and whether action_ids must be unique beyond
// their block (ActionIDsUniquePerSurface). Allow is such a policy for
// an app that should ping nobody by accident: no broadcasts, mentions of
// the members listed only, links to the URLs listed only; markdown's own
// links ([label](url)) are judged by it too. A Server whose Validator has
// no Intended refuses broadcasts (NoBroadcast).
//
// Where Slack only warns, the validator refuses: blocks without a
// top-level text fallback, and a text Slack would truncate. Block types
// Slack has but this package does not check yet (video, card, data_table…)
// are refused as unmodelled, so that nobody relies on a fake that waved
// them through.
//
// # The fake Slack
//
// NewServer starts one for a test: point SLACK_API_URL (or
// slack.OptionAPIURL) at APIURL() and use BotToken(). Every Web API call
// is recorded (Calls, Acted, WaitFor) with its arguments, validated (an
// invalid one is answered as Slack answers it, invalid_blocks or
// invalid_arguments with the problems in response_metadata, and fails the
// test unless Options.AllowInvalid), authenticated (not_authed,
// invalid_auth) and acted on. What users would see is kept: Messages and
// Replies of a channel, Ephemerals of a user, Views, Home, Files,
// AssistantThread, streams and unfurls on their messages;
// conversations.history gives the posted messages back, with their
// metadata when asked for include_all_metadata. A post to a member's id
// goes to the app's direct message with them (D…, which
// conversations.open gives and conversations.history needs), as in Slack;
// Messages takes either id. ResponseURL hands out
// response URLs that take 5 posts as Slack's do and honour
// replace_original and delete_original. CheckReply judges a slash
// command's synchronous reply, which never reaches the fake.
//
// Fail scripts what the next calls of a method meet, after the call is
// recorded where Slack would have received it: an error status (Down), a
// 429 with Retry-After (RateLimited), an ok:false (Refused), a slow answer
// (Slow, after Slack acted), a hang until the client gives up (Hang), or a
// dropped or reset connection, before or after Slack acted
// (DropConnection, ResetConnection, LostAnswer). Call.Failed says whether
// Slack acted.
//
// # Moving a test from its own fake
//
// bot/fakeslack_test.go's fakeSlack maps onto Server as follows:
//
//   - newFakeSlack(t) and apiURL(): NewServer(t) and APIURL(); the bot's
//     Config.BotToken must be s.BotToken() (or set Options.BotToken):
//     the fake now refuses a wrong token.
//   - responseURL(name): ResponseURL(ResponseURLOptions{Channel, User,
//     MessageTS, Ephemeral, Action}), one per interaction; its calls are
//     MethodResponseURL ("response_url", was "response").
//     secretsHandedOut(): Secrets().
//   - queue(method, fakeReply{…}): Fail(method, Fault{…}). status is
//     Status, header Header (or RetryAfter), body Body (or Error for
//     ok:false), delay Delay, reset Reset; hangUp, which closed the
//     connection, is Drop (Hang now means holding the request open).
//     fakeReply{} is Fault{}: a normal answer.
//   - Posted(method): Acted(method). Calls(…): Calls(…). waitFor(t, m,
//     n): WaitFor(m, n, timeout).
//   - apiCall.Form and .JSON: Call.Args (JSON arguments decoded either
//     way); .get(k): Arg(k); .blocks(t): Blocks(); texts, allText and
//     buttons: TextsOf, ButtonsOf, or Message.Texts, AllText and Buttons
//     on what was posted (Messages, Ephemerals).
//   - checkLimits on a command's reply: CheckReply(body).
//
// Where the old fake was lenient the new one is not, as Slack is not:
// chat.update, chat.delete and chat.getPermalink need the message to
// exist (post it first, or AddMessage it); a trigger_id opens one view
// (use TriggerID() per interaction); users.info knows only AddUser's
// users; a method the fake does not answer fails the test unless its
// answer is scripted with Fail(method, Fault{Body: …});
// apps.connections.open needs Options.AppToken (and SocketModeURL, or a
// scripted Body).
//
// cmd/peelbot/serve_test.go's fakeWebAPI: authError is a wrong token
// (invalid_auth) or Fail("auth.test", Refused(…)); posts() is
// Acted("chat.postMessage"). deploy/loadtest's sink: NewServer(nil,
// Options{AnyBotToken: true}) with s.Close() when done, a response URL
// from ResponseURL(ResponseURLOptions{MaxUses: -1}), and the counts by
// path from Calls().
package slacktest
