package snapshotid

import "testing"

func TestProblem(t *testing.T) {
	for id, ok := range map[string]bool{
		"1700000000": true, "empty": true, "before-outage_2": true,
		"": false, "_all": false, "*": false, "17*": false, "1,2": false, "1/2": false, "1 2": false,
	} {
		if got := Problem(id) == ""; got != ok {
			t.Errorf("Problem(%q) = %q", id, Problem(id))
		}
		if schemaOK := pattern.MatchString(id) && id != "_all"; schemaOK != ok {
			t.Errorf("the schema's pattern and Problem disagree on %q", id)
		}
	}
}
