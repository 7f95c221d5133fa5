package emulator

import (
	"bytes"
	"encoding/json"
)

// obj is a JSON object that keeps its key order. Elasticsearch writes keys in
// a fixed order per response type and people read these bodies in logs and
// test failures, so we keep that order instead of Go's sorted map keys.
type obj []field

type field struct {
	k string
	v any
}

func (o obj) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, _ := json.Marshal(f.k)
		buf.Write(kb)
		buf.WriteByte(':')
		vb, err := marshal(f.v)
		if err != nil {
			return nil, err
		}
		buf.Write(vb)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// marshal encodes without HTML escaping, as Elasticsearch does.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
