package corpus

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// Glossary is what a report itself says its terms mean.
type Glossary struct {
	// Terms are the phrases the report links to the inspectorate's online
	// glossary, in order of first use.
	Terms []string `json:"terms"`
	// Acronyms are the acronyms the report defines in its text, such as
	// "domestic violence protection orders (DVPOs)".
	Acronyms []Acronym `json:"acronyms"`
}

// Acronym pairs a short form with what it stands for.
type Acronym struct {
	// Short is the acronym as written, without a plural s ("DVPO", "TRiM").
	Short string `json:"short"`
	// Long is the expansion as written ("domestic violence protection orders").
	Long string `json:"long"`
	// Line is the source line of the definition; 0 for curated entries.
	Line int `json:"line,omitempty"`
}

// curated is peelbot's own glossary of acronyms common in police
// inspection reports. Reports often use these without defining them, and
// people type them into search, so search needs them whatever the report
// says. An acronym may have several expansions.
var curated = []Acronym{
	{Short: "ACC", Long: "assistant chief constable"},
	{Short: "ACU", Long: "anti-corruption unit"},
	{Short: "AFO", Long: "authorised firearms officer"},
	{Short: "ANPR", Long: "automatic number plate recognition"},
	{Short: "APP", Long: "authorised professional practice"},
	{Short: "ARMS", Long: "active risk management system"},
	{Short: "ASB", Long: "anti-social behaviour"},
	{Short: "ASB", Long: "antisocial behaviour"},
	{Short: "BAME", Long: "black, Asian and minority ethnic"},
	{Short: "BWV", Long: "body-worn video"},
	{Short: "CAD", Long: "computer-aided dispatch"},
	{Short: "CBO", Long: "criminal behaviour order"},
	{Short: "CCE", Long: "child criminal exploitation"},
	{Short: "CDI", Long: "crime data integrity"},
	{Short: "CHIS", Long: "covert human intelligence source"},
	{Short: "CID", Long: "criminal investigation department"},
	{Short: "CIPFA", Long: "Chartered Institute of Public Finance and Accountancy"},
	{Short: "CPD", Long: "continuing professional development"},
	{Short: "CPN", Long: "community protection notice"},
	{Short: "CPS", Long: "Crown Prosecution Service"},
	{Short: "CSA", Long: "child sexual abuse"},
	{Short: "CSE", Long: "child sexual exploitation"},
	{Short: "CSP", Long: "community safety partnership"},
	{Short: "DASH", Long: "domestic abuse, stalking, harassment and honour-based violence"},
	{Short: "DCC", Long: "deputy chief constable"},
	{Short: "DHEP", Long: "degree holder entry programme"},
	{Short: "DVDS", Long: "domestic violence disclosure scheme"},
	{Short: "DVPN", Long: "domestic violence protection notice"},
	{Short: "DVPO", Long: "domestic violence protection order"},
	{Short: "EAP", Long: "employee assistance programme"},
	{Short: "FCR", Long: "force control room"},
	{Short: "FGM", Long: "female genital mutilation"},
	{Short: "FLO", Long: "family liaison officer"},
	{Short: "FMS", Long: "force management statement"},
	{Short: "HBV", Long: "honour-based violence"},
	{Short: "HMI", Long: "HM Inspector"},
	{Short: "HMICFRS", Long: "HM Inspectorate of Constabulary and Fire & Rescue Services"},
	{Short: "HMICFRS", Long: "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services"},
	{Short: "IDVA", Long: "independent domestic violence adviser"},
	{Short: "IIOC", Long: "indecent images of children"},
	{Short: "IOM", Long: "integrated offender management"},
	{Short: "IOPC", Long: "Independent Office for Police Conduct"},
	{Short: "IPLDP", Long: "initial police learning and development programme"},
	{Short: "ISVA", Long: "independent sexual violence adviser"},
	{Short: "KIN", Long: "key individual network"},
	{Short: "KIRAT", Long: "Kent internet risk assessment tool"},
	{Short: "MAPPA", Long: "multi-agency public protection arrangements"},
	{Short: "MARAC", Long: "multi-agency risk assessment conference"},
	{Short: "MASH", Long: "multi-agency safeguarding hub"},
	{Short: "MATAC", Long: "multi-agency tasking and co-ordination"},
	{Short: "MISPER", Long: "missing person"},
	{Short: "MOSOVO", Long: "management of sexual offenders and violent offenders"},
	{Short: "MSHT", Long: "modern slavery and human trafficking"},
	{Short: "NCA", Long: "National Crime Agency"},
	{Short: "NCRS", Long: "national crime recording standard"},
	{Short: "NFA", Long: "no further action"},
	{Short: "NPAS", Long: "National Police Air Service"},
	{Short: "NPCC", Long: "National Police Chiefs' Council"},
	{Short: "NPT", Long: "neighbourhood policing team"},
	{Short: "NRM", Long: "national referral mechanism"},
	{Short: "OCG", Long: "organised crime group"},
	{Short: "OH", Long: "occupational health"},
	{Short: "OOCD", Long: "out-of-court disposal"},
	{Short: "OPCC", Long: "office of the police and crime commissioner"},
	{Short: "PACE", Long: "Police and Criminal Evidence Act"},
	{Short: "PCC", Long: "police and crime commissioner"},
	{Short: "PCDA", Long: "police constable degree apprenticeship"},
	{Short: "PCSO", Long: "police community support officer"},
	{Short: "PEEL", Long: "police effectiveness, efficiency and legitimacy"},
	{Short: "PEQF", Long: "police education qualifications framework"},
	{Short: "PIP", Long: "professionalising investigation programme"},
	{Short: "PNC", Long: "police national computer"},
	{Short: "PND", Long: "police national database"},
	{Short: "PPN", Long: "public protection notice"},
	{Short: "PSD", Long: "professional standards department"},
	{Short: "PUP", Long: "Police Uplift Programme"},
	{Short: "RASSO", Long: "rape and serious sexual offences"},
	{Short: "ROCU", Long: "regional organised crime unit"},
	{Short: "RSO", Long: "registered sex offender"},
	{Short: "RTC", Long: "road traffic collision"},
	{Short: "RUI", Long: "released under investigation"},
	{Short: "SARC", Long: "sexual assault referral centre"},
	{Short: "SCPO", Long: "serious crime prevention order"},
	{Short: "SDE", Long: "self-defined ethnicity"},
	{Short: "SHPO", Long: "sexual harm prevention order"},
	{Short: "SIO", Long: "senior investigating officer"},
	{Short: "SNT", Long: "safer neighbourhood team"},
	{Short: "SOC", Long: "serious and organised crime"},
	{Short: "SOC", Long: "serious organised crime"},
	{Short: "SPO", Long: "stalking protection order"},
	{Short: "SPOC", Long: "single point of contact"},
	{Short: "SPR", Long: "Strategic Policing Requirement"},
	{Short: "THRIVE", Long: "threat, harm, risk, investigation, vulnerability and engagement"},
	{Short: "TRiM", Long: "trauma risk management"},
	{Short: "VAWG", Long: "violence against women and girls"},
	{Short: "VCOP", Long: "Code of Practice for Victims of Crime"},
	{Short: "VCOP", Long: "Victims' Code"},
	{Short: "ViSOR", Long: "violent and sex offender register"},
	{Short: "VNA", Long: "victim needs assessment"},
	{Short: "VPS", Long: "victim personal statement"},
	{Short: "VRU", Long: "violence reduction unit"},
}

// Curated returns peelbot's own glossary of police acronyms.
func Curated() []Acronym {
	return append([]Acronym(nil), curated...)
}

// acronymDefRE finds a parenthesised acronym: "(DVPOs)", "(JCPIT)", "(TRiM)".
// At least two capitals, at most ten letters, an optional plural s.
var acronymDefRE = regexp.MustCompile(`\(([A-Z][A-Za-z&]{1,9})\)`)

// glueWords may sit inside an expansion without giving the acronym a letter:
// "police and crime commissioner (PCC)".
var glueWords = map[string]bool{
	"and": true, "of": true, "the": true, "for": true, "in": true, "on": true,
	"to": true, "with": true, "a": true, "an": true, "&": true, "at": true,
}

// findAcronyms returns the acronyms a paragraph defines: for each
// parenthesised acronym, the shortest run of words just before it whose
// initials spell the acronym's capitals.
func findAcronyms(text string, line int) []Acronym {
	var out []Acronym
	for _, m := range acronymDefRE.FindAllStringSubmatchIndex(text, -1) {
		short := text[m[2]:m[3]]
		caps := capitals(short)
		if len(caps) < 2 {
			continue
		}
		if strings.HasSuffix(short, "s") && len(short) > len(caps) {
			short = strings.TrimSuffix(short, "s")
		}
		if long := expansionBefore(text[:m[0]], caps); long != "" {
			out = append(out, Acronym{Short: short, Long: long, Line: line})
		}
	}
	return out
}

// capitals returns the upper-case letters of an acronym, lower-cased: the
// letters its expansion's words must start with.
func capitals(short string) string {
	var b strings.Builder
	for _, r := range short {
		if unicode.IsUpper(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// expansionBefore looks back from the end of before for words whose initials
// spell caps, letting glue words in between go unspelled.
func expansionBefore(before, caps string) string {
	words := strings.Fields(before)
	if len(words) > 12 {
		words = words[len(words)-12:]
	}
	for start := len(words) - 1; start >= 0; start-- {
		cand := words[start:]
		if spells(cand, caps) {
			if glueWords[strings.ToLower(trimWord(cand[0]))] {
				continue
			}
			parts := make([]string, len(cand))
			for i, w := range cand {
				parts[i] = trimWord(w)
			}
			return strings.Join(parts, " ")
		}
	}
	return ""
}

func trimWord(w string) string {
	return strings.TrimFunc(w, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\'' && r != '&'
	})
}

// spells reports whether the initials of words (each hyphenated part counts
// as a word, glue words may be skipped) spell caps exactly.
func spells(words []string, caps string) bool {
	var parts []string
	for _, w := range words {
		for _, p := range strings.FieldsFunc(trimWord(w), func(r rune) bool { return r == '-' }) {
			if p != "" {
				parts = append(parts, strings.ToLower(p))
			}
		}
	}
	var match func(i, j int) bool
	match = func(i, j int) bool {
		if i == len(parts) {
			return j == len(caps)
		}
		p := parts[i]
		if j < len(caps) && []rune(p)[0] == rune(caps[j]) && match(i+1, j+1) {
			return true
		}
		return glueWords[p] && match(i+1, j)
	}
	return len(parts) > 0 && match(0, 0)
}

// addTerms appends new linked terms to the glossary, keeping first-use order.
func (g *Glossary) addTerms(terms []string, seen map[string]bool) {
	for _, t := range terms {
		k := strings.ToLower(t)
		if !seen[k] {
			seen[k] = true
			g.Terms = append(g.Terms, t)
		}
	}
}

// addAcronyms appends acronym definitions not seen before.
func (g *Glossary) addAcronyms(as []Acronym) {
	for _, a := range as {
		dup := false
		for _, b := range g.Acronyms {
			if strings.EqualFold(a.Short, b.Short) && strings.EqualFold(a.Long, b.Long) {
				dup = true
				break
			}
		}
		if !dup {
			g.Acronyms = append(g.Acronyms, a)
		}
	}
}

// Expansions merges the curated glossary with the acronyms the given
// reports define: lower-case short form to every distinct lower-case
// expansion, sorted.
func Expansions(reports []*Report) map[string][]string {
	m := map[string]map[string]bool{}
	add := func(a Acronym) {
		k := strings.ToLower(a.Short)
		if m[k] == nil {
			m[k] = map[string]bool{}
		}
		m[k][strings.ToLower(a.Long)] = true
	}
	for _, a := range curated {
		add(a)
	}
	for _, r := range reports {
		for _, a := range r.Glossary.Acronyms {
			add(a)
		}
	}
	out := make(map[string][]string, len(m))
	for k, set := range m {
		for long := range set {
			out[k] = append(out[k], long)
		}
		sort.Strings(out[k])
	}
	return out
}
