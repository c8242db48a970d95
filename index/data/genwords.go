//go:build ignore

// genwords writes english-words.txt.gz, the English word list peelbot's
// spelling correction checks words against, from the SCOWL-derived word
// lists Debian ships in the wbritish-large and wamerican-large packages
// (SCOWL size 70: the size-50 lists of wbritish and wamerican lack
// everyday words such as "knackered" and "skint", which would then be
// taken for misspellings):
//
//	apt-get download wbritish-large wamerican-large
//	for f in wbritish-large_*.deb wamerican-large_*.deb; do dpkg-deb -x "$f" x; done
//	cd index/data && go run genwords.go ../../x/usr/share/dict/british-english-large ../../x/usr/share/dict/american-english-large
//
// Each line of the output is one word in lower case. A word that the lists
// give only with a capital (a name: "London", "Essex") is written with a
// leading "^". Possessives ("London's") are left out: a question's words
// are looked up without them. The licence of the lists is in
// english-words.COPYING beside this file.
package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: go run genwords.go WORDLIST...")
		os.Exit(2)
	}
	lower := map[string]bool{} // seen in lower case
	seen := map[string]bool{}  // seen in any case
	for _, path := range os.Args[1:] {
		f, err := os.Open(path)
		if err != nil {
			fail(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			w := strings.TrimSpace(sc.Text())
			if w == "" || strings.HasSuffix(w, "'s") {
				continue
			}
			k := strings.ToLower(w)
			seen[k] = true
			if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
				lower[k] = true
			}
		}
		if err := sc.Err(); err != nil {
			fail(err)
		}
		f.Close()
	}
	words := make([]string, 0, len(seen))
	for w := range seen {
		words = append(words, w)
	}
	sort.Strings(words)
	out, err := os.Create("english-words.txt.gz")
	if err != nil {
		fail(err)
	}
	zw, err := gzip.NewWriterLevel(out, gzip.BestCompression)
	if err != nil {
		fail(err)
	}
	bw := bufio.NewWriter(zw)
	for _, w := range words {
		if !lower[w] {
			bw.WriteByte('^')
		}
		bw.WriteString(w)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		fail(err)
	}
	if err := zw.Close(); err != nil {
		fail(err)
	}
	if err := out.Close(); err != nil {
		fail(err)
	}
	fmt.Printf("%d words\n", len(words))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
