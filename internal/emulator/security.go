package emulator

import (
	"encoding/base64"
	"net/http"
	"strings"
)

// Security model: users hold roles (built-in ones, or their own role
// "<user>_role" with the cluster privileges given to them, and no index
// privileges); API keys and bearer tokens act as their user.
type user struct {
	name, password string
	roles          []*role
}

type apiKey struct{ id, key, user string }

// principal is the authenticated caller.
type principal struct {
	user     string
	apiKeyID string
	roles    []*role
}

// clusterPrivileges maps a privilege to the action patterns it grants
// (ClusterPrivilegeResolver), in the order the 403 message lists them.
// UNCONFIRMED: that order for ML monitor actions; it reproduces the confirmed
// "[monitor,manage,all]" and the documented "[manage_ml,manage,all]". The
// transform privileges follow the same narrowest-first order
// ("[monitor_transform,monitor,manage_transform,manage,all]" for a read,
// "[manage_transform,manage,all]" for a change), also UNCONFIRMED.
var clusterPrivileges = []struct {
	name     string
	patterns []string
}{
	{"monitor_ml", []string{"cluster:monitor/xpack/ml/"}},
	{"monitor_transform", []string{"cluster:monitor/transform/", "cluster:monitor/data_frame/"}},
	{"monitor", []string{"cluster:monitor/"}},
	{"manage_ml", []string{"cluster:admin/xpack/ml/", "cluster:monitor/xpack/ml/"}},
	{"manage_transform", []string{"cluster:admin/transform/", "cluster:monitor/transform/", "cluster:admin/data_frame/", "cluster:monitor/data_frame/"}},
	{"manage", []string{"cluster:"}},
	{"all", []string{""}},
}

func grants(priv, action string) bool {
	for _, p := range clusterPrivileges {
		if p.name != priv {
			continue
		}
		for _, prefix := range p.patterns {
			if strings.HasPrefix(action, prefix) {
				return true
			}
		}
	}
	return false
}

// AddUser adds a native user. Each grant is a built-in role name
// (superuser, machine_learning_admin, machine_learning_user,
// transform_admin, transform_user) or a cluster privilege, which goes into
// the user's own role "<name>_role".
func (s *Server) AddUser(name, password string, grants ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := &user{name: name, password: password}
	var own []string
	for _, g := range grants {
		if r := builtinRole(g); r != nil {
			u.roles = append(u.roles, r)
		} else {
			own = append(own, g)
		}
	}
	if len(own) > 0 || len(u.roles) == 0 {
		u.roles = append([]*role{{name: name + "_role", cluster: own}}, u.roles...)
	}
	s.users[name] = u
}

// AddAPIKey registers an API key for user and returns the encoded form to
// send as "Authorization: ApiKey <encoded>".
func (s *Server) AddAPIKey(id, key, user string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apiKeys[id] = &apiKey{id: id, key: key, user: user}
	return base64.StdEncoding.EncodeToString([]byte(id + ":" + key))
}

// AddBearerToken registers an OAuth2-style token for user.
func (s *Server) AddBearerToken(token, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[token] = user
}

// authenticate reads the Authorization header. With security off every
// request is anonymous and allowed (nil principal), as in Elasticsearch.
func (s *Server) authenticate(r *http.Request) (*principal, *esError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.security {
		return nil, nil
	}
	uri := r.URL.RequestURI()
	scheme, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	cred = strings.TrimSpace(cred)
	// Credentials that were offered but not accepted (API key, token).
	rejected := newError(http.StatusUnauthorized, "security_exception",
		"unable to authenticate with provided credentials and anonymous access is not allowed for this request")
	switch strings.ToLower(scheme) {
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(cred)
		if err != nil {
			return nil, newError(http.StatusUnauthorized, "security_exception", "invalid basic authentication header encoding")
		}
		name, pass, found := strings.Cut(string(raw), ":")
		if !found {
			return nil, newError(http.StatusUnauthorized, "security_exception", "invalid basic authentication header value")
		}
		u := s.users[name]
		if u == nil || u.password != pass {
			return nil, newError(http.StatusUnauthorized, "security_exception",
				"unable to authenticate user [%s] for REST request [%s]", name, uri)
		}
		return &principal{user: u.name, roles: u.roles}, nil
	case "apikey":
		raw, err := base64.StdEncoding.DecodeString(cred)
		if err != nil {
			return nil, rejected
		}
		id, key, _ := strings.Cut(string(raw), ":")
		k := s.apiKeys[id]
		if k == nil || k.key != key || s.users[k.user] == nil {
			return nil, rejected
		}
		return &principal{user: k.user, apiKeyID: id, roles: s.users[k.user].roles}, nil
	case "bearer":
		name, found := s.tokens[cred]
		if !found || s.users[name] == nil {
			return nil, rejected
		}
		return &principal{user: name, roles: s.users[name].roles}, nil
	}
	return nil, newError(http.StatusUnauthorized, "security_exception",
		"missing authentication credentials for REST request [%s]", uri)
}

// authFailure adds the WWW-Authenticate challenge to a 401, both as an HTTP
// header and in the error metadata. UNCONFIRMED per version: 7.x captures show
// one Basic challenge, 8.x+ a list of Basic, Bearer and ApiKey.
func (s *Server) authFailure(e *esError) reply {
	var challenges []string
	if s.currentVersion().atLeast(8, 0, 0) {
		challenges = []string{`Basic realm="security", charset="UTF-8"`, `Bearer realm="security"`, "ApiKey"}
	} else {
		challenges = []string{`Basic realm="security" charset="UTF-8"`}
	}
	// Elasticsearch writes a single-valued header as a string.
	var v any = challenges
	if len(challenges) == 1 {
		v = challenges[0]
	}
	e.meta = obj{{"header", obj{{"WWW-Authenticate", v}}}}
	rep := fail(e)
	rep.header = http.Header{"Www-Authenticate": challenges}
	return rep
}

// authorize checks that the caller holds a cluster privilege granting action.
func (s *Server) authorize(p *principal, action string) *esError {
	if p == nil {
		return nil
	}
	var grantedBy []string
	for _, cp := range clusterPrivileges {
		if grants(cp.name, action) {
			grantedBy = append(grantedBy, cp.name)
		}
	}
	for _, r := range p.roles {
		for _, have := range r.cluster {
			if contains(grantedBy, have) {
				return nil
			}
		}
	}
	return newError(http.StatusForbidden, "security_exception",
		"action [%s] is unauthorized for %s, this action is granted by the cluster privileges [%s]",
		action, p.describe(), strings.Join(grantedBy, ","))
}

// describe names the caller the way a 403 does.
func (p *principal) describe() string {
	if p.apiKeyID != "" {
		return "API key id [" + p.apiKeyID + "] of user [" + p.user + "]"
	}
	names := make([]string, len(p.roles))
	for i, r := range p.roles {
		names[i] = r.name
	}
	return "user [" + p.user + "] with effective roles [" + strings.Join(names, ",") + "]"
}
