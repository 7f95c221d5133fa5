package emulator

import (
	"strconv"
	"strings"
)

// version is the cluster version used for feature gates.
type version struct {
	major, minor, patch int
	// serverless runs current code whatever number GET / shows, so every
	// gate is open.
	serverless bool
}

// parseVersion reads "8.19.0" (a "-SNAPSHOT" style suffix is ignored).
// Unparseable parts count as 0.
func parseVersion(s string) version {
	s, _, _ = strings.Cut(s, "-")
	parts := strings.SplitN(s, ".", 3)
	var n [3]int
	for i, p := range parts {
		n[i], _ = strconv.Atoi(p)
	}
	return version{major: n[0], minor: n[1], patch: n[2]}
}

func (v version) atLeast(major, minor, patch int) bool {
	if v.serverless {
		return true
	}
	if v.major != major {
		return v.major > major
	}
	if v.minor != minor {
		return v.minor > minor
	}
	return v.patch >= patch
}
