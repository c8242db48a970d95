package render

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/peelbot/peelbot/tracker/digest"
)

// DigestPages lays a digest out in Slack messages within Slack's limits
// (digest.Layout): the first with the summary line, the rest as replies
// in its thread, so that nothing is dropped; each says which AFIs it
// shows. A digest that continues a thread is laid out as the replies
// still missing, numbered after those posted ("4 of 5").
func DigestPages(d *digest.Digest) []digest.Page[Message] {
	if len(d.Open) == 0 {
		return nil
	}
	r := AFIs{Now: d.Now, Loc: d.Location, View: ViewDigest}
	fallback := "Areas for improvement still open: " + d.Summary()
	if d.Continues != nil {
		// The first message's summary is not repeated, only its counts.
		fallback = fmt.Sprintf("Areas for improvement still open: %d open, %d addressed", d.OpenCount, d.AddressedCount)
		layout := r.layoutAFIs("", groupAFIs(d.Open), MaxBlocks-1, MaxBlocks-1, d.Shown)
		before := d.Posted()
		var out []digest.Page[Message]
		for i, page := range layout {
			out = append(out, digest.Page[Message]{Message: continuation(d, fallback, before+i+1, before+len(layout), page.blocks), Items: page.ids})
		}
		return out
	}
	title := fmt.Sprintf("*Areas for improvement still open* — %s\n*%s*.", d.Date.Format("Monday 2 January 2006"), d.Summary())
	head := []slack.Block{Section("digest-title", title)}
	if len(d.Addressed) > 0 {
		var done []string
		for i, a := range d.Addressed {
			if i == 10 {
				done = append(done, fmt.Sprintf("and %d more", len(d.Addressed)-i))
				break
			}
			done = append(done, "`"+Escape(a.Item.ID)+"` by "+ActorText(a.By))
		}
		head = append(head, Context("digest-addressed", "Addressed since the last digest: "+strings.Join(done, ", ")+"."))
	}
	head = append(head, Context("digest-how", "*Mark addressed* asks for the evidence; `/peel afi &lt;id&gt;` shows an AFI's history."))
	layout := r.layoutAFIs("", groupAFIs(d.Open), MaxBlocks-len(head), MaxBlocks-1, nil)
	out := []digest.Page[Message]{{Message: Message{Text: fallback, Blocks: Distinct(append(head, layout[0].blocks...))}, Items: layout[0].ids}}
	for i, page := range layout[1:] {
		out = append(out, digest.Page[Message]{Message: continuation(d, fallback, i+2, len(layout), page.blocks), Items: page.ids})
	}
	return out
}

// continuation is the k-th of the n messages of d: a reply in the first
// one's thread.
func continuation(d *digest.Digest, fallback string, k, n int, page []slack.Block) Message {
	cont := Context("digest-cont", fmt.Sprintf("Digest of %s, continued (%d of %d)", d.Date.Format("2 January 2006"), k, n))
	return Message{Text: fmt.Sprintf("%s (continued, %d of %d)", fallback, k, n), Blocks: Distinct(append([]slack.Block{cont}, page...))}
}

// DigestText is the digest as text, for a terminal (peelbot digest
// --dry-run).
func DigestText(d *digest.Digest) string {
	r := AFIs{Now: d.Now, Loc: d.Location, View: ViewDigest}
	var b strings.Builder
	fmt.Fprintf(&b, "Areas for improvement still open — %s\n%s.\n", d.Date.Format("Monday 2 January 2006"), d.Summary())
	for _, a := range d.Addressed {
		when := ""
		if a.Item.AddressedAt != nil {
			when = r.date(*a.Item.AddressedAt)
		}
		fmt.Fprintf(&b, "  addressed: %s, %s by %s\n", a.Item.ID, when, a.By)
	}
	if len(d.Open) == 0 {
		b.WriteString("\nNothing is open, so nothing would be posted.\n")
		return b.String()
	}
	report := ""
	for _, g := range groupAFIs(d.Open) {
		if g.report != report {
			report = g.report
			fmt.Fprintf(&b, "\n%s\n", g.report)
			if g.url != "" {
				fmt.Fprintf(&b, "%s\n", g.url)
			}
		}
		fmt.Fprintf(&b, "\n  %s\n", cmp.Or(strings.TrimSpace(g.area), "Other"))
		for _, x := range g.items {
			fmt.Fprintf(&b, "\n    %s\n", r.metaPlain(x))
			fmt.Fprintf(&b, "    “%s”\n", x.AFI.Text)
			fmt.Fprintf(&b, "    %s\n", x.Cite)
		}
	}
	return b.String()
}

// BlockKit is messages as Slack would receive them: a JSON array of
// {"text", "blocks"}, the first message then its thread replies.
func BlockKit(pages []digest.Page[Message]) ([]byte, error) {
	type msg struct {
		Text   string        `json:"text"`
		Blocks []slack.Block `json:"blocks"`
	}
	out := []msg{}
	for _, p := range pages {
		out = append(out, msg(p.Message))
	}
	return json.MarshalIndent(out, "", "  ")
}
