// Package slacktest is Slack as peelbot's tests meet it: a validator that
// refuses what Slack refuses, and a fake Slack Web API that
// answers as Slack does, records every call and can be scripted to fail.
// It is for tests only; nothing in peelbot's binary imports it.
//
// It owns Slack's documented payload rules, each cited beside its limit
// (rules.go), and the behaviour of the fake. It may import the standard
// library and slack-go, and nothing of peelbot's, so that bot/...,
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
// sender meant, and whether action_ids must be unique beyond their block.
package slacktest
