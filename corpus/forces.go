package corpus

import (
	"regexp"
	"strings"
)

// forceShortNames are the short names the police service itself uses for the
// 43 territorial forces of England and Wales (plus the British Transport
// Police). They make report ids a person can type: "herts-2021".
var forceShortNames = map[string]string{
	"avon and somerset":           "avon-somerset",
	"bedfordshire":                "beds",
	"british transport":           "btp",
	"cambridgeshire":              "cambs",
	"cheshire":                    "cheshire",
	"city of london":              "city",
	"cleveland":                   "cleveland",
	"cumbria":                     "cumbria",
	"derbyshire":                  "derbys",
	"devon and cornwall":          "devon-cornwall",
	"dorset":                      "dorset",
	"durham":                      "durham",
	"dyfed-powys":                 "dyfed-powys",
	"essex":                       "essex",
	"gloucestershire":             "glos",
	"greater manchester":          "gmp",
	"gwent":                       "gwent",
	"hampshire":                   "hants",
	"hampshire and isle of wight": "hants",
	"hertfordshire":               "herts",
	"humberside":                  "humberside",
	"kent":                        "kent",
	"lancashire":                  "lancs",
	"leicestershire":              "leics",
	"lincolnshire":                "lincs",
	"merseyside":                  "merseyside",
	"metropolitan":                "met",
	"norfolk":                     "norfolk",
	"north wales":                 "north-wales",
	"north yorkshire":             "north-yorks",
	"northamptonshire":            "northants",
	"northumbria":                 "northumbria",
	"nottinghamshire":             "notts",
	"south wales":                 "south-wales",
	"south yorkshire":             "south-yorks",
	"staffordshire":               "staffs",
	"suffolk":                     "suffolk",
	"surrey":                      "surrey",
	"sussex":                      "sussex",
	"thames valley":               "thames-valley",
	"warwickshire":                "warks",
	"west mercia":                 "west-mercia",
	"west midlands":               "west-midlands",
	"west yorkshire":              "west-yorks",
	"wiltshire":                   "wilts",
}

// forceSuffixRE matches the words that name the kind of force rather than
// the place ("Hertfordshire Constabulary", "Metropolitan Police Service").
var forceSuffixRE = regexp.MustCompile(`(?i)\s+(constabulary|police service|police force|police)$`)

// forcePlace returns the place part of a force's name, lower case:
// "Hertfordshire Constabulary" → "hertfordshire".
func forcePlace(force string) string {
	f := strings.TrimSpace(force)
	f = strings.TrimPrefix(f, "the ")
	f = forceSuffixRE.ReplaceAllString(f, "")
	return strings.ToLower(strings.Join(strings.Fields(f), " "))
}

// slug turns a phrase into lower-case words joined by hyphens.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	return b.String()
}

// yearsRE finds the years of a round: "PEEL 2021/22", "PEEL 2023–25".
var yearsRE = regexp.MustCompile(`(\d{4})(?:\s*[/–—-]\s*(\d{2,4}))?`)

// reportID makes the stable id of a force's report in a round.
func reportID(force, round string) string {
	place := forcePlace(force)
	short, ok := forceShortNames[place]
	if !ok {
		short = slug(place)
	}
	if m := yearsRE.FindStringSubmatch(round); m != nil {
		return short + "-" + m[1]
	}
	return short + "-" + slug(round)
}

// reportURL guesses the report's page on the inspectorate's website from
// the pattern its PEEL pages follow
// (…/peel-reports/hertfordshire-2021-22/). A report file can give its own
// url in its front matter when the guess is wrong.
func reportURL(force, round string) string {
	m := yearsRE.FindStringSubmatch(round)
	if m == nil {
		return ""
	}
	years := m[1]
	if m[2] != "" {
		years += "-" + m[2][len(m[2])-2:]
	}
	return "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/" + slug(forcePlace(force)) + "-" + years + "/"
}
