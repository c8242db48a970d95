// Package synthetic makes a large corpus out of one real PEEL report by
// rewriting it with other forces' names, so that search speed and memory can
// be measured at the size users will reach (every force, three rounds)
// before those reports exist in the project, in the forms users will load
// them in (InForms: the text layout, print PDFs and web pages typeset by
// internal/reportgen).
//
// The reports it makes are invented: the same findings under another
// force's name. They are for benchmarks and load tests only and must never
// be loaded by a bot that answers real questions.
//
// It may import corpus only; benchmarks and deploy/loadtest import it.
package synthetic

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/peelbot/peelbot/corpus"
	"github.com/peelbot/peelbot/internal/reportgen"
)

// Forces are the full names of the territorial police forces of England and
// Wales and the British Transport Police, one per place in the short-name
// table of corpus/forces.go (Hampshire appears once, under its current name),
// so that every rewritten report gets the id a real one would.
var Forces = []string{
	"Avon and Somerset Constabulary",
	"Bedfordshire Police",
	"British Transport Police",
	"Cambridgeshire Constabulary",
	"Cheshire Constabulary",
	"City of London Police",
	"Cleveland Police",
	"Cumbria Constabulary",
	"Derbyshire Constabulary",
	"Devon and Cornwall Police",
	"Dorset Police",
	"Durham Constabulary",
	"Dyfed-Powys Police",
	"Essex Police",
	"Gloucestershire Constabulary",
	"Greater Manchester Police",
	"Gwent Police",
	"Hampshire and Isle of Wight Constabulary",
	"Hertfordshire Constabulary",
	"Humberside Police",
	"Kent Police",
	"Lancashire Constabulary",
	"Leicestershire Police",
	"Lincolnshire Police",
	"Merseyside Police",
	"Metropolitan Police Service",
	"Norfolk Constabulary",
	"North Wales Police",
	"North Yorkshire Police",
	"Northamptonshire Police",
	"Northumbria Police",
	"Nottinghamshire Police",
	"South Wales Police",
	"South Yorkshire Police",
	"Staffordshire Police",
	"Suffolk Constabulary",
	"Surrey Police",
	"Sussex Police",
	"Thames Valley Police",
	"Warwickshire Police",
	"West Mercia Police",
	"West Midlands Police",
	"West Yorkshire Police",
	"Wiltshire Police",
}

// laterRounds are the rounds given to a force's second and third reports
// once every force has one: there are fewer forces than the corpus sizes
// worth measuring, and forces with reports from three rounds (43 forces ×
// 3 rounds) is what users will have.
var laterRounds = []string{"PEEL 2023–25", "PEEL 2025–27"}

// File is one report file of a synthetic corpus.
type File struct {
	Name string // a file name such as "essex-peel-2021-22.txt"
	Data []byte
}

// Corpus makes n report files from src, a real report: src itself first,
// then src rewritten for each other force in turn, then for each force
// (src's own too) again in each later round, until there are n. It fails
// when src does not parse or n is more than three reports per force.
func Corpus(src []byte, n int) ([]File, error) {
	r, err := corpus.Parse("source", src)
	if err != nil {
		return nil, fmt.Errorf("synthetic corpus: %w", err)
	}
	var others []string
	for _, f := range Forces {
		if place(f) != place(r.Force) {
			others = append(others, f)
		}
	}
	most := 1 + len(others) + len(laterRounds)*(len(others)+1)
	if n < 1 || n > most {
		return nil, fmt.Errorf("synthetic corpus: %d reports asked for, between 1 and %d can be made", n, most)
	}
	files := []File{{Name: slug(place(r.Force)) + "-source.txt", Data: src}}
	for i := 0; len(files) < n && i < len(others); i++ {
		files = append(files, File{Name: slug(place(others[i])) + "-1.txt", Data: Rewrite(src, r.Force, others[i], "")})
	}
	for k, round := range laterRounds {
		for i := 0; len(files) < n && i < len(others); i++ {
			files = append(files, File{Name: fmt.Sprintf("%s-%d.txt", slug(place(others[i])), k+2), Data: Rewrite(src, r.Force, others[i], round)})
		}
		if len(files) < n { // the source's own force in that round
			files = append(files, File{Name: fmt.Sprintf("%s-%d.txt", slug(place(r.Force)), k+2), Data: Rewrite(src, r.Force, r.Force, round)})
		}
	}
	return files, nil
}

// Forms are the mixes of forms a synthetic corpus can be written in.
var Forms = []string{"text", "pdf", "html", "mix"}

// InForms returns files in the forms named: "text" leaves them in the
// text layout, "pdf" and "html" typeset every one as a print PDF or a web
// page (internal/reportgen), "mix" takes text, PDF and web page in turn.
func InForms(files []File, forms string) ([]File, error) {
	out := make([]File, len(files))
	for i, f := range files {
		form := forms
		if forms == "mix" {
			form = []string{"text", "pdf", "html"}[i%3]
		}
		base := strings.TrimSuffix(f.Name, ".txt")
		switch form {
		case "text":
			out[i] = f
		case "pdf":
			res, err := reportgen.PDF(f.Name, f.Data, reportgen.PDFOptions{})
			if err != nil {
				return nil, fmt.Errorf("synthetic corpus: %s as a PDF: %w", f.Name, err)
			}
			out[i] = File{Name: base + ".pdf", Data: res.Data}
		case "html":
			page, _, err := reportgen.HTML(f.Name, f.Data, reportgen.HTMLOptions{})
			if err != nil {
				return nil, fmt.Errorf("synthetic corpus: %s as a web page: %w", f.Name, err)
			}
			out[i] = File{Name: base + ".html", Data: page}
		default:
			return nil, fmt.Errorf("synthetic corpus: unknown forms %q (known: %s)", forms, strings.Join(Forms, ", "))
		}
	}
	return out, nil
}

// Rewrite returns src with the force from named as force instead: its full
// name, its place name alone, and, when the new force is not a
// constabulary, "the constabulary" as "the force". A round other than ""
// is set in front matter, which overrides the round in the title.
func Rewrite(src []byte, from, force, round string) []byte {
	pairs := []string{from, force, place(from), place(force)}
	if !strings.HasSuffix(force, "Constabulary") {
		pairs = append(pairs, "the constabulary", "the force", "The constabulary", "The force", "A constabulary", "A force")
	}
	out := strings.NewReplacer(pairs...).Replace(string(src))
	if round != "" {
		out = "---\nround: " + round + "\n---\n" + out
	}
	return []byte(out)
}

// forceSuffixRE matches what names the kind of force rather than the place.
var forceSuffixRE = regexp.MustCompile(`\s+(Constabulary|Police Service|Police)$`)

// place is a force's name without its kind: "Essex Police" → "Essex".
func place(force string) string {
	return forceSuffixRE.ReplaceAllString(strings.TrimSpace(force), "")
}

func slug(s string) string {
	return strings.ToLower(strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}), "-"))
}
