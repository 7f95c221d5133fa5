package emulator

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"time"
)

// transformConfig is what PUT _transform/<id> stores: the parts the
// emulator runs on, and the rest as given, to show it back.
type transformConfig struct {
	id              string
	description     string
	sourceIndices   []string
	sourceQuery     any // nil: match_all
	match           matcher
	runtimeMappings map[string]any
	destIndex       string
	destPipeline    string
	destAliases     []destAlias // nil: none given
	frequencyRaw    string      // "": not set
	frequency       time.Duration
	sync            *timeSync // nil: a batch transform
	pivot           *pivotConfig
	latest          *latestConfig
	settings        map[string]any
	meta            map[string]any
	retention       map[string]any
}

type destAlias struct {
	Alias          string `json:"alias"`
	MoveOnCreation bool   `json:"move_on_creation"`
}

// timeSync is sync.time: the field that orders changes, and how long to
// wait for late documents before a checkpoint includes them.
type timeSync struct {
	field    string
	delay    time.Duration
	delayRaw string
}

// defaultFrequency is how often a continuous transform looks for changes.
const defaultFrequency = time.Minute

// interval is how long a started continuous transform waits between passes.
func (c *transformConfig) interval() time.Duration {
	if c.frequency > 0 {
		return c.frequency
	}
	return defaultFrequency
}

// unattended is settings.unattended (8.5+): no destination index is
// created at start, failures are retried forever.
func (c *transformConfig) unattended() bool {
	b, _ := c.settings["unattended"].(bool)
	return b
}

// deduceMappings is settings.deduce_mappings, true unless set false.
func (c *transformConfig) deduceMappings() bool {
	b, set := c.settings["deduce_mappings"].(bool)
	return !set || b
}

func parseError(format string, args ...any) *esError {
	return newError(http.StatusBadRequest, "x_content_parse_exception", format, args...)
}

// unknownFields refuses keys the strict parser of name does not know.
// UNCONFIRMED: Elasticsearch prefixes the reason with the position of the
// key ("[1:23] "), which the emulator leaves out.
func unknownFields(name string, raw map[string]json.RawMessage, known ...string) *esError {
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !contains(known, k) {
			return parseError("[%s] unknown field [%s]", name, k)
		}
	}
	return nil
}

// required is ConstructingObjectParser's error for missing arguments.
func required(raw map[string]json.RawMessage, names ...string) *esError {
	var missing []string
	for _, n := range names {
		if v, ok := raw[n]; !ok || string(v) == "null" {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return badRequest("Required [%s]", strings.Join(missing, ", "))
	}
	return nil
}

func decodeField[T any](parser, name string, raw json.RawMessage, out *T) *esError {
	if err := json.Unmarshal(raw, out); err != nil {
		return parseError("[%s] failed to parse field [%s]", parser, name)
	}
	return nil
}

// parseTransformConfig reads a PUT body strictly, as TransformConfig's
// strict parser does, then validates it (PutTransformAction.Request.validate).
func parseTransformConfig(urlID string, body map[string]json.RawMessage, v version) (*transformConfig, *esError) {
	for _, generated := range []string{"headers", "create_time", "version"} {
		if _, ok := body[generated]; ok {
			return nil, badRequest("Found [%s], not allowed for strict parsing", generated)
		}
	}
	known := []string{"id", "source", "dest", "frequency", "sync", "pivot", "latest", "description", "settings", "retention_policy"}
	if v.atLeast(7, 16, 0) {
		known = append(known, "_meta")
	}
	const name = "data_frame_transform_config"
	if err := unknownFields(name, body, known...); err != nil {
		return nil, err
	}
	c := &transformConfig{id: urlID}
	if raw, ok := body["id"]; ok {
		var bodyID string
		if err := decodeField(name, "id", raw, &bodyID); err != nil {
			return nil, err
		}
		if bodyID != urlID {
			return nil, badRequest("Inconsistent id; '%s' specified in the body differs from '%s' specified as a URL argument", bodyID, urlID)
		}
	}
	if err := required(body, "source", "dest"); err != nil {
		return nil, err
	}
	if err := c.parseSource(body["source"]); err != nil {
		return nil, err
	}
	if err := c.parseDest(body["dest"]); err != nil {
		return nil, err
	}
	if raw, ok := body["frequency"]; ok {
		if err := decodeField(name, "frequency", raw, &c.frequencyRaw); err != nil {
			return nil, err
		}
		d, err := parseTimeValue(c.frequencyRaw, "frequency")
		if err != nil {
			return nil, err
		}
		c.frequency = d
	}
	if raw, ok := body["sync"]; ok {
		if err := c.parseSync(raw); err != nil {
			return nil, err
		}
	}
	_, hasPivot := body["pivot"]
	_, hasLatest := body["latest"]
	if hasPivot == hasLatest {
		return nil, badRequest("Transform configuration must specify exactly 1 function")
	}
	var err *esError
	if hasPivot {
		c.pivot, err = parsePivot(body["pivot"])
	} else {
		c.latest, err = parseLatest(body["latest"])
	}
	if err != nil {
		return nil, err
	}
	if raw, ok := body["description"]; ok {
		if err := decodeField(name, "description", raw, &c.description); err != nil {
			return nil, err
		}
		if len(c.description) > 1000 {
			return nil, badRequest("[description] must be less than 1000 characters in length.")
		}
	}
	for key, to := range map[string]*map[string]any{"settings": &c.settings, "_meta": &c.meta, "retention_policy": &c.retention} {
		if raw, ok := body[key]; ok {
			if err := decodeField(name, key, raw, to); err != nil {
				return nil, err
			}
		}
	}
	if errs := c.validate(); len(errs) > 0 {
		return nil, validationFailed(errs...)
	}
	return c, nil
}

func (c *transformConfig) parseSource(raw json.RawMessage) *esError {
	const name = "data_frame_config_source"
	var src map[string]json.RawMessage
	if err := decodeField("data_frame_transform_config", "source", raw, &src); err != nil {
		return err
	}
	if err := unknownFields(name, src, "index", "query", "runtime_mappings"); err != nil {
		return err
	}
	if err := required(src, "index"); err != nil {
		return err
	}
	// A single string is a list of one, as declareStringArray reads it.
	var one string
	if json.Unmarshal(src["index"], &one) == nil {
		c.sourceIndices = []string{one}
	} else if err := decodeField(name, "index", src["index"], &c.sourceIndices); err != nil {
		return err
	}
	if len(c.sourceIndices) == 0 {
		// UNCONFIRMED wording.
		return badRequest("must specify at least one index")
	}
	c.match = func(map[string]any) bool { return true }
	if raw, ok := src["query"]; ok {
		var q any
		if err := decodeField(name, "query", raw, &q); err != nil {
			return err
		}
		m, err := parseQuery(q)
		if err != nil {
			return err
		}
		c.sourceQuery, c.match = q, m
	}
	if raw, ok := src["runtime_mappings"]; ok {
		// Runtime fields are shown back, not evaluated.
		if err := decodeField(name, "runtime_mappings", raw, &c.runtimeMappings); err != nil {
			return err
		}
	}
	return nil
}

func (c *transformConfig) parseDest(raw json.RawMessage) *esError {
	const name = "data_frame_config_dest"
	var dest map[string]json.RawMessage
	if err := decodeField("data_frame_transform_config", "dest", raw, &dest); err != nil {
		return err
	}
	if err := unknownFields(name, dest, "index", "pipeline", "aliases"); err != nil {
		return err
	}
	if err := required(dest, "index"); err != nil {
		return err
	}
	if err := decodeField(name, "index", dest["index"], &c.destIndex); err != nil {
		return err
	}
	if raw, ok := dest["pipeline"]; ok {
		if err := decodeField(name, "pipeline", raw, &c.destPipeline); err != nil {
			return err
		}
	}
	if raw, ok := dest["aliases"]; ok {
		if err := decodeField(name, "aliases", raw, &c.destAliases); err != nil {
			return err
		}
		if c.destAliases == nil {
			c.destAliases = []destAlias{}
		}
	}
	return nil
}

// parseSync reads sync.time; its delay defaults to 60s.
func (c *transformConfig) parseSync(raw json.RawMessage) *esError {
	var sync map[string]json.RawMessage
	if err := decodeField("data_frame_transform_config", "sync", raw, &sync); err != nil {
		return err
	}
	for k := range sync {
		if k != "time" {
			// UNCONFIRMED wording (a named object lookup failure).
			return parseError("[data_frame_transform_config] failed to parse field [sync]: unknown sync type [%s]", k)
		}
	}
	var t map[string]json.RawMessage
	if err := decodeField("sync", "time", sync["time"], &t); err != nil {
		return err
	}
	const name = "data_frame_transform_time_sync_config"
	if err := unknownFields(name, t, "field", "delay"); err != nil {
		return err
	}
	if err := required(t, "field"); err != nil {
		return err
	}
	ts := &timeSync{delay: time.Minute, delayRaw: "60s"}
	if err := decodeField(name, "field", t["field"], &ts.field); err != nil {
		return err
	}
	if raw, ok := t["delay"]; ok {
		if err := decodeField(name, "delay", raw, &ts.delayRaw); err != nil {
			return err
		}
		d, err := parseTimeValue(ts.delayRaw, "delay")
		if err != nil {
			return err
		}
		ts.delay = d
	}
	c.sync = ts
	return nil
}

// validate collects what PutTransformAction.Request.validate refuses.
func (c *transformConfig) validate() []string {
	var errs []string
	switch {
	case c.destIndex == "":
		errs = append(errs, "dest.index must not be empty")
	case c.destIndex != strings.ToLower(c.destIndex):
		errs = append(errs, "Destination index ["+c.destIndex+"] must be lowercase")
	default:
		if err := validateIndexName(c.destIndex); err != nil {
			errs = append(errs, err.reason)
		}
	}
	if c.pivot != nil {
		errs = append(errs, c.pivot.validate()...)
	}
	if c.latest != nil {
		errs = append(errs, c.latest.validate()...)
	}
	if !validID.MatchString(c.id) {
		errs = append(errs, "Invalid id; '"+c.id+"' can contain lowercase alphanumeric (a-z and 0-9), hyphens or underscores; must start and end with alphanumeric")
	}
	if len(c.id) > 64 {
		errs = append(errs, "The id cannot contain more than 64 characters.")
	}
	if c.frequencyRaw != "" {
		switch {
		case c.frequency < time.Second:
			errs = append(errs, "minimum permitted [frequency] is [1s]")
		case c.frequency > time.Hour:
			errs = append(errs, "highest permitted [frequency] is [1h]")
		}
	}
	return errs
}
