package corpus

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// MetaSuffix names the file of front matter kept beside a report that
// cannot hold its own (a PDF, a web page): "herts-2021.pdf.meta" holds
// "key: value" lines (id, url, pdf_url, published, force, round) for
// "herts-2021.pdf". A text-layout report may use one too, or its own
// front matter block.
const MetaSuffix = ".meta"

// Read parses one report file of any form, picking the reader by the
// file's content (a PDF, a web page, the text layout), with the
// extension as a tie-breaker. name is used in messages and as
// Report.Source; meta is front matter kept beside the file (nil for none),
// which overrides what the file says. A file that is none of these, or
// not a PEEL report, is an error naming the file and the line or page.
func Read(name string, data []byte, meta map[string]string) (*Report, error) {
	form, err := Sniff(name, data)
	if err != nil {
		return nil, err
	}
	switch form {
	case FormPDF:
		lay, err := readPDF(name, data)
		if err != nil {
			return nil, err
		}
		return parseLayout(name, lay, meta)
	case FormHTML:
		lay, err := readHTML(name, data)
		if err != nil {
			return nil, err
		}
		return parseLayout(name, lay, meta)
	}
	return parseText(name, data, meta)
}

// ReadMeta reads a file of front matter kept beside a report: "key: value"
// lines, optionally between "---" lines. An unknown key or a line that is
// not "key: value" is an error naming the file and line.
func ReadMeta(name string, data []byte) (map[string]string, error) {
	meta := map[string]string{}
	for i, l := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		l = strings.TrimSpace(strings.TrimPrefix(l, "\ufeff"))
		if l == "" || l == "---" || strings.HasPrefix(l, "#") {
			continue
		}
		k, v, ok := strings.Cut(l, ":")
		k = strings.ToLower(strings.TrimSpace(k))
		switch {
		case !ok:
			return nil, &ParseError{File: name, Line: i + 1, Msg: "not a \"key: value\" line"}
		case !metaKeys[k]:
			return nil, &ParseError{File: name, Line: i + 1, Msg: fmt.Sprintf("unknown key %q (known: %s)", k, metaKeyList)}
		}
		meta[k] = strings.TrimSpace(v)
	}
	return meta, nil
}

// Sniff tells which form a report file is in, by its content first: a PDF
// starts with %PDF-, a web page with HTML markup, the text layout is UTF-8
// text in a .txt or .md file. Anything else (a Word document, a web
// archive, an image) is an error that says what to save instead.
func Sniff(name string, data []byte) (Form, error) {
	ext := strings.ToLower(path.Ext(name))
	fail := func(what string) error {
		return &ParseError{File: name, Line: 1, Msg: what + "; peelbot reads a report's print PDF (.pdf), its web page (.html) or its text layout (.txt, .md)"}
	}
	head := data[:min(len(data), 1024)]
	if bytes.Contains(head, []byte("%PDF-")) {
		return FormPDF, nil
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	lower := bytes.ToLower(t[:min(len(t), 4096)])
	switch {
	case len(data) == 0:
		return "", &ParseError{File: name, Line: 1, Msg: "the file is empty"}
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "", fail("a Word, OpenDocument or other zipped document, not a report peelbot can read")
	case bytes.HasPrefix(data, []byte("{\\rtf")):
		return "", fail("an RTF document, not a report peelbot can read")
	case bytes.HasPrefix(lower, []byte("mime-version:")) || bytes.Contains(lower, []byte("multipart/related")):
		return "", fail("a web archive (.mhtml); save the page as \"Web page, HTML only\"")
	case bytes.HasPrefix(data, []byte("\x89PNG")) || bytes.HasPrefix(data, []byte("\xff\xd8\xff")) || bytes.HasPrefix(data, []byte("GIF8")):
		return "", fail("an image, not a report peelbot can read")
	case bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")) ||
		(bytes.HasPrefix(lower, []byte("<")) && (ext == ".html" || ext == ".htm" || ext == ".xhtml" || bytes.Contains(lower, []byte("<body")))):
		return FormHTML, nil
	case ext == ".pdf":
		return "", fail("named .pdf but not a PDF")
	case ext == ".html" || ext == ".htm":
		return "", fail("named " + ext + " but not a web page")
	case ext == ".txt" || ext == ".md" || ext == ".markdown" || ext == "":
		if bytes.IndexByte(data, 0) >= 0 && !utf8.Valid(data) {
			return "", fail("binary data, not text")
		}
		return FormText, nil
	}
	return "", fail("a " + ext + " file")
}
