// Package textfmt writes numbers as the provider's messages show them, the
// same in every message.
package textfmt

import "fmt"

// Thousands writes n as 1,234,567.
func Thousands(n int64) string {
	if n < 0 {
		return "-" + Thousands(-n)
	}
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
