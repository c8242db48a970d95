// Package summary writes short summaries of the passages a search retrieved,
// with an OpenAI-compatible chat model (OpenAI, Azure OpenAI's v1 API, Ollama,
// vLLM, LiteLLM), grounded only in those passages and always cited.
//
// Summaries are optional. Without a model configured (neither OPENAI_API_KEY
// nor OPENAI_BASE_URL set) they are off, and the caller shows the passages as
// it always does.
package summary
