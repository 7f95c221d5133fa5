package main

import (
	"fmt"
	"strings"

	"github.com/esops/terraform-provider-elasticsearch/internal/emulator"
)

// repeated collects a flag given several times.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, " ") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

// security is the credentials given on the command line.
type security struct {
	users, apiKeys, tokens repeated
}

func (s *security) on() bool { return len(s.users)+len(s.apiKeys)+len(s.tokens) > 0 }

// apply registers the credentials with the emulator, checking their form.
// Error messages name users and key ids, never secrets.
func (s *security) apply(es *emulator.Server) error {
	known := map[string]bool{}
	for _, u := range s.users {
		// NAME:PASSWORD:GRANTS; the password may itself contain ':'.
		name, rest, ok1 := strings.Cut(u, ":")
		i := strings.LastIndex(rest, ":")
		if !ok1 || i < 0 || name == "" || rest[i+1:] == "" {
			return fmt.Errorf("-user wants NAME:PASSWORD:GRANTS (user %q)", name)
		}
		es.AddUser(name, rest[:i], strings.Split(rest[i+1:], ",")...)
		known[name] = true
	}
	for _, k := range s.apiKeys {
		parts := strings.Split(k, ":")
		if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
			return fmt.Errorf("-api-key wants ID:KEY:USER (key id %q)", parts[0])
		}
		if !known[parts[2]] {
			return fmt.Errorf("-api-key %s: no -user %q", parts[0], parts[2])
		}
		es.AddAPIKey(parts[0], parts[1], parts[2])
	}
	for _, t := range s.tokens {
		i := strings.LastIndex(t, ":")
		if i <= 0 || !known[t[i+1:]] {
			return fmt.Errorf("-bearer-token wants TOKEN:USER with a known -user")
		}
		es.AddBearerToken(t[:i], t[i+1:])
	}
	return nil
}

// summary says how security is set up, without secrets.
func (s *security) summary() string {
	if !s.on() {
		return "security off"
	}
	return fmt.Sprintf("security on: %d users, %d API keys, %d bearer tokens", len(s.users), len(s.apiKeys), len(s.tokens))
}
