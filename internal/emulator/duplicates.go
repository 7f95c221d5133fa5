package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// duplicateKeys refuses a JSON value that repeats a key within one object,
// as Elasticsearch's parser does (STRICT_DUPLICATE_DETECTION); Go's decoder
// would silently keep the last value.
func duplicateKeys(body []byte, v version) *esError {
	dec := json.NewDecoder(bytes.NewReader(body))
	// One frame per open object or array; objects remember their keys.
	type frame struct {
		keys      map[string]bool
		expectKey bool
	}
	var stack []*frame
	// Malformed JSON ends the scan: the caller's own parse reports it.
	next := func() (json.Token, bool) {
		tok, err := dec.Token()
		return tok, err == nil
	}
	for dec.More() || len(stack) > 0 {
		tok, wellFormed := next()
		if !wellFormed {
			break
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, isDelim := tok.(json.Delim); isDelim {
			switch d {
			case '{':
				stack = append(stack, &frame{keys: map[string]bool{}, expectKey: true})
			case '[':
				stack = append(stack, &frame{})
			default:
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].keys != nil {
					stack[len(stack)-1].expectKey = true
				}
			}
			continue
		}
		if top == nil || top.keys == nil {
			continue
		}
		if top.expectKey {
			key, _ := tok.(string)
			if top.keys[key] {
				return duplicateFieldError(key, v)
			}
			top.keys[key] = true
			top.expectKey = false
		} else {
			top.expectKey = true
		}
	}
	return nil
}

// duplicateFieldError is the parse exception for a repeated key.
// UNCONFIRMED: the release where json_parse_exception became
// x_content_parse_exception (we assume 8.0) and any [line:col] prefix.
func duplicateFieldError(key string, v version) *esError {
	typ := "x_content_parse_exception"
	if !v.atLeast(8, 0, 0) {
		typ = "json_parse_exception"
	}
	return newError(http.StatusBadRequest, typ, "Duplicate field '%s'", key)
}
