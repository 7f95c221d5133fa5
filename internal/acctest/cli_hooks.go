package acctest

import (
	"time"
)

// Terraform reports, in the -json stream, when it starts and ends each
// change of a resource (apply_start, apply_complete, apply_errored) and
// each action it invokes (action_start, action_complete, action_errored),
// each line with its time. These read them back.

// Hook is one such line.
type Hook struct {
	// Index is the line's place among the messages.
	Index int
	// Time is the line's @timestamp.
	Time time.Time
	// Resource is the resource that changes, or that triggered the action.
	Resource string
	// Change is the resource's change ("create", "delete"…); empty for an
	// action.
	Change string
	// Event is the event that triggered an action ("AfterCreate",
	// "BeforeDestroy"…); empty for a resource.
	Event string
}

// Hooks returns the messages of one type ("apply_start", "action_complete"…)
// in order.
func (o CLIOutput) Hooks(typ string) []Hook {
	var hooks []Hook
	for i, m := range o.Messages {
		if m["type"] != typ {
			continue
		}
		h := Hook{Index: i}
		if s, ok := m["@timestamp"].(string); ok {
			h.Time, _ = time.Parse(time.RFC3339Nano, s)
		}
		hook, _ := m["hook"].(map[string]any)
		if lifecycle, ok := hook["lifecycle"].(map[string]any); ok {
			h.Resource = addrOf(lifecycle["resource"])
			h.Event, _ = lifecycle["trigger_event"].(string)
		} else {
			h.Resource = addrOf(hook["resource"])
			h.Change, _ = hook["action"].(string)
		}
		hooks = append(hooks, h)
	}
	return hooks
}

// HookFor is the first of hooks about resource with the given change or
// event, if any.
func HookFor(hooks []Hook, resource, changeOrEvent string) (Hook, bool) {
	for _, h := range hooks {
		if h.Resource == resource && (h.Change == changeOrEvent || h.Event == changeOrEvent) {
			return h, true
		}
	}
	return Hook{}, false
}

func addrOf(v any) string {
	m, _ := v.(map[string]any)
	s, _ := m["addr"].(string)
	return s
}
