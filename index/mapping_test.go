package index

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/mapping.golden.json from the current mapping")

const goldenMapping = "testdata/mapping.golden.json"

// mappingRecord is what an index persisted on disk depends on: the
// mapping (analyzers included) and the fields of the document indexed,
// under the MappingVersion that names them.
type mappingRecord struct {
	MappingVersion int             `json:"mapping_version"`
	DocumentFields []string        `json:"document_fields"`
	Mapping        json.RawMessage `json:"mapping"`
}

func currentMapping(t *testing.T) []byte {
	t.Helper()
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	for f := range reflect.TypeFor[document]().Fields() {
		fields = append(fields, f.Tag.Get("json")+" "+f.Type.String())
	}
	out, err := json.MarshalIndent(mappingRecord{MappingVersion: MappingVersion, DocumentFields: fields, Mapping: raw}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

// TestMappingIsTheOneItsVersionNames fails when the mapping, its analyzer
// or the document's fields change while MappingVersion stays the same:
// an index persisted by the older binary (PEEL_INDEX_DIR) would then be
// opened and misread instead of rebuilt. Bump MappingVersion, then record
// the new mapping with: go test ./index -run TestMappingIsTheOneItsVersionNames -update
func TestMappingIsTheOneItsVersionNames(t *testing.T) {
	got := currentMapping(t)
	if *updateGolden {
		if err := os.WriteFile(goldenMapping, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(goldenMapping)
	if err != nil {
		t.Fatalf("%v; record the mapping with -update", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	var recorded mappingRecord
	if err := json.Unmarshal(want, &recorded); err != nil {
		t.Fatalf("%s: %v", goldenMapping, err)
	}
	if recorded.MappingVersion == MappingVersion {
		t.Fatalf("the index mapping or document changed but MappingVersion is still %d: bump it, so that a persisted index is rebuilt rather than misread, then run go test ./index -run TestMappingIsTheOneItsVersionNames -update\n\nnow:\n%s", MappingVersion, got)
	}
	t.Fatalf("MappingVersion is %d, but %s records version %d: record the new mapping with -update", MappingVersion, goldenMapping, recorded.MappingVersion)
}
