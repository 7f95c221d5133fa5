package emulator

import (
	"net/http"
	"strings"
)

// role is a set of cluster privileges and index grants.
type role struct {
	name    string
	cluster []string
	indices []indexGrant
}

// indexGrant gives privileges on the indices matching names.
type indexGrant struct {
	names      []string // patterns; only "*" is special
	privileges []string
}

// builtinRole returns a copy of a reserved role, or nil. Only the roles the
// fixtures and tests need (ReservedRolesStore; the ML roles' grants on
// .ml-anomalies* and .ml-notifications* are left out). The transform roles
// hold no data access: a transform's user needs a role for its indices too.
func builtinRole(name string) *role {
	annotations := indexGrant{names: []string{".ml-annotations*"}, privileges: []string{"view_index_metadata", "read", "write"}}
	switch name {
	case "superuser":
		return &role{name: name, cluster: []string{"all"}, indices: []indexGrant{{names: []string{"*"}, privileges: []string{"all"}}}}
	case "machine_learning_admin":
		return &role{name: name, cluster: []string{"manage_ml"}, indices: []indexGrant{annotations}}
	case "machine_learning_user":
		return &role{name: name, cluster: []string{"monitor_ml"}, indices: []indexGrant{annotations}}
	case "transform_admin":
		// Its read grant on the transform notification indices is left
		// out: the emulator has none.
		return &role{name: name, cluster: []string{"manage_transform"}}
	case "transform_user":
		return &role{name: name, cluster: []string{"monitor_transform"}}
	}
	return nil
}

// indexPrivileges maps an index privilege to the action prefixes it grants
// (IndexPrivilege), in the order a 403 lists them. UNCONFIRMED beyond the
// lists Elasticsearch's 403s are known to give ("[create_doc,create,index,
// write,all]" for an index write, "[read,all]" for a search): create and
// create_doc are modelled as granting any index write, not only creates.
var indexPrivileges = []struct {
	name     string
	prefixes []string
}{
	{"create_index", []string{"indices:admin/create"}},
	{"delete_index", []string{"indices:admin/delete"}},
	{"view_index_metadata", []string{"indices:admin/aliases/get", "indices:admin/get", "indices:admin/mappings/get"}},
	{"read", []string{"indices:data/read/"}},
	{"create_doc", []string{"indices:data/write/index", "indices:data/write/bulk"}},
	{"create", []string{"indices:data/write/index", "indices:data/write/bulk"}},
	{"index", []string{"indices:data/write/index", "indices:data/write/update", "indices:data/write/bulk"}},
	{"write", []string{"indices:data/write/"}},
	{"manage", []string{"indices:admin/", "indices:monitor/"}},
	{"all", []string{"indices:"}},
}

// Index actions (transport action names).
const (
	actIndexCreate = "indices:admin/create"
	actIndexDelete = "indices:admin/delete"
	actIndexGet    = "indices:admin/get"
	actMappingGet  = "indices:admin/mappings/get"
	actAliasGet    = "indices:admin/aliases/get"
	actDocIndex    = "indices:data/write/index"
	actDocDelete   = "indices:data/write/delete"
	actSearch      = "indices:data/read/search"
)

func indexPrivilegesGranting(action string) []string {
	var out []string
	for _, p := range indexPrivileges {
		for _, prefix := range p.prefixes {
			if strings.HasPrefix(action, prefix) {
				out = append(out, p.name)
				break
			}
		}
	}
	return out
}

// mayOnIndex reports whether the caller may run action on index name. With
// security off (nil principal) everything is allowed.
func (p *principal) mayOnIndex(action, name string) bool {
	if p == nil {
		return true
	}
	grantedBy := indexPrivilegesGranting(action)
	for _, r := range p.roles {
		for _, g := range r.indices {
			if !matchesAny(g.names, name) {
				continue
			}
			for _, have := range g.privileges {
				if contains(grantedBy, have) {
					return true
				}
			}
		}
	}
	return false
}

func matchesAny(patterns []string, name string) bool {
	for _, pat := range patterns {
		if glob(pat, name) {
			return true
		}
	}
	return false
}

// authorizeIndices checks action on every named index; the 403 names the
// indices as requested. UNCONFIRMED whether Elasticsearch names an alias or
// the index behind it: we name what was asked.
func (p *principal) authorizeIndices(action string, names ...string) *esError {
	var denied []string
	for _, n := range names {
		if !p.mayOnIndex(action, n) {
			denied = append(denied, n)
		}
	}
	if len(denied) == 0 {
		return nil
	}
	return newError(http.StatusForbidden, "security_exception",
		"action [%s] is unauthorized for %s on indices [%s], this action is granted by the index privileges [%s]",
		action, p.describe(), strings.Join(denied, ","), strings.Join(indexPrivilegesGranting(action), ","))
}
