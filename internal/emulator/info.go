package emulator

import (
	"fmt"
	"net/http"
)

// handleInfo is GET / (and HEAD /): the node and version, which clients use
// for version gates.
func (s *Server) handleInfo(c *call) (func() reply, *esError) {
	return func() reply {
		s.mu.Lock()
		defer s.mu.Unlock()
		return ok(s.infoLocked())
	}, nil
}

func (s *Server) infoLocked() obj {
	if s.serverless {
		// Serverless shows a fixed placeholder version, whatever it runs;
		// build_flavor says it is serverless.
		return obj{
			{"name", "serverless"},
			{"cluster_name", "emulator"},
			{"cluster_uuid", "zk-HjQtYQGyL3NFSSu7InA"},
			{"version", obj{
				{"number", "8.11.0"},
				{"build_flavor", "serverless"},
				{"build_type", "docker"},
				{"build_hash", "00000000"},
				{"build_date", "2023-10-31"},
				{"build_snapshot", false},
				{"lucene_version", "9.7.0"},
				{"minimum_wire_compatibility_version", "8.11.0"},
				{"minimum_index_compatibility_version", "8.11.0"},
			}},
			{"tagline", "You Know, for Search"},
		}
	}
	v := parseVersion(s.versionNumber)
	// Compatibility floors follow the real release lines: N.x talks to the
	// last minor of N-1 and reads indices from N-1.0.
	wire, index, lucene := "7.17.0", "7.0.0", "9.12.0"
	switch {
	case v.major >= 9:
		wire, index, lucene = "8.19.0", "8.0.0", "10.2.2"
	case v.major <= 7:
		wire, index, lucene = "6.8.0", "6.0.0-beta1", "8.11.1"
	}
	return obj{
		{"name", "es-emulator-0"},
		{"cluster_name", "emulator"},
		{"cluster_uuid", "zk-HjQtYQGyL3NFSSu7InA"},
		{"version", obj{
			{"number", s.versionNumber},
			{"build_flavor", "default"},
			{"build_type", "docker"},
			{"build_hash", buildHash(v)},
			{"build_date", "2025-07-09T22:10:13.578182715Z"},
			{"build_snapshot", false},
			{"lucene_version", lucene},
			{"minimum_wire_compatibility_version", wire},
			{"minimum_index_compatibility_version", index},
		}},
		{"tagline", "You Know, for Search"},
	}
}

func buildHash(v version) string { return fmt.Sprintf("%08x", v.major<<16|v.minor<<8|v.patch) }

// warningLocked is a deprecation Warning header as Elasticsearch sends it:
// 299 Elasticsearch-<version>-<build hash> "<message>".
func (s *Server) warningLocked(message string) http.Header {
	number := s.versionNumber
	if s.serverless {
		number = "8.11.0"
	}
	v := parseVersion(number)
	return http.Header{"Warning": {fmt.Sprintf("299 Elasticsearch-%s-%s \"%s\"", number, buildHash(v), message)}}
}
