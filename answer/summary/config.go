package summary

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Defaults used by ConfigFromEnv when a variable is unset, and by New for the
// fields whose zero value means nothing.
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

// ConfigFromEnv reads the configuration from environment variables:
//
//	OPENAI_API_KEY              bearer token; unset for servers that need none
//	OPENAI_BASE_URL             API root (default OpenAI's, https://api.openai.com/v1)
//	OPENAI_MODEL                model or deployment name (default gpt-4o-mini)
//	OPENAI_TIMEOUT              Go duration bounding a summary (default 20s)
//	PEEL_SUMMARY_PER_USER_HOUR  summaries per user per sliding hour (default 20, 0 = no limit)
//	PEEL_LLM_DAILY_TOKENS       tokens per UTC day for the whole bot (default 500000, 0 = no limit)
//
// Summaries stay off when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set.
// Every malformed variable is named in the error; the key's value never is.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	get := func(name string) string { return strings.TrimSpace(getenv(name)) }
	c := Config{
		APIKey:         get("OPENAI_API_KEY"),
		BaseURL:        get("OPENAI_BASE_URL"),
		Model:          get("OPENAI_MODEL"),
		Timeout:        DefaultTimeout,
		PerUserPerHour: DefaultPerUserPerHour,
		DailyTokens:    DefaultDailyTokens,
	}
	if c.Model == "" {
		c.Model = DefaultModel
	}
	var errs []error
	if v := get("OPENAI_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("OPENAI_TIMEOUT %q: want a positive Go duration such as 20s or 1m30s", v))
		}
		c.Timeout = d
	}
	if v := get("PEEL_SUMMARY_PER_USER_HOUR"); v != "" {
		n, err := readLimit("PEEL_SUMMARY_PER_USER_HOUR", v)
		errs = append(errs, err)
		c.PerUserPerHour = n
	}
	if v := get("PEEL_LLM_DAILY_TOKENS"); v != "" {
		n, err := readLimit("PEEL_LLM_DAILY_TOKENS", v)
		errs = append(errs, err)
		c.DailyTokens = n
	}
	if c.BaseURL != "" {
		if _, err := apiRoot(c.BaseURL); err != nil {
			errs = append(errs, fmt.Errorf("OPENAI_BASE_URL: %w", err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Config{}, err
	}
	return c, nil
}

// readLimit reads a whole number of at least zero, where zero means no limit.
func readLimit(name, v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s %q: want a whole number, 0 for no limit", name, v)
	}
	return n, nil
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
