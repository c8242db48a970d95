package summary

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"
)

// Defaults: what cmd/peelbot uses when a setting is unset, and what New
// uses for the fields whose zero value means nothing.
const (
	// DefaultModel is small, cheap and good at following citation rules.
	DefaultModel = "gpt-4o-mini"
	// DefaultTimeout bounds a whole Summarise call, retries included.
	DefaultTimeout = 20 * time.Second
	// DefaultPerUserPerHour is how many times one user's requests may call
	// the model in any sliding hour.
	DefaultPerUserPerHour = 20
	// DefaultDailyTokens is the bot's token budget per UTC day. A summary of
	// three passages costs about 1,200 tokens, so this is some 400 summaries
	// a day.
	DefaultDailyTokens = 500_000
)

// defaultBaseURL is OpenAI's API, used when only a key is configured.
const defaultBaseURL = "https://api.openai.com/v1"

// Config says which model server to use and how much it may cost.
//
// Summaries are enabled when APIKey or BaseURL is set. A BaseURL without an
// APIKey is a local or proxied server (Ollama, vLLM, LiteLLM): no
// Authorization header is sent to it at all.
type Config struct {
	// APIKey is sent as a bearer token. It is never logged or printed.
	APIKey string
	// BaseURL is the server's API root including its version path, such as
	// http://localhost:11434/v1 for Ollama or
	// https://RESOURCE.openai.azure.com/openai/v1 for Azure OpenAI. A URL with
	// no path gets /v1. Empty means OpenAI's own API.
	BaseURL string
	// Model is the model name (for Azure, the deployment name). Empty means
	// DefaultModel.
	Model string
	// Timeout bounds a whole Summarise call. Zero means DefaultTimeout.
	Timeout time.Duration
	// PerUserPerHour is how many times one user's requests may call the
	// model in any sliding hour, whatever the outcome; cached summaries and
	// refused requests do not count. Zero means no limit.
	PerUserPerHour int
	// DailyTokens is the whole bot's token budget per UTC day, reset at
	// midnight UTC by the Now clock. A call is refused when the tokens
	// counted today plus a generous estimate of its own cost would exceed
	// it, so the budget is not overrun. A call that fails counts nothing,
	// as the server reports no usage for it. Zero means no limit.
	DailyTokens int
	// Now is the clock for the hourly limit and the daily budget. Nil means
	// time.Now.
	Now func() time.Time
	// Logger receives one line per model call with its token usage. Nil means
	// slog.Default().
	Logger *slog.Logger
}

// Enabled reports whether a model server is configured.
func (c Config) Enabled() bool {
	return c.APIKey != "" || c.BaseURL != ""
}

// String describes the configuration without its API key, so that printing
// or logging a Config can never leak the key.
func (c Config) String() string {
	key := "unset"
	if c.APIKey != "" {
		key = "set"
	}
	base := c.BaseURL
	if u, err := url.Parse(base); err == nil {
		base = u.Redacted() // a password in the URL is a secret too
	}
	return fmt.Sprintf("summary.Config{BaseURL:%q Model:%q Timeout:%s PerUserPerHour:%d DailyTokens:%d APIKey:%s}",
		base, c.Model, c.Timeout, c.PerUserPerHour, c.DailyTokens, key)
}

// GoString keeps %#v from printing the API key.
func (c Config) GoString() string { return c.String() }

// LogValue keeps slog from printing the API key.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }

// CheckBaseURL says what is wrong with a base URL (Config.BaseURL), or
// nil: it must be an http or https URL with no query or fragment.
func CheckBaseURL(base string) error {
	_, err := apiRoot(base)
	return err
}

// apiRoot checks a base URL and returns the API root to send requests to. A
// URL without a path gets /v1, which is where OpenAI, Ollama, vLLM and
// LiteLLM all serve the chat completions API.
func apiRoot(base string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%q is not an http or https URL such as http://localhost:11434/v1", base)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q: the URL must not have a query or fragment; put the key in OPENAI_API_KEY", u.Redacted())
	}
	if strings.Trim(u.Path, "/") == "" {
		u.Path = "/v1"
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// validate checks the fields a caller may have filled in directly.
func (c Config) validate() error {
	var errs []error
	if c.BaseURL != "" {
		if _, err := apiRoot(c.BaseURL); err != nil {
			errs = append(errs, fmt.Errorf("base URL: %w", err))
		}
	}
	if c.Timeout < 0 {
		errs = append(errs, fmt.Errorf("timeout %s: must not be negative", c.Timeout))
	}
	if c.PerUserPerHour < 0 {
		errs = append(errs, fmt.Errorf("per-user hourly limit %d: must not be negative", c.PerUserPerHour))
	}
	if c.DailyTokens < 0 {
		errs = append(errs, fmt.Errorf("daily token budget %d: must not be negative", c.DailyTokens))
	}
	return errors.Join(errs...)
}
