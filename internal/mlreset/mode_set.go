package mlreset

// modeSet is the values one operation's after_reset takes, the default
// first: every flow declares its modes this way, so listing them and
// reading an unset one work alike for all.
type modeSet[M ~string] []M

// strings lists the modes, the default first, as a schema offers them.
func (s modeSet[M]) strings() []string {
	out := make([]string, len(s))
	for i, m := range s {
		out[i] = string(m)
	}
	return out
}

// orDefault is m, or the default when m is unset.
func (s modeSet[M]) orDefault(m M) M {
	if m == "" {
		return s[0]
	}
	return m
}
