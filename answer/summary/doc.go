// Package summary writes short summaries of the passages a search retrieved,
// with an OpenAI-compatible chat model (OpenAI, Azure OpenAI's v1 API, Ollama,
// vLLM, LiteLLM), grounded only in those passages and always cited.
//
// Summaries are optional. Without a model configured (Config has neither an
// API key nor a base URL) the Summariser is disabled, Summarise returns
// ErrDisabled at once, and the caller shows the passages as it always does.
//
// It owns the prompt, the citation checks, the cache and the limits; it
// reads no environment (cmd/peelbot builds its Config from OPENAI_* and
// PEEL_* settings) and may import go-openai and the standard library only.
//
// # Grounding rules
//
// Nothing peelbot says may be untraceable to a report, so a summary is only
// ever a pointer into the passages shown under it:
//
//   - The model sees only the retrieved passages, numbered [1]..[n], each with
//     its citation. It is told to answer only from them, in two to four
//     sentences, to mark every claim with the number of its passage, and to
//     say that it cannot answer from these passages when they do not answer
//     the question.
//   - The question and the passages are data, not instructions. They are sent
//     in the user message between <question> and <passage> delimiters, and the
//     characters that could forge a delimiter or a marker ("<", ">", "[", "]")
//     are replaced in them first, so text such as "ignore previous
//     instructions" inside a question or a passage can neither close a
//     delimiter nor add a citation.
//   - Every [n] marker in the answer is checked, including forms such as
//     [1, 2], [1-3] and [1][2]. A number that is not one of the passages is
//     removed and counted (Summary.Removed).
//   - Every sentence kept cites a passage. The answer is split into
//     sentences (abbreviations such as "e.g." and "No. 5", decimals and a
//     marker after the full stop stay in their sentence; each line of a list
//     is one), and a sentence with no valid marker is left out and counted
//     (Summary.Dropped, Stats.DroppedSentences); the summary then ends
//     with a note saying how many were, such as "(2 sentences without a
//     valid citation left out)". Where the split is uncertain it splits,
//     since a sentence wrongly joined to a cited one would pass uncited. An
//     answer left with no sentence is not a summary: Summarise returns
//     ErrUngrounded and the caller shows the passages instead. Streamed, an
//     uncited sentence is never emitted.
//   - The caller, not the model, decides what is quoted: Summary.Citations
//     lists the passages the summary cites, and the renderer quotes exactly
//     those, with their citations, under it.
//
// # Latency and cost
//
// A whole Summarise call, retries included, is bounded by Config.Timeout;
// past it Summarise returns ErrTimeout promptly. Answers with status 429, 408
// or 5xx, and servers that cannot be reached, are retried with backoff inside
// that time, honouring Retry-After. Other
// failures are reported as an *UpstreamError, with a short message taken from
// the server's body whether it is OpenAI-style JSON or plain text or HTML.
//
// Summaries are cached in memory by (model, normalised question, passage ids
// in order): a repeated question makes no call and is not charged. Each
// user's requests may call the model Config.PerUserPerHour times in any
// sliding hour (ErrRateLimited), and the whole bot may spend Config.DailyTokens tokens per
// UTC day (ErrBudget); both are checked before the model is called. Token
// usage is logged and counted in Stats.
//
// # Bounds
//
// Whatever the model server sends, a summary costs about what a normal one
// does. Each request asks for max_tokens (max_completion_tokens for a
// reasoning model), plain or streamed; at most MaxReplyBytes of any reply
// is read, by the HTTP client's transport, so go-openai never buffers more
// (a plain answer past it fails with ErrTooLong, a stream ends there); a
// summary's Text is at most MaxSummaryChars characters; and the cache holds
// at most 1,024 summaries in about 4 MB.
//
// Summarise's answers are not streamed: a summary is short, and it is checked as a whole
// before anyone sees it.
package summary
