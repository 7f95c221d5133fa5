package main

import (
	"strings"
	"testing"
)

func TestTally(t *testing.T) {
	events := strings.Join([]string{
		`{"Action":"run","Package":"p","Test":"TestA"}`,
		`{"Action":"pass","Package":"p","Test":"TestA"}`,
		`{"Action":"skip","Package":"p","Test":"TestHollow/x"}`,
		`{"Action":"skip","Package":"p","Test":"TestHollow/y"}`,
		`{"Action":"pass","Package":"p","Test":"TestHollow"}`,
		`{"Action":"skip","Package":"p","Test":"TestMixed/x"}`,
		`{"Action":"pass","Package":"p","Test":"TestMixed/y"}`,
		`{"Action":"pass","Package":"p","Test":"TestMixed"}`,
		`{"Action":"output","Package":"p","Test":"TestBad/z","Output":"    bad_test.go:9: boom\n"}`,
		`{"Action":"fail","Package":"p","Test":"TestBad/z"}`,
		`{"Action":"output","Package":"p","Test":"TestBad","Output":"--- FAIL: TestBad\n"}`,
		`{"Action":"fail","Package":"p","Test":"TestBad"}`,
		`{"Action":"skip","Package":"p","Test":"TestSkipped"}`,
		`{"Action":"output","Package":"p","Output":"FAIL\tp\t0.1s\n"}`,
		`{"Action":"fail","Package":"p"}`,
	}, "\n")
	c, failed, pkgLines, err := tally(strings.NewReader(events))
	if err != nil {
		t.Fatal(err)
	}
	if c.Run != 10 || c.Passed != 4 || c.Failed != 2 || c.Skipped != 4 || c.Packages != 1 {
		t.Errorf("counts %+v", c)
	}
	if len(c.Hollow) != 1 || c.Hollow[0] != "p TestHollow" {
		t.Errorf("hollow %v", c.Hollow)
	}
	if len(failed) != 1 || !strings.Contains(failed[0], "boom") {
		t.Errorf("failed output %q", failed)
	}
	if len(pkgLines) != 1 || !strings.HasPrefix(pkgLines[0], "FAIL\tp") {
		t.Errorf("package lines %q", pkgLines)
	}
}
